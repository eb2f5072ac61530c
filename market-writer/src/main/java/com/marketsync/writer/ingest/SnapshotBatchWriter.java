package com.marketsync.writer.ingest;

import com.marketsync.events.PriceSnapshot;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores a batch of valid snapshots in one transaction: new ones into the history, the newest per variant into
 * latest prices, so writing the same batch twice changes nothing.
 */
@Service
class SnapshotBatchWriter {

    private static final Logger log = LoggerFactory.getLogger(SnapshotBatchWriter.class);

    private final PriceSnapshotRepository history;
    private final LatestPriceRepository latest;

    SnapshotBatchWriter(PriceSnapshotRepository history, LatestPriceRepository latest) {
        this.history = history;
        this.latest = latest;
    }

    /** Writes the snapshots; they must have passed {@link SnapshotValidation}. */
    @Transactional
    public void write(List<PriceSnapshot> snapshots) {
        if (snapshots.isEmpty()) {
            return;
        }
        int inserted = history.insertNew(snapshots);
        int advanced = latest.upsertNewer(NewestPerKey.of(snapshots));
        log.debug(
                "Wrote {} snapshots: {} new in history, {} latest prices inserted or advanced",
                snapshots.size(),
                inserted,
                advanced);
    }
}
