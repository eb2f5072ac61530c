package com.marketsync.fetcher.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.events.Provider;
import com.marketsync.events.SyncRequest;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

class FetcherAutoConfigurationTest {

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(FetcherAutoConfiguration.class));

    @Test
    void wiresTheLoopAroundTheProviderFetcherWithBootsWildcardTemplate() {
        runner.withUserConfiguration(WildcardTemplate.class, AliasFetcher.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(SyncRequestListener.class);
            FetcherLanes lanes = context.getBean(FetcherLanes.class);
            assertThat(lanes.groupId()).isEqualTo("alias-fetcher");
            assertThat(lanes.priorityTopic()).isEqualTo("market.sync-requests.alias.priority");
            assertThat(lanes.normalTopic()).isEqualTo("market.sync-requests.alias");
        });
    }

    @Test
    void acceptsATemplateTypedForObjectValues() {
        runner.withUserConfiguration(ObjectTemplate.class, AliasFetcher.class)
                .run(context -> assertThat(context).hasSingleBean(SyncResultPublisher.class));
    }

    @Test
    void staysOutOfAnApplicationWithoutProviderFetcher() {
        runner.withUserConfiguration(WildcardTemplate.class)
                .run(context -> assertThat(context).doesNotHaveBean(SyncRequestListener.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class WildcardTemplate {
        // Declared like Spring Boot's own KafkaTemplate bean.
        @Bean
        KafkaTemplate<?, ?> kafkaTemplate() {
            return new KafkaTemplate<>(new MockProducerFactory<>(MockProducer<Object, Object>::new));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ObjectTemplate {
        @Bean
        KafkaTemplate<String, Object> kafkaTemplate() {
            return new KafkaTemplate<>(new MockProducerFactory<>(MockProducer<String, Object>::new));
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
                public FetchResult fetch(SyncRequest request) {
                    return new FetchResult.NotFound("none", null);
                }
            };
        }
    }
}
