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
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Consumes price snapshots a polled batch at a time and hands the valid ones to {@link SnapshotBatchWriter}; the
 * first undecodable or invalid record is sent to the dead-letter topic after the records before it are stored.
 */
@Component
class PriceSnapshotListener {

    private static final Logger log = LoggerFactory.getLogger(PriceSnapshotListener.class);

    private final SnapshotBatchWriter writer;

    PriceSnapshotListener(SnapshotBatchWriter writer) {
        this.writer = writer;
    }

    /** Offsets are committed after this returns (ack mode BATCH), so the database always commits first. */
    @KafkaListener(id = "market-writer", topics = Topics.PRICE_SNAPSHOTS, batch = "true")
    void on(List<ConsumerRecord<String, PriceSnapshot>> records) {
        List<PriceSnapshot> valid = new ArrayList<>(records.size());
        for (int index = 0; index < records.size(); index++) {
            ConsumerRecord<String, PriceSnapshot> record = records.get(index);
            Optional<String> problem = problem(record);
            if (problem.isPresent()) {
                // Store the good prefix now: the error handler commits the offsets before the failed record.
                writer.write(valid);
                String reason = problem.get();
                log.warn(
                        "Rejecting price snapshot {}-{}@{} (key {}): {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.key(),
                        reason);
                throw new BatchListenerFailedException(reason, new PoisonRecordException(reason), index);
            }
            valid.add(record.value());
        }
        writer.write(valid);
    }

    private static Optional<String> problem(ConsumerRecord<String, PriceSnapshot> record) {
        if (record.value() == null) {
            Header failure = record.headers().lastHeader(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER);
            return Optional.of(failure != null ? "value could not be decoded" : "value is null (tombstone)");
        }
        return SnapshotValidation.problem(record.value());
    }
}
