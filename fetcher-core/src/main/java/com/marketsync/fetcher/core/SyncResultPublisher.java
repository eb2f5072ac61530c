package com.marketsync.fetcher.core;

import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.SyncOutcome;
import com.marketsync.events.SyncRequest;
import com.marketsync.schemas.Topics;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.springframework.kafka.core.KafkaOperations;

/** Publishes what one request produced: its price snapshots, then its one outcome, each keyed by sku. */
final class SyncResultPublisher {

    private final KafkaOperations<? super String, ? super SpecificRecord> kafka;

    // Bounded wildcards so Boot's KafkaTemplate<?, ?> and a KafkaTemplate<String, Object> both qualify.
    SyncResultPublisher(KafkaOperations<? super String, ? super SpecificRecord> kafka) {
        this.kafka = kafka;
    }

    /**
     * Sends the snapshots and waits for their acknowledgement before sending the outcome, so a planner never sees a
     * success whose prices were lost.
     *
     * @throws UnpublishableException if Kafka refuses an event itself (not serializable, too large): retrying cannot help
     * @throws SyncPublishException if any other send fails: the record is redelivered and published again
     */
    void publish(SyncRequest request, List<PriceSnapshot> snapshots, SyncOutcome outcome) {
        send(request, "price snapshots", () -> snapshots.stream()
                .<CompletableFuture<?>>map(snapshot -> kafka.send(Topics.PRICE_SNAPSHOTS, snapshot.getSku(), snapshot))
                .toList());
        send(request, "sync outcome", () -> List.of(kafka.send(Topics.SYNC_OUTCOMES, outcome.getSku(), outcome)));
    }

    private static void send(SyncRequest request, String what, Supplier<List<CompletableFuture<?>>> sends) {
        try {
            // Bounded by the producer's delivery.timeout.ms, which stays below max.poll.interval.ms.
            CompletableFuture.allOf(sends.get().toArray(CompletableFuture[]::new))
                    .join();
        } catch (CompletionException e) {
            throw failed(request, what, e.getCause());
        } catch (RuntimeException e) {
            // send() itself throws when the producer cannot even queue the record (no metadata, serializer error)
            throw failed(request, what, e);
        }
    }

    private static RuntimeException failed(SyncRequest request, String what, Throwable cause) {
        String message =
                "Could not publish " + what + " of requestId=" + request.getRequestId() + " sku=" + request.getSku();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SerializationException || t instanceof RecordTooLargeException) {
                return new UnpublishableException(
                        message + ": " + t.getClass().getSimpleName() + ": " + t.getMessage(), cause);
            }
        }
        return new SyncPublishException(message, cause);
    }

    /** Kafka refused an event itself; publishing it again would fail the same way. */
    static final class UnpublishableException extends RuntimeException {
        UnpublishableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
