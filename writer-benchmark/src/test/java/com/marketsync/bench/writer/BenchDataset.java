package com.marketsync.bench.writer;

import com.marketsync.events.Fulfilment;
import com.marketsync.events.PackagingCondition;
import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.ProductCondition;
import com.marketsync.events.Provider;
import com.marketsync.events.SizeSystem;
import com.marketsync.events.Variant;
import com.marketsync.schemas.EventSerde;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The benchmark's price snapshots: a fixed set of variant keys (provider, sku, variant, region), each observed
 * repeatedly, as fetchers would publish them. Every sku has 20 keys (10 US men's sizes × regions US and GB, all in
 * USD) and one provider; a sku's keys share each observation instant, as one fetch prices all its sizes. Prices move
 * on about 30 % of the observations and are re-confirmed otherwise; the values are deterministic for a seed.
 */
final class BenchDataset {

    static final int KEYS_PER_SKU = 20;
    private static final List<String> SIZES = List.of("7", "7.5", "8", "8.5", "9", "9.5", "10", "10.5", "11", "12");
    private static final List<String> REGIONS = List.of("US", "GB");
    private static final Duration ROUND = Duration.ofHours(6);
    private static final double PRICE_MOVES = 0.3;

    static {
        // Builders deep-copy nested records and enums, which Avro allows only for trusted classes.
        EventSerde.trustEventClasses();
    }

    private final int keys;
    private final SplittableRandom random;
    private final Prices[] prices;

    BenchDataset(int keys, long seed) {
        if (keys <= 0) {
            throw new IllegalArgumentException("keys must be positive, was " + keys);
        }
        this.keys = keys;
        this.random = new SplittableRandom(seed);
        this.prices = new Prices[keys];
        for (int key = 0; key < keys; key++) {
            prices[key] = Prices.initial(random);
        }
    }

    int keys() {
        return keys;
    }

    /**
     * {@code observations} rounds over all keys, round after round (the order a topic receives them in): round r of
     * sku s is observed at {@code firstRound + r × 6 h + s × 100 ms}, so observations of one key increase.
     */
    List<PriceSnapshot> rounds(int observations, Instant firstRound) {
        List<PriceSnapshot> snapshots = new ArrayList<>(keys * observations);
        for (int round = 0; round < observations; round++) {
            Instant roundStart = firstRound.plus(ROUND.multipliedBy(round));
            for (int key = 0; key < keys; key++) {
                snapshots.add(next(key, roundStart.plusMillis(100L * sku(key))));
            }
        }
        return snapshots;
    }

    /** The next observation of a key: its prices move or stay as they would between two fetches. */
    PriceSnapshot next(int key, Instant observedAt) {
        Prices current = prices[key].next(random);
        prices[key] = current;
        return snapshot(key, observedAt, current);
    }

    /** How long the data set of {@link #rounds} spans from its first observation. */
    static Duration span(int observations) {
        return ROUND.multipliedBy(Math.max(0, observations - 1)).plusMinutes(30);
    }

    private static int sku(int key) {
        return key / KEYS_PER_SKU;
    }

    private static PriceSnapshot snapshot(int key, Instant observedAt, Prices current) {
        int sku = sku(key);
        Provider provider = Provider.values()[sku % Provider.values().length];
        String skuCode = String.format("BM%04d-%03d", sku / 1000 + 1000, sku % 1000);
        String size = SIZES.get((key % KEYS_PER_SKU) / REGIONS.size());
        String region = REGIONS.get(key % REGIONS.size());
        String providerVariantId = UUID.nameUUIDFromBytes((provider + skuCode + size).getBytes(StandardCharsets.UTF_8))
                .toString();
        String variantKey = provider.name().toLowerCase(Locale.ROOT) + ":" + providerVariantId;
        boolean stockx = provider == Provider.STOCKX;
        return PriceSnapshot.newBuilder()
                .setSnapshotId(String.join("|", provider.name(), skuCode, variantKey, region, observedAt.toString()))
                .setRequestId("req-" + skuCode + "-" + observedAt.toEpochMilli())
                .setProvider(provider)
                .setSku(skuCode)
                .setProviderProductId("prod-" + skuCode)
                .setStyleCodeRaw(skuCode)
                .setVariant(Variant.newBuilder()
                        .setVariantKey(variantKey)
                        .setProviderVariantId(providerVariantId)
                        .setSize(size)
                        .setSizeSystem(SizeSystem.US_M)
                        .setUsSize(size)
                        .setCondition(ProductCondition.NEW)
                        .setPackaging(stockx ? PackagingCondition.UNKNOWN : PackagingCondition.GOOD)
                        .setFulfilment(Fulfilment.STANDARD)
                        .build())
                .setRegion(region)
                .setCurrency("USD")
                .setLowestAsk(current.lowestAsk())
                .setHighestBid(current.highestBid())
                // StockX supplies no sales data; the others do
                .setLastSale(stockx ? null : current.lastSale())
                .setLastSaleAt(stockx ? null : observedAt.minus(Duration.ofMinutes(37)))
                .setFlexLowestAsk(stockx ? current.percentOfAsk(98) : null)
                .setDirectLowestAsk(null)
                .setSuggestedSellFaster(stockx ? current.percentOfAsk(97) : null)
                .setSuggestedEarnMore(stockx ? current.percentOfAsk(104) : null)
                .setSuggestedBeatUs(null)
                .setGlobalIndicatorPrice(provider == Provider.ALIAS ? current.percentOfAsk(101) : null)
                .setSalesCount(stockx ? null : current.sales())
                .setSalesWindowStart(stockx ? null : observedAt.minus(Duration.ofDays(30)))
                .setSalesWindowEnd(stockx ? null : observedAt)
                .setListingCount(provider == Provider.EBAY ? current.sales() / 3 + 1 : null)
                .setObservedAt(observedAt)
                .setFetchedAt(observedAt)
                .setWarnings(stockx ? List.of("STOCKX_NO_LAST_SALE") : List.of())
                .build();
    }

    /** One key's current prices, in cents. */
    private record Prices(long askCents, long bidCents, long lastSaleCents, int sales) {

        static Prices initial(SplittableRandom random) {
            long ask = random.nextLong(8_000, 40_000);
            return new Prices(ask, ask * random.nextInt(80, 95) / 100, ask * random.nextInt(90, 101) / 100, 20);
        }

        Prices next(SplittableRandom random) {
            if (random.nextDouble() >= PRICE_MOVES) {
                return this;
            }
            long ask = Math.max(1_000, askCents + askCents * random.nextInt(-5, 6) / 100);
            return new Prices(ask, ask * random.nextInt(80, 95) / 100, lastSaleCents, sales + 1);
        }

        BigDecimal lowestAsk() {
            return BigDecimal.valueOf(askCents, 2);
        }

        BigDecimal highestBid() {
            return BigDecimal.valueOf(bidCents, 2);
        }

        BigDecimal lastSale() {
            return BigDecimal.valueOf(lastSaleCents, 2);
        }

        BigDecimal percentOfAsk(int percent) {
            return BigDecimal.valueOf(askCents * percent, 4).setScale(2, RoundingMode.HALF_UP);
        }
    }
}
