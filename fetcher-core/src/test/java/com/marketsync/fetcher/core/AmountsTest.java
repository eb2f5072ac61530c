package com.marketsync.fetcher.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marketsync.events.Provider;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Exact money parsing shared by every provider, and the deterministic snapshot id. */
class AmountsTest {

    @Test
    void parsesMajorUnitsExactlyToTwoDecimals() {
        assertThat(Amounts.major("lowestAsk", "150")).isEqualTo(new BigDecimal("150.00"));
        assertThat(Amounts.major("lowestAsk", " 129.9 ")).isEqualTo(new BigDecimal("129.90"));
        assertThat(Amounts.major("lowestAsk", (String) null)).isNull();
    }

    @Test
    void parsesCentsInStringsIntoMajorUnits() {
        assertThat(Amounts.cents("lowest_listing_price_cents", "25000")).isEqualTo(new BigDecimal("250.00"));
        assertThat(Amounts.cents("lowest_listing_price_cents", "5")).isEqualTo(new BigDecimal("0.05"));
        assertThat(Amounts.cents("x", null)).isNull();
    }

    @Test
    void rejectsWhatNoEventMayCarryNamingTheField() {
        assertThatThrownBy(() -> Amounts.major("highestBid", "112.505"))
                .isInstanceOf(Amounts.MalformedAmountException.class)
                .hasMessage("highestBid has more than 2 decimals: 112.505");
        assertThatThrownBy(() -> Amounts.major("highestBid", "-1")).hasMessageContaining("negative");
        assertThatThrownBy(() -> Amounts.major("highestBid", "abc")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> Amounts.major("highestBid", "1000000000000")).hasMessageContaining("too large");
        assertThatThrownBy(() -> Amounts.cents("price_cents", "250.00")).hasMessageContaining("whole number of cents");
    }

    @Test
    void theSameObservationGetsTheSameSnapshotIdAndAnyDifferenceAnother() {
        Instant at = Instant.parse("2026-11-29T10:00:00.123Z");
        String id = SnapshotIds.of(Provider.ALIAS, "DD1391-100", "alias:x|10", "US", at);

        assertThat(SnapshotIds.of(Provider.ALIAS, "DD1391-100", "alias:x|10", "US", at))
                .isEqualTo(id);
        assertThat(SnapshotIds.of(Provider.ALIAS, "DD1391-100", "alias:x|10", "EU", at))
                .isNotEqualTo(id);
        assertThat(SnapshotIds.of(Provider.EBAY, "DD1391-100", "alias:x|10", "US", at))
                .isNotEqualTo(id);
        assertThat(SnapshotIds.of(Provider.ALIAS, "DD1391-100", "alias:x|10", "US", at.plusMillis(1)))
                .isNotEqualTo(id);
    }
}
