package com.marketsync.fetcher.stockx;

import com.marketsync.fetcher.stockx.StockxResponses.Product;
import com.marketsync.fetcher.stockx.StockxResponses.ProductVariant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Finds the StockX product of a sku by searching and keeping only exact style-code matches, and remembers products
 * and their sizes in memory so repeated syncs cost one market-data call.
 */
@Component
class ProductResolver {

    private final StockxClient client;
    private final Map<String, ResolvedProduct> productsBySku = new ConcurrentHashMap<>();
    private final Map<String, Map<String, ProductVariant>> variantsByProduct = new ConcurrentHashMap<>();

    ProductResolver(StockxClient client) {
        this.client = client;
    }

    /** The product for a sku: the planner's known id first, then the cache, then a search. */
    Resolution resolve(String sku, String knownProductId) {
        ResolvedProduct cached = productsBySku.get(StyleCodes.normalise(sku));
        if (knownProductId != null && !knownProductId.isBlank()) {
            String styleId = cached != null && cached.productId().equals(knownProductId) ? cached.styleId() : null;
            return new Resolution.Found(new ResolvedProduct(knownProductId, styleId), false);
        }
        if (cached != null) {
            return new Resolution.Found(cached, false);
        }
        return search(sku);
    }

    /** Searches StockX for the sku, never accepting a fuzzy hit. */
    Resolution search(String sku) {
        List<Product> hits = client.search(sku);
        Map<String, Product> exact = hits.stream()
                .filter(hit -> hit.productId() != null && StyleCodes.matches(hit.styleId(), sku))
                .collect(Collectors.toMap(Product::productId, hit -> hit, (first, same) -> first, LinkedHashMap::new));
        if (exact.isEmpty()) {
            return new Resolution.NoMatch(
                    "no StockX product has style code " + sku + " (" + hits.size() + " search results, none exact)");
        }
        if (exact.size() > 1) {
            return new Resolution.Ambiguous(
                    exact.size() + " StockX products match style code " + sku + " exactly: " + exact.keySet());
        }
        Product product = exact.values().iterator().next();
        ResolvedProduct resolved = new ResolvedProduct(product.productId(), product.styleId());
        productsBySku.put(StyleCodes.normalise(sku), resolved);
        return new Resolution.Found(resolved, true);
    }

    /** Drops a product id StockX no longer knows, and its sizes. */
    void forget(String sku, String productId) {
        productsBySku.computeIfPresent(
                StyleCodes.normalise(sku), (key, cached) -> cached.productId().equals(productId) ? null : cached);
        variantsByProduct.remove(productId);
    }

    /** The remembered sizes of a product by variant id, or null. */
    Map<String, ProductVariant> cachedVariants(String productId) {
        return variantsByProduct.get(productId);
    }

    /** Fetches and remembers the sizes of a product, e.g. when market data names a size the cache does not know. */
    Map<String, ProductVariant> reloadVariants(String productId) {
        Map<String, ProductVariant> variants = client.variants(productId).stream()
                .filter(variant -> variant.variantId() != null)
                .collect(Collectors.toUnmodifiableMap(
                        ProductVariant::variantId, variant -> variant, (first, duplicate) -> first));
        variantsByProduct.put(productId, variants);
        return variants;
    }

    /** A StockX product id and the style id it carries (null when taken from the planner's mapping). */
    record ResolvedProduct(String productId, String styleId) {}

    /** The result of looking up a sku. */
    sealed interface Resolution {

        /** Exactly one product; {@code fresh} when it came from a search just now rather than memory. */
        record Found(ResolvedProduct product, boolean fresh) implements Resolution {}

        /** No search result matches exactly. */
        record NoMatch(String reason) implements Resolution {}

        /** Several different products match exactly. */
        record Ambiguous(String reason) implements Resolution {}
    }
}
