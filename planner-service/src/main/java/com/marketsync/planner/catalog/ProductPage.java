package com.marketsync.planner.catalog;

import com.marketsync.events.Provider;
import com.marketsync.events.Tier;
import java.time.Instant;
import java.util.List;

/**
 * One page of {@code GET /api/products}, ordered by sku.
 *
 * @param items the products of this page
 * @param page the page number, from 0
 * @param size the page size asked for
 * @param total how many products match the filters on all pages
 */
record ProductPage(List<Item> items, int page, int size, long total) {

    /**
     * A product in a list: its fields and a summary per provider.
     *
     * @param sku the style code
     * @param name the product's name
     * @param brand the product's brand
     * @param tier its freshness tier
     * @param stale whether any scheduled region of any provider is stale
     * @param createdAt when the product was added
     * @param updatedAt when its name, brand or tier last changed
     * @param providers one entry per configured provider
     */
    record Item(
            String sku,
            String name,
            String brand,
            Tier tier,
            boolean stale,
            Instant createdAt,
            Instant updatedAt,
            List<ProviderSummary> providers) {}

    /**
     * One provider's state of a listed product.
     *
     * @param provider the provider
     * @param status UNRESOLVED, VERIFIED or NOT_FOUND
     * @param archivedAt when the provider was archived for this product, or null
     * @param stale whether any scheduled region of this provider is stale
     */
    record ProviderSummary(Provider provider, String status, Instant archivedAt, boolean stale) {}
}
