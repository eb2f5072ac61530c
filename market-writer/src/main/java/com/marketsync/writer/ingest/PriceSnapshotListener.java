package com.marketsync.writer.ingest;

import com.marketsync.events.PriceSnapshot;
import com.marketsync.kafka.EventDeserializer;
import com.marketsync.kafka.PoisonRecordException;
import com.marketsync.schemas.RegistryUnavailableException;
import com.marketsync.schemas.Topics;
import com.marketsync.writer.WriterProperties;
import com.marketsync.writer.ingest.NewestPerKey.Key;
import com.marketsync.writer.ingest.SnapshotBatchWriter.Batch;
import com.marketsync.writer.ingest.WritesInFlight.Write;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Consumes price snapshots a polled batch at a time and hands the valid ones to {@link SnapshotBatchWriter}; a batch's
 * offsets are committed only once it is stored.
 *
 * <p>While more records wait on the broker, a batch of valid records is written on a writer thread, and the consumer
 * polls, decodes, validates and renders the next batch meanwhile. Up to {@code market.writer.writes-in-flight} batches
 * per consumer are written at once, each over a connection of its own, but never one beside an earlier batch holding
 * one of its keys, so snapshots of a key are stored in their order ({@link WritesInFlight}). The consumer acknowledges
 * the batches (committing their offsets) in the order it polled them, each once its write finished. If a write fails,
 * the consumer seeks back to that batch and the ones after it and takes it again, this time itself.
 *
 * <p>Otherwise (caught up, a batch with a bad record, or a batch taken again) the consumer writes the batch itself: the
 * first undecodable or invalid record, or the first one the database refuses by a constraint, is sent to the
 * dead-letter topic after the records before it are stored; the records after it are polled again. Any other failure
 * (the database unreachable, the broker refusing its change events) fails the whole batch, which the error handler
 * retries with the consumer paused, so nothing is dead-lettered and the consumer stays in its group.
 */
@Component
class PriceSnapshotListener implements ConsumerAwareRebalanceListener, DisposableBean {

    static final String LISTENER_ID = "market-writer";

    private static final Logger log = LoggerFactory.getLogger(PriceSnapshotListener.class);

