package com.marketsync.writer.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Checks that cursors survive the round trip through a client and that anything else is refused. */
class HistoryCursorTest {

    @Test
    void decodesWhatItEncodedIncludingSeparatorsInTheSnapshotId() {
        HistoryCursor cursor = new HistoryCursor(
                Instant.parse("2026-03-01T10:15:30.123456Z"), "STOCKX|DD1391-100|v|1|US|2026-03-01T10:15:30Z");

        String encoded = cursor.encode();

        assertThat(encoded).matches("[A-Za-z0-9_-]+");
        assertThat(HistoryCursor.decode("cursor", encoded)).isEqualTo(cursor);
    }

    @Test
    void keepsObservationsBeforeTheEpoch() {
        HistoryCursor cursor = new HistoryCursor(Instant.parse("1969-12-31T23:59:59.999999Z"), "x");

        assertThat(HistoryCursor.decode("cursor", cursor.encode())).isEqualTo(cursor);
    }

    @Test
    void readsAnAbsentCursorAsTheFirstPage() {
        assertThat(HistoryCursor.decode("cursor", null)).isNull();
        assertThat(HistoryCursor.decode("cursor", " ")).isNull();
    }

    @Test
    void refusesAStringItDidNotProduceNamingTheParameter() {
        assertThatThrownBy(() -> HistoryCursor.decode("cursor", "MXx4fGlk"))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.field())
                        .isEqualTo("cursor"))
                .hasMessageContaining("'cursor'");
    }
}
