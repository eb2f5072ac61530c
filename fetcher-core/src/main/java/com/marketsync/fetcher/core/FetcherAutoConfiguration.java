package com.marketsync.fetcher.core;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.util.Locale;
import javax.sql.DataSource;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the fetch loop around the application's one {@link ProviderFetcher}. */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration"
        })
@ConditionalOnBean(ProviderFetcher.class)
@EnableConfigurationProperties(FetcherProperties.class)
public class FetcherAutoConfiguration {

    /** How late a deferred request may come back at most, beyond its wait. */
    static final java.time.Duration NACK_PRECISION = java.time.Duration.ofMillis(100);

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    FetcherLanes fetcherLanes(ProviderFetcher fetcher) {
        return new FetcherLanes(fetcher.provider());
    }

    @Bean
    FetcherSchema fetcherSchema(DataSource dataSource, FetcherProperties properties, ProviderFetcher fetcher) {
        String schema = properties.schema() != null
                ? properties.schema()
                : fetcher.provider().name().toLowerCase(Locale.ROOT) + "_fetcher";
        return new FetcherSchema(dataSource, schema);
    }

    @Bean
    CallBudget callBudget(
            DataSource dataSource,
            PlatformTransactionManager transactions,
            FetcherSchema schema,
            FetcherProperties properties,
            ProviderFetcher fetcher) {
        return new CallBudget(
                new JdbcTemplate(dataSource),
                new TransactionTemplate(transactions),
                schema.name(),
                fetcher.provider(),
                properties.budget());
    }

    @Bean
    FetchResultStore fetchResultStore(DataSource dataSource, FetcherSchema schema) {
        return new FetchResultStore(new JdbcTemplate(dataSource), schema.name());
    }

    @Bean
    CircuitBreaker providerCircuitBreaker(FetcherProperties properties, ProviderFetcher fetcher) {
        FetcherProperties.Breaker breaker = properties.breaker();
        return CircuitBreaker.of(
                fetcher.provider().name(),
                CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(breaker.window())
                        .minimumNumberOfCalls(breaker.minimumCalls())
                        .failureRateThreshold(breaker.failureRateThreshold())
                        .waitDurationInOpenState(breaker.openFor())
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .build());
    }

    @Bean
    SyncResultPublisher syncResultPublisher(KafkaOperations<? super String, ? super SpecificRecord> kafka) {
        return new SyncResultPublisher(kafka);
    }

    @Bean
    SyncRequestHandler syncRequestHandler(
            ProviderFetcher fetcher,
            SyncResultPublisher publisher,
            FetchResultStore results,
            CallBudget budget,
            CircuitBreaker providerCircuitBreaker,
            FetcherProperties properties,
            Clock clock) {
        return new SyncRequestHandler(
                fetcher, publisher, results, budget, new LaneGate(), providerCircuitBreaker, properties, clock);
    }

    @Bean
    StoredResultPurge storedResultPurge(FetchResultStore results, FetcherProperties properties, Clock clock) {
        return new StoredResultPurge(results, properties.keepResults(), clock);
    }

    /** Listener containers with manual acknowledgement, so a request that must wait can be negatively acknowledged. */
    @Bean(SyncRequestListener.CONTAINER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<Object, Object> fetcherListenerContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory =
                new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, consumers);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.MANUAL_IMMEDIATE);
        // A paused (deferring) container resumes only when a poll returns: short polls keep deferrals precise.
        factory.getContainerProperties().setPollTimeout(NACK_PRECISION.toMillis());
        return factory;
    }

    @Bean
    SyncRequestListener syncRequestListener(SyncRequestHandler handler) {
        return new SyncRequestListener(handler);
    }
}