    private final SnapshotBatchWriter writer;
    private final SnapshotValidation validation;
    private final ExecutorService writers = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("market-writer-store-", 1).daemon().factory());
    /** The consumer thread's batches being written (each consumer thread its own with concurrency above 1). */
    private final ThreadLocal<WritesInFlight> inFlight;
    /** Whether the consumer thread is taking a batch again after its write failed: it writes that one itself. */
    private final ThreadLocal<Boolean> retaking = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private final Counter overlapped;
    private final Counter direct;
    private final Counter retaken;

    PriceSnapshotListener(
            SnapshotBatchWriter writer,
            SnapshotValidation validation,
            WriterProperties properties,
            MeterRegistry meters) {
        this.writer = writer;
        this.validation = validation;
        this.inFlight = ThreadLocal.withInitial(() -> new WritesInFlight(properties.writesInFlight()));
        this.overlapped = batches(meters, "overlapped");
        this.direct = batches(meters, "consumer");
        this.retaken = Counter.builder("market.writer.batches.retaken")
                .description("Batches whose overlapped write failed and were polled again")
                .register(meters);
    }

    private static Counter batches(MeterRegistry meters, String writer) {
        return Counter.builder("market.writer.batches")
                .description("Polled batches stored, by who wrote them")
                .tag("writer", writer)
                .register(meters);
    }

    /** Offsets are committed by acknowledging (ack mode MANUAL_IMMEDIATE), so the database always commits first. */
    @KafkaListener(
            id = LISTENER_ID,
            // the group is spring.kafka.consumer.group-id (market-writer by default), not the listener id
            idIsGroup = false,
            topics = Topics.PRICE_SNAPSHOTS,
            batch = "true",
            // run as a one-off command (market.writer.command), the writer does not consume live
            autoStartup = "#{'${market.writer.command:}'.isEmpty()}")
    void on(List<ConsumerRecord<String, PriceSnapshot>> records, Acknowledgment ack, Consumer<?, ?> consumer) {
        List<PriceSnapshot> valid = new ArrayList<>(records.size());
        int rejected = -1;
        String reason = null;
        RegistryUnavailableException unreadable = null;
        for (int index = 0; index < records.size() && rejected < 0; index++) {
            ConsumerRecord<String, PriceSnapshot> record = records.get(index);
            Optional<String> problem = problem(record);
            if (problem.isPresent()) {
                rejected = index;
                reason = problem.get();
                unreadable = EventDeserializer.registryUnavailable(record).orElse(null);
            } else {
                valid.add(record.value());
            }
        }
        boolean overlap = rejected < 0 && !retaking.get() && moreWaiting(consumer);
        Batch prepared = overlap ? writer.prepare(valid) : null;
        Set<Key> keys = overlap ? prepared.newest().stream().map(Key::of).collect(Collectors.toSet()) : Set.of();
        Map<TopicPartition, Long> firstOffsets = firstOffsets(records);
        int toFinish = overlap ? inFlight.get().toFinishBefore(keys) : Integer.MAX_VALUE;
        if (!finishWrites(consumer, toFinish, firstOffsets)) {
            return; // a batch before failed: it is polled again, and this one after it
        }
        if (overlap) {
            inFlight.get().add(new Write(writers.submit(() -> writer.write(prepared)), ack, firstOffsets, keys));
            return;
        }
        if (rejected >= 0) {
            // Store the good prefix now: the error handler commits the offsets before the failed record.
            store(records, valid);
            throw unreadable != null
                    ? unreadable(unreadable, rejected)
                    : rejected(records.get(rejected), rejected, reason);
        }
        store(records, valid);
        ack.acknowledge();
        direct.increment();
        retaking.set(false);
    }

    /**
     * Waits for the consumer thread's {@code count} oldest writes (all, if fewer are in flight) and acknowledges each
     * once written. If one failed, the writes after it are awaited but not acknowledged, the consumer seeks back to the
     * first offsets of them all and of the current batch ({@code current}: the first offset per partition), which are
     * then polled again, and false is returned.
     */
    private boolean finishWrites(Consumer<?, ?> consumer, int count, Map<TopicPartition, Long> current) {
        WritesInFlight writes = inFlight.get();
        for (int finished = 0; finished < count && !writes.isEmpty(); finished++) {
            Write oldest = writes.takeOldest();
            try {
                oldest.done().get();
            } catch (ExecutionException failed) {
                log.warn(
                        "Storing a batch failed ({}); polling it again to store it without overlap",
                        rootMessage(failed.getCause()));
                Map<TopicPartition, Long> from = new HashMap<>(oldest.firstOffsets());
                for (Write later = writes.takeOldest(); later != null; later = writes.takeOldest()) {
                    await(later);
                    later.firstOffsets().forEach((partition, offset) -> from.merge(partition, offset, Math::min));
                }
                current.forEach((partition, offset) -> from.merge(partition, offset, Math::min));
                from.forEach(consumer::seek);
                retaking.set(true);
                retaken.increment();
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while a batch was written; it is polled again", e);
            }
            oldest.ack().acknowledge();
            overlapped.increment();
        }
        return true;
    }

    /** Waits for a write whose batch is polled again whatever its outcome (stored twice, it changes nothing). */
    private static void await(Write write) {
        try {
            write.done().get();
        } catch (ExecutionException e) {
            // polled again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Logged as the container logs assignments when it has no rebalance listener of the application's. */
    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        log.info("partitions assigned: {}", partitions);
    }

    /** Batches being written when partitions go: acknowledged if stored, else polled again by their next owner. */
    @Override
    public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        log.info("partitions revoked: {}", partitions);
        finishWrites(consumer, Integer.MAX_VALUE, Map.of());
    }

    /** Partitions lost (no longer this member's, so nothing can be committed): writes are awaited, not acknowledged. */
    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        log.info("partitions lost: {}", partitions);
        WritesInFlight writes = inFlight.get();
        for (Write write = writes.takeOldest(); write != null; write = writes.takeOldest()) {
            await(write);
        }
    }

    /** Whether records wait beyond this batch, so the next poll brings more at once (and acknowledges this one). */
    private static boolean moreWaiting(Consumer<?, ?> consumer) {
        for (TopicPartition partition : consumer.assignment()) {
            OptionalLong lag = consumer.currentLag(partition);
            if (lag.isPresent() && lag.getAsLong() > 0) {
                return true;
            }
        }
        return false;
    }

    private static Map<TopicPartition, Long> firstOffsets(List<ConsumerRecord<String, PriceSnapshot>> records) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<String, PriceSnapshot> record : records) {
            first.putIfAbsent(new TopicPartition(record.topic(), record.partition()), record.offset());
        }
        return first;
    }

    /** Stores valid records, all from the start of the batch; a constraint violation is pinned on its record. */
    private void store(List<ConsumerRecord<String, PriceSnapshot>> records, List<PriceSnapshot> valid) {
        try {
            writer.write(valid);
        } catch (DataIntegrityViolationException batchRefused) {
            // One record breaks a database rule: store the others one at a time up to it, then dead-letter it.
            for (int index = 0; index < valid.size(); index++) {
                try {
                    writer.write(List.of(valid.get(index)));
                } catch (DataIntegrityViolationException refused) {
                    throw rejected(records.get(index), index, "refused by the database: " + rootMessage(refused));
                }
            }
            throw batchRefused; // refused as a batch but not one by one: retry the batch
        }
    }

    private static BatchListenerFailedException rejected(
            ConsumerRecord<String, PriceSnapshot> record, int index, String reason) {
        log.warn(
                "Rejecting price snapshot {}-{}@{} (key {}): {}",
                record.topic(),
                record.partition(),
                record.offset(),
                record.key(),
                reason);
        return new BatchListenerFailedException(reason, new PoisonRecordException(reason), index);
    }

    /**
     * The record could not be decoded because the schema registry is unavailable: the error handler polls it (and the
     * rest of the batch) again after a back-off, decoding it anew, and never dead-letters it.
     */
    private static BatchListenerFailedException unreadable(RegistryUnavailableException unavailable, int index) {
        log.warn(unavailable.getMessage());
        return new BatchListenerFailedException(unavailable.getMessage(), unavailable, index);
    }

    private Optional<String> problem(ConsumerRecord<String, PriceSnapshot> record) {
        if (record.value() == null) {
            Header failure = record.headers().lastHeader(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER);
            return Optional.of(failure != null ? "value could not be decoded" : "value is null (tombstone)");
        }
        return validation.problem(record.value());
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage()).lines().findFirst().orElse("");
    }

    @Override
    public void destroy() {
        writers.shutdownNow();
    }
}
