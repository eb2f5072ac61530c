package com.marketsync.fetcher.stockx;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marketsync.testkit.TestInfra;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The fetcher as shipped refuses to start while a shared StockX region has no account. */
class StockxFetcherStartupIT {

    @Test
    void refusesToStartNamingTheUnmappedRegionAndThePropertyToSet() {
        // Failing while its beans are created, it never reaches Kafka or the registry.
        Map<String, Object> properties = Map.of(
                "spring.main.web-application-type", "none",
                "spring.datasource.url", TestInfra.newDatabase("stockx_startup"),
                "spring.kafka.bootstrap-servers", "127.0.0.1:1",
                "market.registry.url", "http://127.0.0.1:1/apis/registry/v3",
                "market.providers.stockx.regions", "US,JP");

        assertThatThrownBy(() -> new SpringApplicationBuilder(StockxFetcherApplication.class)
                        .properties(properties)
                        .run()
                        .close())
                .rootCause()
                .hasMessageContaining("market.providers.stockx.regions [US, JP]")
                .hasMessageContaining(
                        "no StockX account serves market JP: add one as market.stockx.accounts.<id> with market=JP")
                .hasMessageNotContaining("serves market US");
    }
}
