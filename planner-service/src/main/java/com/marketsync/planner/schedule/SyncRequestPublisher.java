package com.marketsync.planner.schedule;

import com.marketsync.events.Priority;
import com.marketsync.events.RequestSuperseded;
import com.marketsync.events.SyncRequest;
import com.marketsync.schemas.Topics;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends SyncRequests to their provider's lane (MANUAL to the priority lane, the rest to the normal lane), keyed by
 * sku, and waits until Kafka has acknowledged them all; no database transaction is open meanwhile.
 */
@Component
public class SyncRequestPublisher {

    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final KafkaTemplate<String, Object> kafka;

    SyncRequestPublisher(KafkaTemplate<String, Object> kafka) {
        this.kafka = kafka;
    }

    /** Publishes the requests; throws if any of them was not acknowledged. */
    public void publish(List<SyncRequest> requests) {
        await(requests.stream()
                .map(request -> kafka.send(lane(request), request.getSku(), request))
                .toArray(CompletableFuture[]::new));
    }

    /** Tells the fetchers that {@code superseded.requestId} must not be fetched any more. */
    public void publish(RequestSuperseded superseded) {
        await(kafka.send(Topics.SYNC_SUPERSESSIONS, superseded.getSku(), superseded));
    }

    private static String lane(SyncRequest request) {
        return request.getPriority() == Priority.MANUAL
                ? Topics.syncRequestsPriority(request.getProvider())
                : Topics.syncRequests(request.getProvider());
    }

    private static void await(CompletableFuture<?>... sends) {
        try {
            CompletableFuture.allOf(sends).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new PublishFailedException("Kafka did not acknowledge " + sends.length + " events", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("Interrupted while publishing " + sends.length + " events", e);
        }
    }

    /** Kafka did not take the events; nothing may be assumed published. */
    public static final class PublishFailedException extends RuntimeException {
        PublishFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
