package com.marketsync.writer.ingest;

import com.marketsync.events.PriceSnapshot;
import com.marketsync.kafka.PoisonRecordException;
import com.marketsync.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Consumes price snapshots a polled batch at a time and hands the valid ones to {@link SnapshotBatchWriter}. The
 * first undecodable or invalid record, or the first one the database refuses by a constraint, is sent to the
 * dead-letter topic after the records before it are stored; the records after it are polled again. Any other failure
 * (the database unreachable) fails the whole batch, which the error handler retries with the consumer paused, so
 * nothing is dead-lettered and the consumer stays in its group.
 */
@Component
class PriceSnapshotListener {

    static final String LISTENER_ID = "market-writer";

    private static final Logger log = LoggerFactory.getLogger(PriceSnapshotListener.class);

    private final SnapshotBatchWriter writer;
    private final SnapshotValidation validation;

    PriceSnapshotListener(SnapshotBatchWriter writer, SnapshotValidation validation) {
        this.writer = writer;
        this.validation = validation;
    }

    /** Offsets are committed after this returns (ack mode BATCH), so the database always commits first. */
    @KafkaListener(
            id = LISTENER_ID,
            // the group is spring.kafka.consumer.group-id (market-writer by default), not the listener id
            idIsGroup = false,
            topics = Topics.PRICE_SNAPSHOTS,
            batch = "true",
            // run as a one-off command (market.writer.command), the writer does not consume live
            autoStartup = "#{'${market.writer.command:}'.isEmpty()}")
    void on(List<ConsumerRecord<String, PriceSnapshot>> records) {
        List<PriceSnapshot> valid = new ArrayList<>(records.size());
        for (int index = 0; index < records.size(); index++) {
            ConsumerRecord<String, PriceSnapshot> record = records.get(index);
            Optional<String> problem = problem(record);
            if (problem.isPresent()) {
                // Store the good prefix now: the error handler commits the offsets before the failed record.
                store(records, valid);
                throw rejected(record, index, problem.get());
            }
            valid.add(record.value());
        }
        store(records, valid);
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
}
