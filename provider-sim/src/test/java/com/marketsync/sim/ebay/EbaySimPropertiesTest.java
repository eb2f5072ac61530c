package com.marketsync.sim.ebay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Binding and defaults of the eBay simulator settings. */
class EbaySimPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(EbaySimProperties.class)
    static class Binding {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Binding.class);

    @Test
    void defaultsToTheDemoKeysetAndTwoHourTokens() {
        runner.run(context -> assertThat(context.getBean(EbaySimProperties.class))
                .isEqualTo(new EbaySimProperties(
                        "demo-ebay-client", "demo-ebay-secret", Duration.ofHours(2), Duration.ofMinutes(5))));
    }

    @Test
    void refusesANonPositiveTokenLifetime() {
        runner.withPropertyValues("market.sim.ebay.token-lifetime=0s")
                .run(context -> assertThat(context).hasFailed());
    }
}
