package com.marketsync.sim.stockx;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Binding and defaults of the StockX simulator settings. */
class StockxSimPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(StockxSimProperties.class)
    static class Binding {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Binding.class);

    @Test
    void defaultsMatchTheDemoCredentialsAndTimings() {
        runner.run(context -> assertThat(context.getBean(StockxSimProperties.class))
                .isEqualTo(new StockxSimProperties(
                        "demo-api-key",
                        "demo-client",
                        "demo-secret",
                        "demo-refresh-token",
                        "demo-refresh-token-signing-key",
                        Duration.ofHours(1),
                        Duration.ofMinutes(5),
                        Duration.ZERO)));
    }

    @Test
    void bindsOverrides() {
        runner.withPropertyValues("market.sim.stockx.api-key=k", "market.sim.stockx.price-bucket=30s")
                .run(context -> {
                    StockxSimProperties properties = context.getBean(StockxSimProperties.class);
                    assertThat(properties.apiKey()).isEqualTo("k");
                    assertThat(properties.priceBucket()).isEqualTo(Duration.ofSeconds(30));
                });
    }

    @Test
    void refusesNegativeLatency() {
        runner.withPropertyValues("market.sim.stockx.latency=-1s")
                .run(context -> assertThat(context).hasFailed());
    }
}
