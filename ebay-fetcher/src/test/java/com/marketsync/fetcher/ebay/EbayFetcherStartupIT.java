package com.marketsync.fetcher.ebay;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marketsync.testkit.TestInfra;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The fetcher as shipped refuses to start while a shared eBay region has no marketplace. */
class EbayFetcherStartupIT {

    @Test
    void refusesToStartNamingTheUnmappedRegionAndThePropertyToSet() {
        // Failing while its beans are created, it never reaches Kafka or the registry.
        Map<String, Object> properties = Map.of(
                "spring.main.web-application-type", "none",
                "spring.datasource.url", TestInfra.newDatabase("ebay_startup"),
                "spring.kafka.bootstrap-servers", "127.0.0.1:1",
                "market.registry.url", "http://127.0.0.1:1/apis/registry/v3",
                "market.providers.ebay.regions", "US,FR");

        assertThatThrownBy(() -> new SpringApplicationBuilder(EbayFetcherApplication.class)
                        .properties(properties)
                        .run()
                        .close())
                .rootCause()
                .hasMessageContaining("market.providers.ebay.regions [US, FR]")
                .hasMessageContaining(
                        "no eBay marketplace for FR: set market.ebay.regions.FR.marketplace-id and .currency")
                .hasMessageNotContaining("marketplace for US");
    }
}
