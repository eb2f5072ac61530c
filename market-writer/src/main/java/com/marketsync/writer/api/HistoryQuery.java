package com.marketsync.writer.api;

import java.time.Instant;

/**
 * A validated history request: rows of {@code sku} observed in {@code [from, to)}, narrowed by the non-null filters,
 * strictly after {@code after} in newest-first order (null for the first page), at most {@code limit} of them.
 */
record HistoryQuery(
        String sku,
        String provider,
        String region,
        String size,
        Instant from,
        Instant to,
        int limit,
        HistoryCursor after) {}
