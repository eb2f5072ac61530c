package com.marketsync.writer.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** One stored snapshot of a variant's prices; amounts are exact decimals written as JSON numbers or null. */
record HistoricPriceView(
        String snapshotId,
        String requestId,
        String provider,
        String providerProductId,
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
        Instant salesWindowStart,
        Instant salesWindowEnd,
        Integer listingCount,
        Instant observedAt,
        Instant fetchedAt,
        List<String> warnings) {}
