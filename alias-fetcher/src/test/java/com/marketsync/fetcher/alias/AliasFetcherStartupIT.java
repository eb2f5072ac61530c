package com.marketsync.fetcher.alias;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marketsync.testkit.TestInfra;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The fetcher as shipped refuses to start while a shared Alias region has no Alias region id. */
class AliasFetcherStartupIT {

    @Test
    void refusesToStartNamingTheUnmappedRegionAndThePropertyToSet() {
        // Failing while its beans are created, it never reaches Kafka or the registry.
        Map<String, Object> properties = Map.of(
                "spring.main.web-application-type", "none",
                "spring.datasource.url", TestInfra.newDatabase("alias_startup"),
                "spring.kafka.bootstrap-servers", "127.0.0.1:1",
                "market.registry.url", "http://127.0.0.1:1/apis/registry/v3",
                "market.providers.alias.regions", "US,EU,JP");

        assertThatThrownBy(() -> new SpringApplicationBuilder(AliasFetcherApplication.class)
                        .properties(properties)
                        .run()
                        .close())
                .rootCause()
                .hasMessageContaining("market.providers.alias.regions [US, EU, JP]")
                .hasMessageContaining("no Alias region id for JP: set market.alias.regions.JP")
                .hasMessageNotContaining("region id for EU");
    }
}
