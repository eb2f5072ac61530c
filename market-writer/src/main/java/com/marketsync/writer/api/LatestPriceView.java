package com.marketsync.writer.api;

import java.time.Instant;

/**
 * One latest price row as the REST API shows it; amounts are decimal strings (e.g. {@code "180.00"}) so no client
 * parses money as a binary float.
 */
record LatestPriceView(
        String sku,
        String provider,
        String region,
        String variantKey,
        String providerVariantId,
        String size,
        String sizeSystem,
        String usSize,
        String condition,
        String packaging,
        String fulfilment,
        String currency,
        String lowestAsk,
        String highestBid,
        String lastSale,
        Instant lastSaleAt,
        String flexLowestAsk,
        String directLowestAsk,
        String suggestedSellFaster,
        String suggestedEarnMore,
        String suggestedBeatUs,
        String globalIndicatorPrice,
        Integer salesCount,
        Integer listingCount,
        String snapshotId,
        Instant observedAt,
        Instant verifiedAt,
        Instant changedAt,
        Instant updatedAt) {}
