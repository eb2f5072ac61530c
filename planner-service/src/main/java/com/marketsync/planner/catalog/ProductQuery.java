package com.marketsync.planner.catalog;

import com.marketsync.events.Provider;
import com.marketsync.events.Tier;

/**
 * What {@code GET /api/products} asks for; every filter is optional (null).
 *
 * @param tier only products of this tier
 * @param provider only products this provider covers: it has schedule rows for them and has not archived them
 * @param stale true: only products with a scheduled region (of the provider, if given) whose last success is missing
 *     or older than the tier's freshness target; false: only products with no such region
 * @param page page number, from 0
 * @param size products per page, 1 to {@link #MAX_SIZE}
 */
record ProductQuery(Tier tier, Provider provider, Boolean stale, int page, int size) {

    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 500;
}
