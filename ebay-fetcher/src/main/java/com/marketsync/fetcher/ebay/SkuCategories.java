package com.marketsync.fetcher.ebay;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers, per sku, the eBay category whose listings hold it in their own sizing, so the sku's next sync searches
 * that category first; kept in memory, least recently used skus forgotten first.
 */
final class SkuCategories {

    // A few hundred kilobytes; a forgotten sku only costs its categories searched once more.
    private static final int CAPACITY = 10_000;

    private final Map<String, String> bySku = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CAPACITY;
        }
    });

    /** The category the sku was last found in, or null. */
    String of(String sku) {
        return bySku.get(ListingTitles.normalise(sku));
    }

    /** Records where the sku was found just now; null (found nowhere) forgets it. */
    void found(String sku, String categoryId) {
        if (categoryId == null) {
            bySku.remove(ListingTitles.normalise(sku));
        } else {
            bySku.put(ListingTitles.normalise(sku), categoryId);
        }
    }
}
