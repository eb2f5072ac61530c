package com.marketsync.writer.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Checks how the price API reads its parameters. */
class QueryParametersTest {

    @Test
    void readsProvidersInAnyCase() {
        assertThat(QueryParameters.provider("provider", " eBay ")).isEqualTo("EBAY");
        assertThat(QueryParameters.provider("provider", "")).isNull();
        assertThatThrownBy(() -> QueryParameters.provider("provider", "goat"))
                .hasMessageContaining("'provider'")
                .hasMessageContaining("STOCKX, ALIAS, EBAY");
    }

    @Test
    void roundsInstantsUpToMicrosecondsSoComparisonsKeepTheirMeaning() {
        assertThat(QueryParameters.instant("from", "2026-01-01T00:00:00.0000001Z"))
                .isEqualTo(Instant.parse("2026-01-01T00:00:00.000001Z"));
        assertThat(QueryParameters.instant("from", "2026-01-01T00:00:00.000001Z"))
                .isEqualTo(Instant.parse("2026-01-01T00:00:00.000001Z"));
        assertThat(QueryParameters.instant("from", "2026-01-01T02:00:00+02:00"))
                .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void stripsTextAndTreatsBlankAsAbsent() {
        assertThat(QueryParameters.optional("region", "  GB ")).isEqualTo("GB");
        assertThat(QueryParameters.optional("region", "   ")).isNull();
        assertThatThrownBy(() -> QueryParameters.required("sku", null)).hasMessageContaining("'sku' is required");
    }

    @Test
    void acceptsLimitsFromOneToTheMaximum() {
        assertThat(QueryParameters.limit("limit", null, 100, 1000)).isEqualTo(100);
        assertThat(QueryParameters.limit("limit", "1", 100, 1000)).isEqualTo(1);
        assertThat(QueryParameters.limit("limit", "1000", 100, 1000)).isEqualTo(1000);
        assertThatThrownBy(() -> QueryParameters.limit("limit", "1001", 100, 1000))
                .hasMessageContaining("'limit'");
    }
}
