package com.marketsync.faults;

import com.marketsync.events.Fulfilment;
import com.marketsync.events.PackagingCondition;
import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.ProductCondition;
import com.marketsync.events.Provider;
import com.marketsync.events.SizeSystem;
import com.marketsync.events.Variant;
import com.marketsync.faults.SnapshotKey.Observation;
import com.marketsync.schemas.EventSerde;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A reproducible stream of price snapshots (keys × observations, in a seeded random order) together with its oracle:
 * what the writer must have stored once it consumed all of it. A quarter of the keys re-confirm the same prices at
 * every observation, the others change them at every observation, every second one, or go back and forth.
 */
final class SnapshotStream {

    /** Sizes of a product; one key per size, all of a product on one Kafka partition (snapshots are keyed by sku). */
    private static final int SIZES = 10;

    private static final String[][] REGIONS = {{"US", "USD"}, {"GB", "GBP"}, {"DE", "EUR"}};
    private static final Duration BETWEEN_OBSERVATIONS = Duration.ofMinutes(10);

    static {
        // builders deep-copy nested records and enums, which Avro allows only for trusted classes
        EventSerde.trustEventClasses();
    }

    /** How a key's prices move from one observation to the next. */
    enum PriceMoves {
        STEADY,
        EVERY_OBSERVATION,
        EVERY_SECOND_OBSERVATION,
        BACK_AND_FORTH;

        int level(int observation) {
            return switch (this) {
                case STEADY -> 0;
                case EVERY_OBSERVATION -> observation;
                case EVERY_SECOND_OBSERVATION -> observation / 2;
                case BACK_AND_FORTH -> (observation / 3) % 2;
            };
        }
    }

    private final List<PriceSnapshot> snapshots;
    private final long lateArrivals;

    private SnapshotStream(List<PriceSnapshot> snapshots) {
        this.snapshots = List.copyOf(snapshots);
        this.lateArrivals = countLateArrivals(snapshots);
    }

    /**
     * Generates {@code keys × observations} snapshots, observed every 10 minutes from {@code firstObservation}. Each
     * key's observations arrive in order, randomly interleaved with other keys', except a {@code lateShare} of all
     * snapshots, each of which arrives after a newer observation of its key.
     */
    static SnapshotStream generate(int keys, int observations, double lateShare, long seed, Instant firstObservation) {
        Random random = new Random(seed);
        int total = keys * observations;
        int[] keyAt = new int[total];
        for (int slot = 0; slot < total; slot++) {
            keyAt[slot] = slot % keys;
        }
        shuffle(keyAt, random);

        // positions[k][i]: where observation i of key k arrives when nothing is late
        int[][] positions = new int[keys][observations];
        int[] next = new int[keys];
        for (int slot = 0; slot < total; slot++) {
            int key = keyAt[slot];
            positions[key][next[key]++] = slot;
        }

        List<int[]> eligible = new ArrayList<>();
        for (int key = 0; key < keys; key++) {
            for (int observation = 0; observation < observations - 1; observation++) {
                eligible.add(new int[] {key, observation});
            }
        }
        Collections.shuffle(eligible, random);
        int lateCount = (int) Math.round(total * lateShare);
        if (lateCount > eligible.size()) {
            throw new IllegalArgumentException("At most every observation but the newest of a key can arrive late");
        }
        boolean[][] late = new boolean[keys][observations];
        eligible.subList(0, lateCount).forEach(pick -> late[pick[0]][pick[1]] = true);

        List<Arrival> arrivals = new ArrayList<>(total);
        for (int key = 0; key < keys; key++) {
            for (int observation = 0; observation < observations; observation++) {
                double at = positions[key][observation];
                if (late[key][observation]) {
                    // after a newer observation that itself stays on time (the newest always does)
                    List<Integer> onTime = new ArrayList<>();
                    for (int newer = observation + 1; newer < observations; newer++) {
                        if (!late[key][newer]) {
                            onTime.add(positions[key][newer]);
                        }
                    }
                    int after = onTime.get(random.nextInt(onTime.size()));
                    at = after + 0.5 + random.nextDouble() * (total - after);
                }
                arrivals.add(new Arrival(at, snapshot(key, observation, firstObservation)));
            }
        }
        arrivals.sort(Comparator.comparingDouble(Arrival::at));
        return new SnapshotStream(arrivals.stream().map(Arrival::snapshot).toList());
    }

    /** The snapshots in the order they are produced. */
    List<PriceSnapshot> snapshots() {
        return snapshots;
    }

    int size() {
        return snapshots.size();
    }

    /** The snapshots from index {@code from} (inclusive) to {@code to} (exclusive) of the produced order. */
    List<PriceSnapshot> slice(int from, int to) {
        return snapshots.subList(from, to);
    }

    /** How many snapshots arrive after a newer observation of their key. */
    long lateArrivals() {
        return lateArrivals;
    }

    /** Every history row the stream must leave. */
    Set<Observation> observations() {
        return snapshots.stream().map(Observation::of).collect(Collectors.toSet());
    }

    /** The oracle of latest prices: the newest observation of each key, whatever order they arrived in. */
    Map<SnapshotKey, PriceSnapshot> newestPerKey() {
        Map<SnapshotKey, PriceSnapshot> newest = new HashMap<>();
        for (PriceSnapshot snapshot : snapshots) {
            newest.merge(
                    SnapshotKey.of(snapshot),
                    snapshot,
                    (kept, candidate) -> candidate.getObservedAt().isAfter(kept.getObservedAt()) ? candidate : kept);
        }
        return newest;
    }

