package com.marketsync.writer.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Checks how the parameter that broke a query string is found. */
class QueryStringsTest {

    @Test
    void namesTheFirstParameterThatIsNotUtf8OrHasABrokenEscape() {
        assertThat(QueryStrings.firstUndecodable("limit=5&region=%C3%28&size=%FF"))
                .isEqualTo("region");
        assertThat(QueryStrings.firstUndecodable("size=%Z1")).isEqualTo("size");
        assertThat(QueryStrings.firstUndecodable("cursor=%E2%82")).isEqualTo("cursor");
        assertThat(QueryStrings.firstUndecodable("a%FF=1")).isEqualTo("a%FF");
    }

    @Test
    void findsNothingWrongWithAValidQuery() {
        assertThat(QueryStrings.firstUndecodable("sku=DD1391-100&region=%E2%82%AC&from=2026-01-01T00:00:00%2B01:00"))
                .isNull();
        assertThat(QueryStrings.firstUndecodable(null)).isNull();
        assertThat(QueryStrings.decode("a+b%20c")).isEqualTo("a b c");
    }
}
