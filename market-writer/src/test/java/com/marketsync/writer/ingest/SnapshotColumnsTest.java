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
        assertThat((String[]) arrays[2]).containsExactly("2026-03-01T10:00:00Z");
    }
}
