package com.marketsync.writer.ingest;

import static com.marketsync.writer.TestSnapshots.money;
import static com.marketsync.writer.TestSnapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.events.PriceSnapshot;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checks how snapshot values are rendered for the set-based unnest statements. */
class SnapshotColumnsTest {

    @Test
    void rendersEveryWarningAsQuotedArrayElement() {
        assertThat(SnapshotColumns.arrayLiteral(List.of("plain", "a \"quote\"", "back\\slash", "comma, {brace}")))
                .isEqualTo("{\"plain\",\"a \\\"quote\\\"\",\"back\\\\slash\",\"comma, {brace}\"}");
        assertThat(SnapshotColumns.arrayLiteral(List.of())).isEqualTo("{}");
    }

    @Test
    void rendersAmountsWithEveryDigitAndMissingOnesAsNull() {
        PriceSnapshot snapshot = snapshot(
                "SKU-1", "v1", Instant.parse("2026-03-01T10:00:00Z"), b -> b.setLowestAsk(money("999999999999.99"))
                        .setHighestBid(null));

        Object[] arrays = SnapshotColumns.arrays(
                List.of(SnapshotColumns.LOWEST_ASK, SnapshotColumns.HIGHEST_BID, SnapshotColumns.OBSERVED_AT),
                List.of(snapshot));

        assertThat((String[]) arrays[0]).containsExactly("999999999999.99");
        assertThat((String[]) arrays[1]).containsExactly((String) null);
        assertThat((Long[]) arrays[2]).containsExactly(825_674_400_000_000L);
    }

    @Test
    void rendersInstantsAsMicrosecondsSince2000() {
        assertThat(SnapshotColumns.micros(Instant.parse("2000-01-01T00:00:00Z")))
                .isZero();
        assertThat(SnapshotColumns.micros(Instant.parse("2026-03-01T10:00:00.123456789Z")))
                .isEqualTo(825_674_400_123_456L);
        assertThat(SnapshotColumns.micros(Instant.parse("1999-12-31T23:59:59.999999Z")))
                .isEqualTo(-1L);
        // beyond a long of microseconds, and so beyond timestamptz: the nearest long, which PostgreSQL refuses
        assertThat(SnapshotColumns.micros(Instant.MAX)).isEqualTo(Long.MAX_VALUE);
        assertThat(SnapshotColumns.micros(Instant.MIN)).isEqualTo(Long.MIN_VALUE);
    }
}
