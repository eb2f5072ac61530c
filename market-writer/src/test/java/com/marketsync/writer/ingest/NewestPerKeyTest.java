package com.marketsync.writer.ingest;

import static com.marketsync.writer.TestSnapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.Provider;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checks that a batch compacts to the newest snapshot per latest-price key. */
class NewestPerKeyTest {

    private static final Instant T1 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant T2 = T1.plusSeconds(60);
    private static final Instant T3 = T1.plusSeconds(120);

    @Test
    void keepsTheNewestSnapshotOfEachKeyWhateverTheBatchOrder() {
        PriceSnapshot newest = snapshot("SKU-1", "v1", T3);
        List<PriceSnapshot> batch = List.of(newest, snapshot("SKU-1", "v1", T1), snapshot("SKU-1", "v1", T2));

        assertThat(NewestPerKey.of(batch)).containsExactly(newest);
    }

    @Test
    void keepsOneSnapshotPerProviderSkuVariantAndRegion() {
        PriceSnapshot base = snapshot("SKU-1", "v1", T1);
        PriceSnapshot otherVariant = snapshot("SKU-1", "v2", T1);
        PriceSnapshot otherRegion = snapshot("SKU-1", "v1", T1, b -> b.setRegion("GB"));
        PriceSnapshot otherProvider = snapshot("SKU-1", "v1", T1, b -> b.setProvider(Provider.ALIAS));
        PriceSnapshot otherSku = snapshot("SKU-2", "v1", T1);

        List<PriceSnapshot> compacted =
                NewestPerKey.of(List.of(base, otherVariant, otherRegion, otherProvider, otherSku, base));

        assertThat(compacted).containsExactlyInAnyOrder(base, otherVariant, otherRegion, otherProvider, otherSku);
    }

    @Test
    void laterRecordWinsWhenObservedAtIsEqual() {
        PriceSnapshot first = snapshot("SKU-1", "v1", T1, b -> b.setSnapshotId("a"));
        PriceSnapshot second = snapshot("SKU-1", "v1", T1, b -> b.setSnapshotId("b"));

        assertThat(NewestPerKey.of(List.of(first, second))).containsExactly(second);
    }

    @Test
    void ordersResultByKeySoWritersLockRowsInOneOrder() {
        PriceSnapshot b = snapshot("SKU-B", "v1", T1);
        PriceSnapshot a2 = snapshot("SKU-A", "v2", T1);
        PriceSnapshot a1 = snapshot("SKU-A", "v1", T1);

        assertThat(NewestPerKey.of(List.of(b, a2, a1))).containsExactly(a1, a2, b);
    }

    @Test
    void emptyBatchCompactsToNothing() {
        assertThat(NewestPerKey.of(List.of())).isEmpty();
    }
}
