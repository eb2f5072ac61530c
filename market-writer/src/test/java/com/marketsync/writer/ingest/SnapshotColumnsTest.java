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

    @Test
    void rendersTimestampsAsInstantDoesInEveryPrecision() {
        List<Instant> instants = List.of(
                Instant.EPOCH,
                Instant.parse("2024-02-29T23:59:59Z"),
                Instant.parse("2026-03-01T10:00:00.120Z"),
                Instant.parse("2026-12-31T00:00:00.000001Z"),
                Instant.parse("2100-03-01T01:02:03.123456789Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"),
                // outside 1970 to 9999: rendered by Instant itself
                Instant.parse("1969-12-31T23:59:59.5Z"),
                Instant.parse("+10000-01-01T00:00:00Z"));
        for (Instant instant : instants) {
            assertThat(SnapshotColumns.timestamp(instant)).isEqualTo(instant.toString());
        }
        for (long second = 0; second < 5_000L * 86_400; second += 86_400 + 3_607) {
            Instant instant = Instant.ofEpochSecond(1_600_000_000L + second, second % 7 * 1_000);
            assertThat(SnapshotColumns.timestamp(instant)).isEqualTo(instant.toString());
        }
    }
}
