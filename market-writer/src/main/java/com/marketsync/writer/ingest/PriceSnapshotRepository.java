package com.marketsync.writer.ingest;

import static com.marketsync.writer.ingest.SnapshotColumns.*;

import com.marketsync.events.PriceSnapshot;
import com.marketsync.writer.ingest.SnapshotColumns.Column;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Appends snapshots to the price_snapshots history: all of them with COPY when none can be stored yet, or ignoring
 * ones already stored (same provider, sku, variant, region and observed_at, which is what the snapshot id is derived
 * from). The month partitions must exist.
 */
@Repository
class PriceSnapshotRepository {

    private static final List<Column> COLUMNS = List.of(
            SNAPSHOT_ID,
            REQUEST_ID,
            PROVIDER,
            SKU,
            PROVIDER_PRODUCT_ID,
            STYLE_CODE_RAW,
            VARIANT_KEY,
            PROVIDER_VARIANT_ID,
            SIZE,
            SIZE_SYSTEM,
            US_SIZE,
            CONDITION,
            PACKAGING,
            FULFILMENT,
            REGION,
            CURRENCY,
            LOWEST_ASK,
            HIGHEST_BID,
            LAST_SALE,
            LAST_SALE_AT,
            FLEX_LOWEST_ASK,
            DIRECT_LOWEST_ASK,
            SUGGESTED_SELL_FASTER,
            SUGGESTED_EARN_MORE,
            SUGGESTED_BEAT_US,
            GLOBAL_INDICATOR_PRICE,
            SALES_COUNT,
            SALES_WINDOW_START,
            SALES_WINDOW_END,
            LISTING_COUNT,
            OBSERVED_AT,
            FETCHED_AT,
            WARNINGS);

    private static final String INSERT = "INSERT INTO market.price_snapshots (" + names(COLUMNS) + ")\n"
            + "SELECT " + names(COLUMNS.subList(0, COLUMNS.size() - 1), "u.") + ", u.warnings::text[]\n"
            + "FROM " + unnest(COLUMNS) + "\n"
            + "ON CONFLICT (provider, sku, variant_key, region, observed_at) DO NOTHING";

    private static final String COPY = "COPY market.price_snapshots (" + names(COLUMNS) + ") FROM STDIN";

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;

    PriceSnapshotRepository(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
    }

    /**
     * Stores every snapshot with one COPY, PostgreSQL's fastest way in. Fails with a
     * {@link org.springframework.dao.DuplicateKeyException} (and leaves the transaction to be rolled back) if any of
     * them is stored already: then {@link #insertNew} is the way.
     */
    int copyAll(List<PriceSnapshot> snapshots) {
        if (snapshots.isEmpty()) {
            return 0;
        }
        byte[] rows = copyRows(COLUMNS, snapshots);
        Long copied = jdbcTemplate.execute((ConnectionCallback<Long>) connection -> {
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
            try {
                copy.writeToCopy(rows, 0, rows.length);
                return copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        });
        return Math.toIntExact(copied);
    }

    /** Inserts the snapshots in one statement and returns how many were new. */
    int insertNew(List<PriceSnapshot> snapshots) {
        if (snapshots.isEmpty()) {
            return 0;
        }
        return jdbc.sql(INSERT).params(arrays(COLUMNS, snapshots)).update();
    }
}
