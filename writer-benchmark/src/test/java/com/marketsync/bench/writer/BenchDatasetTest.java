package com.marketsync.bench.writer;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.events.PriceSnapshot;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BenchDatasetTest {

    private static final Instant FIRST = Instant.parse("2026-11-27T00:00:00Z");

    @Test
    void observesEveryKeyOncePerRoundWithIncreasingObservationsAndDeterministicIds() {
        List<PriceSnapshot> snapshots = new BenchDataset(60, 7).rounds(4, FIRST);

        assertThat(snapshots).hasSize(240);
        Set<String> keys = snapshots.stream().map(BenchDatasetTest::key).collect(Collectors.toSet());
        assertThat(keys).hasSize(60);
        assertThat(snapshots.stream().map(PriceSnapshot::getSnapshotId).distinct())
                .hasSize(240);
        Map<String, Instant> last = new HashMap<>();
        for (PriceSnapshot snapshot : snapshots) {
            Instant previous = last.put(key(snapshot), snapshot.getObservedAt());
            if (previous != null) {
                assertThat(snapshot.getObservedAt()).isAfter(previous);
            }
            assertThat(snapshot.getSnapshotId())
                    .isEqualTo(String.join(
                            "|",
                            snapshot.getProvider().name(),
                            snapshot.getSku(),
                            snapshot.getVariant().getVariantKey(),
                            snapshot.getRegion(),
                            snapshot.getObservedAt().toString()));
            assertThat(snapshot.getCurrency()).isEqualTo("USD");
            assertThat(snapshot.getLowestAsk().scale()).isEqualTo(2);
        }
        assertThat(snapshots.getLast().getObservedAt()).isBefore(FIRST.plus(BenchDataset.span(4)));
    }

    @Test
    void theSameSeedGivesTheSamePrices() {
        List<PriceSnapshot> once = new BenchDataset(40, 11).rounds(3, FIRST);
        List<PriceSnapshot> again = new BenchDataset(40, 11).rounds(3, FIRST);

        assertThat(again).isEqualTo(once);
    }

    private static String key(PriceSnapshot snapshot) {
        return snapshot.getProvider() + "|" + snapshot.getSku() + "|"
                + snapshot.getVariant().getVariantKey() + "|" + snapshot.getRegion();
    }
}
