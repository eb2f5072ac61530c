package com.marketsync.fetcher.core;

import java.time.Clock;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaOperations;

/** Wires the fetch loop around the application's one {@link ProviderFetcher}. */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnBean(ProviderFetcher.class)
public class FetcherAutoConfiguration {

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
    SyncResultPublisher syncResultPublisher(KafkaOperations<? super String, ? super SpecificRecord> kafka) {
        return new SyncResultPublisher(kafka);
    }

    @Bean
    SyncRequestHandler syncRequestHandler(ProviderFetcher fetcher, SyncResultPublisher publisher, Clock clock) {
        return new SyncRequestHandler(fetcher, publisher, clock);
    }

    @Bean
    SyncRequestListener syncRequestListener(SyncRequestHandler handler) {
        return new SyncRequestListener(handler);
    }
}
