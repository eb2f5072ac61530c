package com.marketsync.planner.schedule;

import com.marketsync.events.SyncRequest;
import com.marketsync.schemas.Topics;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Sends SyncRequests to their provider's normal lane, keyed by sku, and waits until Kafka has them all. */
@Component
class SyncRequestPublisher {

    private final KafkaTemplate<String, Object> kafka;

    SyncRequestPublisher(KafkaTemplate<String, Object> kafka) {
        this.kafka = kafka;
    }

    void publish(List<SyncRequest> requests) {
        CompletableFuture<?>[] sends = requests.stream()
                .map(r -> kafka.send(Topics.syncRequests(r.getProvider()), r.getSku(), r))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(sends).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Publishing " + requests.size() + " sync requests failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing sync requests", e);
        }
    }
}
