package com.marketsync.fetcher.core;

import com.marketsync.events.SyncRequest;
import org.springframework.kafka.annotation.KafkaListener;

/** Consumes the provider's two request lanes (priority and normal) and hands each request to the fetch loop. */
final class SyncRequestListener {

    private final SyncRequestHandler handler;

    SyncRequestListener(SyncRequestHandler handler) {
        this.handler = handler;
    }

    // The id doubles as the consumer group, derived from the one ProviderFetcher bean (e.g. stockx-fetcher).
    @KafkaListener(
            id = "#{@fetcherLanes.groupId()}",
            topics = {"#{@fetcherLanes.priorityTopic()}", "#{@fetcherLanes.normalTopic()}"})
    void on(SyncRequest request) {
        handler.handle(request);
    }
}
