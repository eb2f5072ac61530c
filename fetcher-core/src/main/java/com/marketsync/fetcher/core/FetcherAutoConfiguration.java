package com.marketsync.fetcher.core;

import com.marketsync.events.Provider;
import com.marketsync.providers.ProvidersProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
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
@EnableConfigurationProperties({FetcherProperties.class, ProvidersProperties.class})
public class FetcherAutoConfiguration {

    /** Budget settings that moved from {@code market.fetcher.budget} to {@code market.providers.<provider>.budget}. */
    private static final List<String> MOVED_BUDGET_SETTINGS =
            List.of("per-second", "per-hour", "per-day", "priority-share", "credentials");

    /** How late a deferred request may come back at most, beyond its wait. */
    static final java.time.Duration NACK_PRECISION = java.time.Duration.ofMillis(100);

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Fails startup unless the fetcher maps every region the planner asks its provider for. */
    @Bean
    ServedRegions servedRegions(ProvidersProperties providers, ProviderFetcher fetcher) {
        return ServedRegions.check(providers.of(fetcher.provider()), fetcher);
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
            ProvidersProperties providers,
            ProviderFetcher fetcher,
            Environment environment) {
        rejectMovedBudgetSettings(environment, fetcher.provider());
        return new CallBudget(
                new JdbcTemplate(dataSource),
                new TransactionTemplate(transactions),
                schema.name(),
                providers.of(fetcher.provider()),
                properties.budget().margin());
    }

    /** A limit still configured under its old name would be silently ignored: refuse to start instead. */
    private static void rejectMovedBudgetSettings(Environment environment, Provider provider) {
        String moved = "market.providers." + provider.name().toLowerCase(Locale.ROOT) + ".budget.";
        for (String setting : MOVED_BUDGET_SETTINGS) {
            String old = "market.fetcher.budget." + setting;
            if (isSet(environment, ConfigurationPropertyName.of(old))) {
                throw new IllegalStateException(old + " is no longer read: "
                        + (setting.equals("credentials")
                                ? "every credential has the limits of " + moved + "*"
                                : "set " + moved + setting + " instead (shared with the planner)"));
            }
        }
    }

    private static boolean isSet(Environment environment, ConfigurationPropertyName name) {
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source.getConfigurationProperty(name) != null
                    || source.containsDescendantOf(name) == ConfigurationPropertyState.PRESENT) {
                return true;
            }
        }
        return false;
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
    SupersededRequests supersededRequests(ConsumerFactory<?, ?> consumers, ProviderFetcher fetcher, Clock clock) {
        return new SupersededRequests(
                consumers.getConfigurationProperties(), fetcher.provider(), SupersededRequests.KEEP, clock);
    }

    @Bean
    SyncRequestHandler syncRequestHandler(
            ProviderFetcher fetcher,
            SyncResultPublisher publisher,
            FetchResultStore results,
            SupersededRequests supersededRequests,
            CallBudget budget,
            CircuitBreaker providerCircuitBreaker,
            FetcherProperties properties,
            Clock clock) {
        return new SyncRequestHandler(
                fetcher,
                publisher,
                results,
                supersededRequests,
                budget,
                new LaneGate(),
                providerCircuitBreaker,
                properties,
                clock);
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
