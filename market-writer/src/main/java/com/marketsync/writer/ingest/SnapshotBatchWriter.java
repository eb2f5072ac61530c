package com.marketsync.writer.ingest;

import com.marketsync.events.PriceSnapshot;
import com.marketsync.writer.changes.LatestPricePublisher;
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
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores a batch of valid snapshots with one statement, new ones into the history and the newest per variant into
 * latest prices, and publishes a change event for every latest price that is new or differs before the transaction
 * commits, so writing the same batch twice changes nothing and publishes nothing. Snapshots older than the history
 * retention only take part in the latest-price comparison.
 */
@Service
public class SnapshotBatchWriter {

    private static final Logger log = LoggerFactory.getLogger(SnapshotBatchWriter.class);

    private final SnapshotRepository repository;
    private final HistoryPartitions partitions;
    private final LatestPricePublisher publisher;
    private final TransactionTemplate transaction;
    /**
     * Whether the calling thread's next batch is expected to be all new, so its history is appended without looking
     * for stored rows; a batch holding a stored snapshot turns this off until a batch is found all new again. Per
     * thread, since redeliveries and replays come in runs per consumer: a replay running beside the live consumers
     * does not make them look for stored rows, nor they it.
     */
    private final ThreadLocal<Boolean> expectNew = ThreadLocal.withInitial(() -> Boolean.TRUE);

    SnapshotBatchWriter(
            SnapshotRepository repository,
            HistoryPartitions partitions,
            LatestPricePublisher publisher,
            TransactionTemplate transaction) {
        this.repository = repository;
        this.partitions = partitions;
        this.publisher = publisher;
        this.transaction = transaction;
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
        return new Batch(
                snapshots.size(), retained, newestPerKey, SnapshotRepository.parameters(rows, isRetained, isNewest));
    }

    /** Writes a prepared batch and says what changed. */
    Written write(Batch batch) {
        if (batch.snapshots() == 0) {
            return Written.NOTHING;
        }
        partitions.ensureFor(batch.retained());
        Written written = null;
        if (expectNew.get()) {
            try {
                written = transaction.execute(status -> store(batch, false));
            } catch (DuplicateKeyException storedBefore) {
                // redelivered or replayed: write again, skipping what is stored, and keep skipping while that lasts
                expectNew.set(false);
            }
        }
        if (written == null) {
            written = transaction.execute(status -> store(batch, true));
            expectNew.set(written.newInHistory() == batch.retained().size());
        }
        log.debug(
                "Wrote {} snapshots: {} new in history, {} latest prices new or changed",
                written.snapshots(),
                written.newInHistory(),
                written.changes());
        return written;
    }

    /**
     * Runs the batch's statement and publishes a change event for every latest price it inserted or changed, in the
     * caller's transaction: it commits only once the broker acknowledged the events.
     */
    private Written store(Batch batch, boolean skipStored) {
        Stored stored = repository.write(batch.parameters(), skipStored);
        List<PriceSnapshot> changes = batch.newest().stream()
                .filter(s -> stored.changed().contains(s.getSnapshotId()))
                .toList();
        publisher.publishChanges(changes);
        return new Written(batch.snapshots(), stored.newInHistory(), changes.size());
    }

    /**
     * A batch ordered and rendered for its statement.
     *
     * @param snapshots snapshots in the batch
     * @param retained observation instants of the snapshots within the history retention (their months' partitions
     *     must exist)
     * @param newest the newest snapshot of each key, in key order
     * @param parameters the statement's parameters
     */
    record Batch(int snapshots, List<Instant> retained, List<PriceSnapshot> newest, Object[] parameters) {}

    /**
     * What one write did.
     *
     * @param snapshots snapshots written
     * @param newInHistory history rows inserted (re-sent, replayed or expired snapshots add none)
     * @param changes latest prices inserted or changed, one change event published for each
     */
    public record Written(int snapshots, int newInHistory, int changes) {

        static final Written NOTHING = new Written(0, 0, 0);

        public Written plus(Written other) {
            return new Written(snapshots + other.snapshots, newInHistory + other.newInHistory, changes + other.changes);
        }
    }
}
