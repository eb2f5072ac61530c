package com.marketsync.sim.alias;

import com.marketsync.sim.CatalogCsv;
import com.marketsync.sim.SizeRun;
import com.marketsync.sim.StyleCodes;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Alias's simulated catalogue: items keyed by slug {@code catalog_id}, with GOAT-style skus ({@code DD1391 100}) and a
 * keyword search that, like the real one, also returns related items.
 */
@Component
class AliasCatalog {

    static final String RESOURCE = "/alias/catalog.csv";

    private static final Logger log = LoggerFactory.getLogger(AliasCatalog.class);
    private static final Pattern AUDIENCE = Pattern.compile("(^|\\s)Wmns\\s|\\s(GS|Kids)$");
    private static final Comparator<Item> SEARCH_ORDER =
            Comparator.comparing(Item::name).thenComparing(Item::sku);

    private final List<Item> items;
    private final Map<String, Item> byCatalogId;

    AliasCatalog() {
        this(CatalogCsv.read(
                RESOURCE,
                8,
                f -> new Item(
                        f[0],
                        f[1],
                        f[2],
                        f[3],
                        f[4],
                        LocalDate.parse(f[5]),
                        Long.parseLong(f[6]),
                        f[7],
                        SizeRun.forGender(f[4]))));
    }

    AliasCatalog(List<Item> items) {
        this.items = List.copyOf(items);
        this.byCatalogId = items.stream().collect(Collectors.toMap(Item::catalogId, Function.identity(), (a, b) -> {
            throw new IllegalStateException("duplicate catalog_id " + a.catalogId());
        }));
        log.info("Alias catalog loaded with {} items", items.size());
    }

    /** One catalogue item. */
    record Item(
            String catalogId,
            String sku,
            String name,
            String brand,
            String gender,
            LocalDate releaseDate,
            long retailPriceCents,
            String colorway,
            SizeRun sizeRun) {

        /** The sku in comparison form, {@code DD1391100}. */
        String code() {
            return StyleCodes.normalise(sku);
        }

        /** The sku as StockX and eBay sellers write it, {@code DD1391-100}. */
        String styleCode() {
            return sku.replace(' ', '-');
        }

        int retailUsd() {
            return (int) (retailPriceCents / 100);
        }

        /** The name without the audience marks, shared by a shoe's men's, women's and GS versions. */
        String family() {
            return AUDIENCE.matcher(name).replaceAll(" ").trim();
        }

        boolean matchesAllWords(List<String> words) {
            if (words.isEmpty()) {
                return false;
            }
            List<String> haystack = new ArrayList<>();
            for (String w : (name + " " + sku).split("\\s+")) {
                haystack.add(StyleCodes.normalise(w).toLowerCase(Locale.ROOT));
            }
            haystack.add(code().toLowerCase(Locale.ROOT));
            return words.stream().allMatch(w -> haystack.stream().anyMatch(h -> h.startsWith(w)));
        }
    }

    List<Item> all() {
        return items;
    }

    Optional<Item> item(String catalogId) {
        return Optional.ofNullable(byCatalogId.get(catalogId));
    }

    /**
     * Keyword search as Alias answers it: sku hits plus the other colourways of the model, the women's/GS versions of a
     * hit and items matching every word, ordered by name rather than relevance.
     */
    List<Item> search(String query) {
        String code = StyleCodes.normalise(query);
        if (code.isEmpty()) {
            return List.of();
        }
        List<String> words = Arrays.stream(query.trim().split("\\s+"))
                .map(w -> StyleCodes.normalise(w).toLowerCase(Locale.ROOT))
                .filter(w -> !w.isEmpty())
                .toList();
        Set<String> exactFamilies = new HashSet<>();
        for (Item item : items) {
            if (item.code().equals(code)) {
                exactFamilies.add(item.family());
            }
        }
        Optional<String> prefix = StyleCodes.modelPrefix(code);
        return items.stream()
                .filter(item -> item.code().equals(code)
                        || exactFamilies.contains(item.family())
                        || prefix.isPresent() && prefix.equals(StyleCodes.modelPrefix(item.code()))
                        || item.matchesAllWords(words))
                .sorted(SEARCH_ORDER)
                .toList();
    }
}
