package com.marketsync.fetcher.core;

import com.marketsync.events.SyncRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;

/**
 * Consumes the provider's two request lanes with one consumer (and consumer group) each, so a priority request is polled at once however
 * long the normal lane's backlog is; a request that cannot be served yet is negatively acknowledged, which pauses the
 * lane (the consumer keeps polling, no rebalance) and redelivers the record after the wait.
 */
final class SyncRequestListener {

    static final String CONTAINER_FACTORY = "fetcherListenerContainerFactory";
    private static final Logger log = LoggerFactory.getLogger(SyncRequestListener.class);

    private final SyncRequestHandler handler;

    SyncRequestListener(SyncRequestHandler handler) {
        this.handler = handler;
    }

    // Group ids derive from the one ProviderFetcher bean (e.g. stockx-fetcher and stockx-fetcher-priority).
    @KafkaListener(
            id = "#{@fetcherLanes.priorityGroupId()}",
            groupId = "#{@fetcherLanes.priorityGroupId()}",
            topics = "#{@fetcherLanes.priorityTopic()}",
            containerFactory = CONTAINER_FACTORY,
            properties = "max.poll.records=10")
    void onPriority(SyncRequest request, Acknowledgment ack) {
        settle(request, handler.handle(request, Lane.PRIORITY), ack);
    }

    @KafkaListener(
            id = "#{@fetcherLanes.groupId()}",
            groupId = "#{@fetcherLanes.groupId()}",
            topics = "#{@fetcherLanes.normalTopic()}",
            containerFactory = CONTAINER_FACTORY,
            properties = "max.poll.records=10")
    void onNormal(SyncRequest request, Acknowledgment ack) {
        settle(request, handler.handle(request, Lane.NORMAL), ack);
    }

    private static void settle(SyncRequest request, SyncRequestHandler.Decision decision, Acknowledgment ack) {
        switch (decision) {
            case SyncRequestHandler.Decision.Done ignored -> ack.acknowledge();
            case SyncRequestHandler.Decision.Redeliver redeliver -> {
                log.debug(
                        "Deferring requestId={} sku={} by {}: {}",
                        request.getRequestId(),
                        request.getSku(),
                        redeliver.after(),
                        redeliver.why());
                ack.nack(redeliver.after());
            }
        }
    }
}