    /** Keys observed with more than one set of prices. */
    Set<SnapshotKey> keysWithPriceChanges() {
        Map<SnapshotKey, Set<List<Object>>> seen = new HashMap<>();
        for (PriceSnapshot snapshot : snapshots) {
            seen.computeIfAbsent(SnapshotKey.of(snapshot), key -> new HashSet<>())
                    .add(LatestPrices.comparedValues(snapshot));
        }
        return seen.entrySet().stream()
                .filter(entry -> entry.getValue().size() > 1)
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    /**
     * When each key's current prices were first observed: the oldest observation of the newest run of observations
     * (in observation order) with the newest observation's prices, the instant latest_prices.changed_at describes.
     */
    Map<SnapshotKey, Instant> currentPricesSince() {
        Map<SnapshotKey, List<PriceSnapshot>> byKey =
                snapshots.stream().collect(Collectors.groupingBy(SnapshotKey::of));
        Map<SnapshotKey, Instant> since = new HashMap<>();
        byKey.forEach((key, observations) -> {
            List<PriceSnapshot> newestFirst = observations.stream()
                    .sorted(Comparator.comparing(PriceSnapshot::getObservedAt).reversed())
                    .toList();
            List<Object> current = LatestPrices.comparedValues(newestFirst.getFirst());
            Instant first = newestFirst.getFirst().getObservedAt();
            for (PriceSnapshot older : newestFirst) {
                if (!LatestPrices.comparedValues(older).equals(current)) {
                    break;
                }
                first = older.getObservedAt();
            }
            since.put(key, first);
        });
        return since;
    }

    private static PriceSnapshot snapshot(int key, int observation, Instant firstObservation) {
        int product = key / SIZES;
        Provider provider = Provider.values()[product % Provider.values().length];
        String[] region = REGIONS[(product / Provider.values().length) % REGIONS.length];
        String sku = "FX-%05d".formatted(product);
        String size = BigDecimal.valueOf(70 + (key % SIZES) * 5, 1).toPlainString();
        String variantKey = "US_M:" + size + ":NEW:GOOD:STANDARD";
        Instant observedAt = firstObservation
                .plus(BETWEEN_OBSERVATIONS.multipliedBy(observation))
                .plusSeconds(key % 600);
        PriceMoves moves = PriceMoves.values()[key % PriceMoves.values().length];
        long ask = 10_050 + (key % 997) * 100L + moves.level(observation) * 725L;
        return PriceSnapshot.newBuilder()
                .setSnapshotId(String.join("|", provider.name(), sku, variantKey, region[0], observedAt.toString()))
                .setRequestId("req-" + key + "-" + observation)
                .setProvider(provider)
                .setSku(sku)
                .setProviderProductId("prod-" + product)
                .setStyleCodeRaw(sku)
                .setVariant(Variant.newBuilder()
                        .setVariantKey(variantKey)
                        .setProviderVariantId("pv-" + key)
                        .setSize(size)
                        .setSizeSystem(SizeSystem.US_M)
                        .setUsSize(size)
                        .setCondition(ProductCondition.NEW)
                        .setPackaging(PackagingCondition.GOOD)
                        .setFulfilment(Fulfilment.STANDARD)
                        .build())
                .setRegion(region[0])
                .setCurrency(region[1])
                .setLowestAsk(cents(ask))
                .setHighestBid(key % 7 == 0 ? null : cents(ask - 1_500))
                .setLastSale(cents(ask - 500))
                .setLastSaleAt(observedAt.minusSeconds(3_600))
                .setFlexLowestAsk(key % 5 == 0 ? null : cents(ask + 300))
                .setDirectLowestAsk(key % 4 == 1 ? cents(ask - 100) : null)
                .setSuggestedSellFaster(cents(ask - 200))
                .setSuggestedEarnMore(cents(ask + 800))
                .setSuggestedBeatUs(key % 3 == 0 ? cents(ask - 1) : null)
                .setGlobalIndicatorPrice(cents(ask + 1_234))
                .setSalesCount(10 + observation)
                .setSalesWindowStart(observedAt.minus(Duration.ofDays(3)))
                .setSalesWindowEnd(observedAt)
                .setListingCount(5 + key % 40 + observation)
                .setObservedAt(observedAt)
                .setFetchedAt(observedAt.plusMillis(250))
                .setWarnings(observation % 5 == 4 ? List.of("stale \"cache\"") : List.of())
                .build();
    }

    private static BigDecimal cents(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    private static void shuffle(int[] values, Random random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }

    private static long countLateArrivals(List<PriceSnapshot> inOrder) {
        Map<SnapshotKey, Instant> newestSoFar = new HashMap<>();
        long late = 0;
        for (PriceSnapshot snapshot : inOrder) {
            Instant before = newestSoFar.merge(
                    SnapshotKey.of(snapshot), snapshot.getObservedAt(), (a, b) -> a.isAfter(b) ? a : b);
            if (before.isAfter(snapshot.getObservedAt())) {
                late++;
            }
        }
        return late;
    }

    private record Arrival(double at, PriceSnapshot snapshot) {}
}
