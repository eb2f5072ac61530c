package com.marketsync.writer.api;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The latest price of one provider × variant × region; amounts are exact decimals written as JSON numbers, null
 * when the provider does not supply them, and {@code ageSeconds} is how long ago the prices were last confirmed.
 */
record CurrentPriceView(
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
        BigDecimal lowestAsk,
        BigDecimal highestBid,
        BigDecimal lastSale,
        Instant lastSaleAt,
        BigDecimal flexLowestAsk,
        BigDecimal directLowestAsk,
        BigDecimal suggestedSellFaster,
        BigDecimal suggestedEarnMore,
        BigDecimal suggestedBeatUs,
        BigDecimal globalIndicatorPrice,
        Integer salesCount,
        Integer listingCount,
        String snapshotId,
        Instant observedAt,
        Instant verifiedAt,
        Instant changedAt,
        long ageSeconds) {}
