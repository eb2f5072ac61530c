package com.marketsync.writer.ingest;

import com.marketsync.events.PriceSnapshot;
import com.marketsync.writer.history.HistoryPartitions;
import com.marketsync.writer.ingest.SnapshotRepository.Stored;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Stores a batch of valid snapshots with one statement, so in one transaction: new ones into the history, the newest
 * per variant into latest prices, and a change event into the outbox for every latest price that is new or differs,
 * so writing the same batch twice changes nothing and publishes nothing. Snapshots older than the history retention
 * only take part in the latest-price comparison.
 */
@Service
public class SnapshotBatchWriter {

    private static final Logger log = LoggerFactory.getLogger(SnapshotBatchWriter.class);

    private final SnapshotRepository repository;
    private final HistoryPartitions partitions;
    private final ApplicationEventPublisher events;
    /**
     * Whether the calling thread's next batch is expected to be all new, so its history is appended without looking
     * for stored rows; a batch holding a stored snapshot turns this off until a batch is found all new again. Per
     * thread, since redeliveries and replays come in runs per consumer: a replay running beside the live consumers
     * does not make them look for stored rows, nor they it.
     */
    private final ThreadLocal<Boolean> expectNew = ThreadLocal.withInitial(() -> Boolean.TRUE);

    SnapshotBatchWriter(SnapshotRepository repository, HistoryPartitions partitions, ApplicationEventPublisher events) {
        this.repository = repository;
        this.partitions = partitions;
        this.events = events;
    }

    /** Writes the snapshots, which must have passed {@link SnapshotValidation}, and says what changed. */
    public Written write(List<PriceSnapshot> snapshots) {
        return write(prepare(snapshots));
    }

    /**
     * Orders and renders the snapshots, which must have passed {@link SnapshotValidation}, for {@link #write(Batch)}:
     * no database work, so one batch can be prepared while the one before it is written.
     */
    Batch prepare(List<PriceSnapshot> snapshots) {
        // the newest of each key first, in key order (the upsert's rows), then the others in batch order
        List<PriceSnapshot> newestPerKey = NewestPerKey.of(snapshots);
        Set<PriceSnapshot> newest = Collections.newSetFromMap(new IdentityHashMap<>());
        newest.addAll(newestPerKey);
        List<PriceSnapshot> rows = new ArrayList<>(snapshots.size());
        rows.addAll(newestPerKey);
        snapshots.stream().filter(s -> !newest.contains(s)).forEach(rows::add);

        Instant retainedFrom = partitions.retainedFrom();
        boolean[] isRetained = new boolean[rows.size()];
        boolean[] isNewest = new boolean[rows.size()];
        List<Instant> retained = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Instant observedAt = rows.get(i).getObservedAt();
            isRetained[i] = !observedAt.isBefore(retainedFrom);
            isNewest[i] = i < newestPerKey.size();
            if (isRetained[i]) {
                retained.add(observedAt);
            }
        }
        return new Batch(snapshots.size(), retained, SnapshotRepository.parameters(rows, isRetained, isNewest));
    }

    /** Writes a prepared batch and says what changed. */
    Written write(Batch batch) {
        if (batch.snapshots() == 0) {
            return Written.NOTHING;
        }
        partitions.ensureFor(batch.retained());
        Stored stored = null;
        if (expectNew.get()) {
            try {
                stored = repository.write(batch.parameters(), false);
            } catch (DuplicateKeyException storedBefore) {
                // redelivered or replayed: write again, skipping what is stored, and keep skipping while that lasts
                expectNew.set(false);
            }
        }
        if (stored == null) {
            stored = repository.write(batch.parameters(), true);
            expectNew.set(stored.newInHistory() == batch.retained().size());
        }
        Written written = new Written(batch.snapshots(), stored.newInHistory(), stored.changes());
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
     * A batch ordered and rendered for its statement.
     *
     * @param snapshots snapshots in the batch
     * @param retained observation instants of the snapshots within the history retention (their months' partitions
     *     must exist)
     * @param parameters the statement's parameters
     */
    record Batch(int snapshots, List<Instant> retained, Object[] parameters) {}

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
