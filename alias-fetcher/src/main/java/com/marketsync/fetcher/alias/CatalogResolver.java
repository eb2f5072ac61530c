package com.marketsync.fetcher.alias;

import com.marketsync.fetcher.alias.AliasResponses.CatalogItem;
import com.marketsync.fetcher.alias.AliasResponses.SearchPage;
import com.marketsync.fetcher.core.ProviderCalls;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Finds the Alias catalog item of a sku by searching and keeping only exact style-code matches, and remembers the
 * mapping in a small in-memory cache so repeated syncs cost one availabilities call.
 *
 * <p>Alias writes {@code DD1391 100} where our catalog has {@code DD1391-100}, so codes are compared as uppercase
 * alphanumerics only. Search is fuzzy: a hit counts only if its code is exactly the sku, never the first hit, never a
 * model-only code such as {@code DD1391}.
 */
@Component
class CatalogResolver {

    private static final Pattern NON_ALPHANUMERIC = Pattern.compile("[^A-Z0-9]");
    private static final Pattern SEPARATORS = Pattern.compile("[^A-Za-z0-9]+");

    private final AliasClient client;
    private final int maxPages;
    private final Map<String, CatalogItem> itemsBySku;

    CatalogResolver(AliasClient client, AliasProperties properties) {
        this.client = client;
        this.maxPages = properties.searchMaxPages();
        int capacity = properties.catalogCacheSize();
        // Least recently used mappings go first; a forgotten one only costs a search.
        this.itemsBySku = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CatalogItem> eldest) {
                return size() > capacity;
            }
        });
    }

    /** Uppercase with every non-alphanumeric character removed: {@code dd1391-100} → {@code DD1391100}. */
    static String normalise(String code) {
        return code == null
                ? ""
                : NON_ALPHANUMERIC.matcher(code.toUpperCase(Locale.ROOT)).replaceAll("");
    }

    /** The search term in Alias's own spelling: separators become single spaces, {@code DD1391-100} → {@code DD1391 100}. */
    static String searchTerm(String sku) {
        return SEPARATORS.matcher(sku).replaceAll(" ").trim();
    }

    /** The catalog item remembered for a sku, or null. */
    CatalogItem remembered(String sku) {
        return itemsBySku.get(normalise(sku));
    }

    /** Drops a catalog id Alias no longer knows; a mapping another request already replaced is left alone. */
    void forget(String sku, String catalogId) {
        itemsBySku.computeIfPresent(
                normalise(sku), (key, cached) -> cached.catalogId().equals(catalogId) ? null : cached);
    }

    /**
     * Searches Alias for the sku, reading further pages (at most {@code market.alias.search-max-pages}) only while no
     * page had an exact match; spends one token per page through the client.
     */
    Resolution search(String sku, ProviderCalls calls) {
        String wanted = normalise(sku);
        String query = searchTerm(sku);
        String token = null;
        int hits = 0;
        for (int page = 1; page <= maxPages; page++) {
            SearchPage result = client.search(query, token, calls);
            hits += result.catalogItems().size();
            Map<String, CatalogItem> exact = new LinkedHashMap<>();
            for (CatalogItem item : result.catalogItems()) {
                if (item.catalogId() != null && !item.catalogId().isBlank() && wanted.equals(normalise(item.sku()))) {
                    exact.putIfAbsent(item.catalogId(), item);
                }
            }
            if (exact.size() == 1) {
                CatalogItem item = exact.values().iterator().next();
                itemsBySku.put(wanted, item);
                return new Resolution.Found(item);
            }
            if (exact.size() > 1) {
                return new Resolution.Ambiguous(
                        exact.size() + " Alias catalog items match sku " + sku + " exactly: " + exact.keySet());
            }
            token = result.nextPaginationToken();
            if (!Boolean.TRUE.equals(result.hasMore()) || token == null || token.isBlank()) {
                return new Resolution.NoMatch("no Alias catalog item has sku " + sku + " (" + hits
                        + " search results in " + page + " page(s), none exact)");
            }
        }
        return new Resolution.NoMatch("no Alias catalog item has sku " + sku + " in the first " + maxPages
                + " search pages (" + hits + " results, none exact; more pages not read)");
    }

    /** The result of looking up a sku. */
    sealed interface Resolution {

        /** Exactly one catalog item matches. */
        record Found(CatalogItem item) implements Resolution {}

        /** No search result matches exactly. */
        record NoMatch(String reason) implements Resolution {}

        /** Several different catalog items match exactly. */
        record Ambiguous(String reason) implements Resolution {}
    }
}
