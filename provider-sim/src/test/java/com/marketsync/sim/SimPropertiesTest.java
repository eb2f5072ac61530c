package com.marketsync.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.sim.SimLimitsProperties.Limit;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Binding and defaults of the rate-limit and fault settings shared by all simulated providers. */
class SimPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({SimLimitsProperties.class, SimFaultsProperties.class})
    static class Binding {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Binding.class);

    @Test
    void defaultsAreGenerousLimitsAndAThirtyFiveSecondTimeout() {
        runner.run(context -> {
            Limit demo = new Limit(25, 1_000_000);
            assertThat(context.getBean(SimLimitsProperties.class)).isEqualTo(new SimLimitsProperties(demo, demo, demo));
            assertThat(context.getBean(SimFaultsProperties.class))
                    .isEqualTo(new SimFaultsProperties(0, Duration.ofSeconds(35)));
        });
    }

    @Test
    void bindsLimitsPerProvider() {
        runner.withPropertyValues(
                        "market.sim.limits.ebay.per-second=5",
                        "market.sim.limits.ebay.per-day=5000",
                        "market.sim.faults.seed=42")
                .run(context -> {
                    SimLimitsProperties limits = context.getBean(SimLimitsProperties.class);
                    assertThat(limits.of(Provider.EBAY)).isEqualTo(new Limit(5, 5000));
                    assertThat(limits.of(Provider.STOCKX)).isEqualTo(new Limit(25, 1_000_000));
                    assertThat(context.getBean(SimFaultsProperties.class).seed())
                            .isEqualTo(42);
                });
    }

    @Test
    void refusesNegativeLimitsAndANonPositiveTimeout() {
        runner.withPropertyValues("market.sim.limits.alias.per-second=-1")
                .run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("market.sim.faults.timeout=0s")
                .run(context -> assertThat(context).hasFailed());
    }
}
