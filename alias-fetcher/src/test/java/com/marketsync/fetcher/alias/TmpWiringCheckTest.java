package com.marketsync.fetcher.alias;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.fetcher.core.ProviderFetcher;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

class TmpWiringCheckTest {
    @Configuration
    @EnableConfigurationProperties(AliasProperties.class)
    @Import({AliasHttp.class, AliasClient.class, CatalogResolver.class, AliasSnapshotMapper.class, AliasFetcher.class})
    static class Wiring {
        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }
    }

    @Test
    void wires() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RestClientAutoConfiguration.class, org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration.class))
                .withUserConfiguration(Wiring.class)
                .withPropertyValues("market.alias.pat=x", "market.alias.regions.GLOBAL=")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ProviderFetcher.class).provider().name()).isEqualTo("ALIAS");
                    System.out.println("WIRED " + context.getBean(AliasProperties.class));
                });
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RestClientAutoConfiguration.class, org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration.class))
                .withUserConfiguration(Wiring.class)
                .run(context -> {
                    assertThat(context).hasFailed();
                    System.out.println("FAILED AS EXPECTED " + context.getStartupFailure().getCause().getMessage().lines().limit(3).toList());
                });
    }
}
