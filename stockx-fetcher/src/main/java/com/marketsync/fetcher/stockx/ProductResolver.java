package com.marketsync.fetcher.stockx;

import com.marketsync.fetcher.stockx.ProductMappingRepository.ProductMapping;
import com.marketsync.fetcher.stockx.StockxClient.Session;
import com.marketsync.fetcher.stockx.StockxResponses.Product;
import com.marketsync.fetcher.stockx.StockxResponses.ProductVariant;
import com.marketsync.fetcher.stockx.StockxResponses.Search;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Finds the StockX product of a sku by searching (up to a bounded number of pages) and keeping only exact style-code
 * matches; the mapping is stored for every replica, the product's sizes are kept in this replica's memory.
 */
@Component
class ProductResolver {

    private static final Logger log = LoggerFactory.getLogger(ProductResolver.class);

    private final StockxClient client;
    private final ProductMappingRepository mappings;
    private final StockxProperties properties;
    private final Clock clock;
    private final Map<String, Map<String, ProductVariant>> variantsByProduct = new ConcurrentHashMap<>();

    ProductResolver(StockxClient client, ProductMappingRepository mappings, StockxProperties properties, Clock clock) {
        this.client = client;
        this.mappings = mappings;
        this.properties = properties;
        this.clock = clock;
    }

    /** The product for a sku: the planner's known id first, then the stored mapping, then a search. */
    Resolution resolve(Session session, String sku, String knownProductId) {
        Optional<ProductMapping> stored = mappings.find(StyleCodes.key(sku));
        if (knownProductId != null && !knownProductId.isBlank()) {
            String styleId = stored.filter(mapping -> mapping.productId().equals(knownProductId))
                    .map(ProductMapping::styleId)
                    .orElse(null);
            return new Resolution.Found(new ProductMapping(knownProductId, styleId), false);
        }
        if (stored.isPresent()) {
            return new Resolution.Found(stored.get(), false);
        }
        return search(session, sku);
    }

    /**
     * Searches StockX for the sku, never accepting a fuzzy hit: reads pages until one holds an exact match, the last
     * page, or the configured page bound, each page one call. Several exact matches on that page are ambiguous.
     */
    Resolution search(Session session, String sku) {
        Map<String, Product> exact = new LinkedHashMap<>();
        int results = 0;
        int page = 0;
        boolean more = true;
        while (more && exact.isEmpty() && page < properties.searchMaxPages()) {
            page++;
            Search search = client.search(session, sku, page);
            results += search.products().size();
            search.products().stream()
                    .filter(hit -> hit.productId() != null && StyleCodes.matches(hit.styleId(), sku))
                    .forEach(hit -> exact.putIfAbsent(hit.productId(), hit));
            more = search.morePages();
        }
        if (exact.isEmpty()) {
            return new Resolution.NoMatch("no StockX product has style code " + sku + " (" + results
                    + " search results on " + page + (page == 1 ? " page" : " pages") + ", none exact"
                    + (more ? "; stopped at the page limit" : "") + ")");
        }
        if (exact.size() > 1) {
            return new Resolution.Ambiguous(exact.size() + " StockX products match style code " + sku + " exactly: "
                    + exact.values().stream()
                            .map(hit -> hit.productId() + " (" + hit.styleId() + ")")
                            .collect(Collectors.joining(", ")));
        }
        Product product = exact.values().iterator().next();
        ProductMapping mapping = new ProductMapping(product.productId(), product.styleId());
        mappings.save(StyleCodes.key(sku), mapping, clock.instant());
        return new Resolution.Found(mapping, true);
    }

    /** Drops a product id StockX no longer knows (or no longer sells) for this sku, and its sizes. */
    void forget(String sku, String productId) {
        if (mappings.invalidate(StyleCodes.key(sku), productId)) {
            log.info("Forgot the StockX mapping of sku {} to product {}", sku, productId);
        }
        variantsByProduct.remove(productId);
    }

    /** The remembered sizes of a product by variant id, or null. */
    Map<String, ProductVariant> cachedVariants(String productId) {
        return variantsByProduct.get(productId);
    }

    /**
     * Fetches and remembers the sizes of a product. A size without a variantId cannot be joined to any price, so it
     * is left out.
     */
    Map<String, ProductVariant> reloadVariants(Session session, String productId) {
        List<ProductVariant> listed = client.variants(session, productId);
        Map<String, ProductVariant> variants = listed.stream()
                .filter(variant ->
                        variant.variantId() != null && !variant.variantId().isBlank())
                .collect(Collectors.toUnmodifiableMap(
                        ProductVariant::variantId, variant -> variant, (first, duplicate) -> first));
        if (variants.size() < listed.size()) {
            log.warn(
                    "StockX lists {} sizes of product {} without a variantId; they are ignored",
                    listed.size() - variants.size(),
                    productId);
        }
        variantsByProduct.put(productId, variants);
        return variants;
    }

    /** The result of looking up a sku. */
    sealed interface Resolution {

        /** Exactly one product; {@code fresh} when it came from a search just now rather than a stored mapping. */
        record Found(ProductMapping product, boolean fresh) implements Resolution {}

        /** No search result matches exactly. */
        record NoMatch(String reason) implements Resolution {}

        /** Several different products match exactly. */
        record Ambiguous(String reason) implements Resolution {}
    }
}
