package com.marketsync.writer.ingest;

import com.marketsync.events.PriceSnapshot;
import com.marketsync.writer.history.HistoryPartitions;
import com.marketsync.writer.ingest.LatestPriceRepository.Upsert;
import com.marketsync.writer.ingest.PriceSnapshotRepository.Copied;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores a batch of valid snapshots in one transaction: new ones into the history (by COPY while batches arrive all
 * new, as they do unless redelivered or replayed), the newest per variant into latest prices, and a change event into
 * the outbox for every latest price that is new or differs, so writing the same batch twice changes nothing and
 * publishes nothing. Snapshots older than the history retention only take part in the latest-price comparison.
 */
@Service
public class SnapshotBatchWriter {

    private static final Logger log = LoggerFactory.getLogger(SnapshotBatchWriter.class);

    private final PriceSnapshotRepository history;
    private final LatestPriceRepository latest;
    private final HistoryPartitions partitions;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    /**
     * Whether the calling thread's next batch is expected to be all new, so its history is COPYed; a batch holding a
     * stored snapshot turns this off until a batch is found all new again. Per thread, since redeliveries and replays
     * come in runs per consumer: a replay running beside the live consumers does not make them skip COPY, nor they it.
     */
    private final ThreadLocal<Boolean> copyHistory = ThreadLocal.withInitial(() -> Boolean.TRUE);

    SnapshotBatchWriter(
            PriceSnapshotRepository history,
            LatestPriceRepository latest,
            HistoryPartitions partitions,
            TransactionTemplate transaction,
            ApplicationEventPublisher events) {
        this.history = history;
        this.latest = latest;
        this.partitions = partitions;
        this.transaction = transaction;
        this.events = events;
    }

    /** Writes the snapshots, which must have passed {@link SnapshotValidation}, and says what changed. */
    public Written write(List<PriceSnapshot> snapshots) {
        if (snapshots.isEmpty()) {
            return Written.NOTHING;
        }
        Instant retainedFrom = partitions.retainedFrom();
        List<PriceSnapshot> retained = snapshots.stream()
                .filter(s -> !s.getObservedAt().isBefore(retainedFrom))
                .toList();
        partitions.ensureFor(retained.stream().map(PriceSnapshot::getObservedAt).toList());
        List<PriceSnapshot> newestPerKey = NewestPerKey.of(snapshots);
        Written written = null;
        if (copyHistory.get()) {
            try {
                written = transaction.execute(status -> {
                    // the upsert is rendered while PostgreSQL stores the COPYed rows
                    Copied<Upsert> copied = history.copyAll(retained, () -> latest.prepare(newestPerKey));
                    return new Written(snapshots.size(), copied.rows(), latest.upsertNewer(copied.meanwhile()));
                });
            } catch (DuplicateKeyException storedBefore) {
                // redelivered or replayed: write again, skipping what is stored, and keep skipping while that lasts
                copyHistory.set(false);
            }
        }
        if (written == null) {
            written = transaction.execute(status -> new Written(
                    snapshots.size(), history.insertNew(retained), latest.upsertNewer(latest.prepare(newestPerKey))));
            copyHistory.set(written.newInHistory() == retained.size());
        }
        if (written.changes() > 0) {
            events.publishEvent(new LatestPricesChanged(written.changes()));
        }
        log.debug(
                "Wrote {} snapshots: {} new in history, {} latest prices new or changed",
                written.snapshots(),
                written.newInHistory(),
                written.changes());
        return written;
    }

    /**
     * What one write did.
     *
     * @param snapshots snapshots written
     * @param newInHistory history rows inserted (re-sent, replayed or expired snapshots add none)
     * @param changes latest prices inserted or changed, one change event queued for each
     */
    public record Written(int snapshots, int newInHistory, int changes) {

        static final Written NOTHING = new Written(0, 0, 0);

        public Written plus(Written other) {
            return new Written(snapshots + other.snapshots, newInHistory + other.newInHistory, changes + other.changes);
        }
    }

    /**
     * Published after a write committed change events to the outbox, so the relay publishes them without waiting.
     *
     * @param count change events queued
     */
    public record LatestPricesChanged(int count) {}
}
