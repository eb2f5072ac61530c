package com.marketsync.fetcher.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.events.Provider;
import com.marketsync.events.SyncRequest;
import com.marketsync.schemas.EventSerde;
import com.marketsync.testkit.TestInfra;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/** The auto-configuration's wiring around real Kafka templates and a real database, checked without sending anything. */
class FetcherAutoConfigurationIT {

    // Producers are created on first send, which these tests never do, so no broker is contacted.
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    DataSourceAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class,
                    FetcherAutoConfiguration.class))
            .withPropertyValues(
                    "spring.datasource.url=" + TestInfra.newDatabase("fetcher_autoconfig"),
                    "spring.datasource.username=postgres",
                    "spring.datasource.password=postgres");

    @Test
    void wiresTheLoopAroundTheProviderFetcherWithBootsWildcardTemplate() {
        runner.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class))
                .withUserConfiguration(AliasFetcher.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(SyncRequestListener.class);
                    FetcherLanes lanes = context.getBean(FetcherLanes.class);
                    assertThat(lanes.groupId()).isEqualTo("alias-fetcher");
                    assertThat(lanes.priorityGroupId()).isEqualTo("alias-fetcher-priority");
                    assertThat(lanes.priorityTopic()).isEqualTo("market.sync-requests.alias.priority");
                    assertThat(lanes.normalTopic()).isEqualTo("market.sync-requests.alias");
                    assertThat(context.getBean(FetcherSchema.class).name()).isEqualTo("alias_fetcher");
                });
    }

    @Test
    void enforcesTheProvidersSharedBudgetSettings() {
        runner.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class))
                .withUserConfiguration(AliasFetcher.class)
                .withPropertyValues(
                        "market.providers.alias.budget.per-second=0",
                        "market.providers.alias.budget.per-hour=5",
                        "market.providers.alias.budget.priority-share=0.4")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    CallBudget budget = context.getBean(CallBudget.class);
                    // 5 an hour, of which 40 % (2) only for the priority lane.
                    assertThat(takeAll(budget, Lane.NORMAL)).isEqualTo(3);
                    assertThat(takeAll(budget, Lane.PRIORITY)).isEqualTo(2);
                    assertThat(context.getBean(ServedRegions.class).regions()).containsExactly("US", "EU", "GB");
                });
    }

    @Test
    void refusesToStartWhileASharedRegionHasNoMappingInTheFetcher() {
        runner.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class))
                .withUserConfiguration(AliasFetcher.class)
                .withPropertyValues("market.providers.alias.regions=US,JP,GB,AU")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("market.providers.alias.regions")
                            .hasMessageContaining("no region id for JP: set test.alias.regions.JP")
                            .hasMessageContaining("no region id for AU: set test.alias.regions.AU")
                            .hasMessageNotContaining("for US")
                            .hasMessageNotContaining("for GB");
                });
    }

    @Test
    void refusesBudgetLimitsStillConfiguredUnderTheirOldNames() {
        ApplicationContextRunner fetcher = runner.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class))
                .withUserConfiguration(AliasFetcher.class);

        fetcher.withPropertyValues("market.fetcher.budget.per-second=5")
                .run(context -> assertThat(context.getStartupFailure())
                        .rootCause()
                        .hasMessageContaining("market.fetcher.budget.per-second is no longer read")
                        .hasMessageContaining("market.providers.alias.budget.per-second"));
        fetcher.withPropertyValues("market.fetcher.budget.credentials.us.per-day=10")
                .run(context -> assertThat(context.getStartupFailure())
                        .rootCause()
                        .hasMessageContaining("market.fetcher.budget.credentials"));
        fetcher.withPropertyValues("market.fetcher.budget.margin=60ms")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void acceptsATemplateTypedForObjectValues() {
        runner.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class))
                .withUserConfiguration(ObjectTemplate.class, AliasFetcher.class)
                .run(context -> assertThat(context).hasSingleBean(SyncResultPublisher.class));
    }

    @Test
    void staysOutOfAnApplicationWithoutProviderFetcher() {
        runner.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasBean("kafkaTemplate");
                    assertThat(context).doesNotHaveBean(SyncRequestListener.class);
                });
    }

    private static int takeAll(CallBudget budget, Lane lane) {
        int granted = 0;
        while (budget.tryTake(ProviderFetcher.DEFAULT_CREDENTIAL, lane) instanceof CallBudget.Grant.Granted) {
            granted++;
        }
        return granted;
    }

    @Configuration(proxyBeanMethods = false)
    static class ObjectTemplate {
        @Bean
        KafkaTemplate<String, Object> kafkaTemplate() {
            return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092",
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerde.SERIALIZER)));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class AliasFetcher {
        @Bean
        ProviderFetcher providerFetcher() {
            return new ProviderFetcher() {
                @Override
                public Provider provider() {
                    return Provider.ALIAS;
                }

                @Override
                public Optional<String> missingRegionMapping(String region) {
                    return Set.of("US", "EU", "GB").contains(region)
                            ? Optional.empty()
                            : Optional.of("no region id for " + region + ": set test.alias.regions." + region);
                }

                @Override
                public FetchResult fetch(SyncRequest request, ProviderCalls calls) {
                    return new FetchResult.NotFound("none", null);
                }
            };
        }
    }
}
