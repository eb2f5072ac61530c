package com.marketsync.writer.ingest;

import static com.marketsync.writer.ingest.SnapshotColumns.*;

import com.marketsync.events.PriceSnapshot;
import com.marketsync.writer.ingest.SnapshotColumns.Column;
import java.util.List;
import java.util.function.Supplier;
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

    /** Rows rendered and sent at a time: small enough for PostgreSQL to start early, large enough to stay cheap. */
    private static final int ROWS_PER_CHUNK = 100;

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
     *
     * <p>The rows are sent in chunks as they are rendered, so PostgreSQL stores the first while the next are rendered,
     * and {@code meanwhile} runs while it stores the last ones: the caller's next step overlaps the COPY instead of
     * following it.
     *
     * @return how many rows were stored, and what {@code meanwhile} returned
     */
    <T> Copied<T> copyAll(List<PriceSnapshot> snapshots, Supplier<T> meanwhile) {
        if (snapshots.isEmpty()) {
            return new Copied<>(0, meanwhile.get());
        }
        return jdbcTemplate.execute((ConnectionCallback<Copied<T>>) connection -> {
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
            try {
                for (int from = 0; from < snapshots.size(); from += ROWS_PER_CHUNK) {
                    byte[] rows = copyRows(
                            COLUMNS, snapshots.subList(from, Math.min(snapshots.size(), from + ROWS_PER_CHUNK)));
                    copy.writeToCopy(rows, 0, rows.length);
                }
                copy.flushCopy();
                T result = meanwhile.get();
                return new Copied<>(Math.toIntExact(copy.endCopy()), result);
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        });
    }

    /**
     * What {@link #copyAll} did.
     *
     * @param rows snapshots stored
     * @param meanwhile what the work done during the COPY returned
     */
    record Copied<T>(int rows, T meanwhile) {}

    /** Inserts the snapshots in one statement and returns how many were new. */
    int insertNew(List<PriceSnapshot> snapshots) {
        if (snapshots.isEmpty()) {
            return 0;
        }
        return jdbc.sql(INSERT).params(arrays(COLUMNS, snapshots)).update();
    }
}
