package com.marketsync.planner;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.events.Tier;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** The planner's settings are bound with their defaults and refused at startup when they cannot work. */
class PlannerPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Binding.class);

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PlannerProperties.class)
    static class Binding {}

    @Test
    void defaultsFollowTheTiersTargets() {
        runner.run(context -> {
            PlannerProperties properties = context.getBean(PlannerProperties.class);
            assertThat(properties.freshnessOf(Tier.HOT)).isEqualTo(Duration.ofHours(1));
            assertThat(properties.freshnessOf(Tier.WARM)).isEqualTo(Duration.ofHours(6));
            assertThat(properties.freshnessOf(Tier.COLD)).isEqualTo(Duration.ofHours(24));
            assertThat(properties.freshnessOf(Tier.FROZEN)).isNull();
            assertThat(properties.refreshAfter(Tier.HOT)).isEqualTo(Duration.ofMinutes(54));
            assertThat(properties.tickInterval()).isEqualTo(Duration.ofSeconds(30));
        });
    }

    @Test
    void aLeaseShorterThanTwoTicksStopsStartupNamingTheProperty() {
        runner.withPropertyValues("market.planner.tick-interval=1m", "market.planner.lease=90s")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("market.planner.lease must be at least twice"));
    }

    @Test
    void anOutOfRangeBufferStopsStartupNamingTheProperty() {
        runner.withPropertyValues("market.planner.buffer=3")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("buffer"));
    }
}
