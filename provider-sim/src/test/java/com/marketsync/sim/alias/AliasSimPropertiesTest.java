package com.marketsync.sim.alias;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Binding and defaults of the Alias simulator settings. */
class AliasSimPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AliasSimProperties.class)
    static class Binding {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Binding.class);

    @Test
    void defaultsToTheDemoTokenAndFiveMinuteBuckets() {
        runner.run(context -> assertThat(context.getBean(AliasSimProperties.class))
                .isEqualTo(new AliasSimProperties(List.of("demo-alias-pat"), Duration.ofMinutes(5))));
    }

    @Test
    void acceptsSeveralTokens() {
        runner.withPropertyValues("market.sim.alias.pats=a,b").run(context -> assertThat(
                        context.getBean(AliasSimProperties.class).pats())
                .containsExactly("a", "b"));
    }

    @Test
    void refusesABlankTokenAndANonPositiveBucket() {
        runner.withPropertyValues("market.sim.alias.pats= ")
                .run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("market.sim.alias.price-bucket=0s")
                .run(context -> assertThat(context).hasFailed());
    }
}
