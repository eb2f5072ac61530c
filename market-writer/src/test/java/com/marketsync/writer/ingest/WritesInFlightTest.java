package com.marketsync.writer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marketsync.writer.ingest.NewestPerKey.Key;
import com.marketsync.writer.ingest.WritesInFlight.Write;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class WritesInFlightTest {

    private static final Key A = new Key("STOCKX", "SKU-A", "v1", "US");
    private static final Key B = new Key("STOCKX", "SKU-B", "v1", "US");
    private static final Key C = new Key("STOCKX", "SKU-C", "v1", "US");
    private static final Key D = new Key("STOCKX", "SKU-D", "v1", "US");

    @Test
    void aBatchOfOtherKeysGoesBesideTheWritesInFlightUpToTheLimit() {
        WritesInFlight writes = new WritesInFlight(3);
        assertThat(writes.toFinishBefore(Set.of(A))).isZero();
        writes.add(write(A));
        assertThat(writes.toFinishBefore(Set.of(B))).isZero();
        writes.add(write(B));
        assertThat(writes.toFinishBefore(Set.of(C))).isZero();
        writes.add(write(C));

        assertThat(writes.toFinishBefore(Set.of(D)))
                .as("beyond the limit: the oldest first")
                .isEqualTo(1);
    }

    @Test
    void aBatchHoldingAKeyOfAWriteInFlightWaitsForItAndEveryWriteBeforeIt() {
        WritesInFlight writes = new WritesInFlight(3);
        writes.add(write(A));
        writes.add(write(B, C));

        assertThat(writes.toFinishBefore(Set.of(A, D))).isEqualTo(1);
        assertThat(writes.toFinishBefore(Set.of(C))).isEqualTo(2);
        assertThat(writes.toFinishBefore(Set.of(D))).isZero();
    }

    @Test
    void withALimitOfOneEveryWriteFinishesBeforeTheNextIsHandedOver() {
        WritesInFlight writes = new WritesInFlight(1);
        writes.add(write(A));

        assertThat(writes.toFinishBefore(Set.of(B))).isEqualTo(1);
    }

    @Test
    void writesAreTakenOldestFirst() {
        WritesInFlight writes = new WritesInFlight(2);
        Write first = write(A);
        Write second = write(B);
        writes.add(first);
        writes.add(second);

        assertThat(writes.takeOldest()).isSameAs(first);
        assertThat(writes.takeOldest()).isSameAs(second);
        assertThat(writes.isEmpty()).isTrue();
        assertThat(writes.takeOldest()).isNull();
    }

    @Test
    void refusesALimitBelowOne() {
        assertThatThrownBy(() -> new WritesInFlight(0)).hasMessageContaining("at least 1");
    }

    private static Write write(Key... keys) {
        return new Write(CompletableFuture.completedFuture(null), () -> {}, Map.of(), Set.of(keys));
    }
}
