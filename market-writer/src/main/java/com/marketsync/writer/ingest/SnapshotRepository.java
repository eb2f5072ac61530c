package com.marketsync.writer.ingest;

import static com.marketsync.writer.ingest.SnapshotColumns.*;

import com.marketsync.events.PriceSnapshot;
import com.marketsync.writer.ingest.SnapshotColumns.Column;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Stores a batch with one statement: its snapshots appended to the price_snapshots history, the newest of each variant
 * upserted into latest_prices (older or replayed snapshots never win), returning the snapshot ids of the latest prices
 * it inserted or changed. The batch travels once, as one array per column, and PostgreSQL reads it once for both
 * tables. The month partitions must exist.
 */
@Repository
class SnapshotRepository {

    /** The history row: every column but written_at, which is the transaction's now(). */
    private static final List<Column> HISTORY = List.of(
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

    private static final List<Column> LATEST_KEY = List.of(PROVIDER, SKU, VARIANT_KEY, REGION);

    /** Columns of a latest price that a newer snapshot overwrites; the key is the conflict target and stays. */
    private static final List<Column> LATEST_VALUES = Stream.concat(
                    Stream.of(
                            PROVIDER_VARIANT_ID,
                            SIZE,
                            SIZE_SYSTEM,
                            US_SIZE,
                            CONDITION,
                            PACKAGING,
                            FULFILMENT,
                            CURRENCY,
                            LAST_SALE_AT,
                            SALES_COUNT,
                            LISTING_COUNT,
                            SNAPSHOT_ID,
                            OBSERVED_AT),
                    PRICES.stream())
            .toList();

    private static final List<Column> LATEST =
            Stream.concat(LATEST_KEY.stream(), LATEST_VALUES.stream()).toList();

    /**
     * What moves changed_at. Currency belongs here: the same digits in another currency are another price.
     * last_sale_at and the counts do not: a new sale at the same price confirms the price rather than changes it.
     */
    private static final List<Column> COMPARED =
            Stream.concat(Stream.of(CURRENCY), PRICES.stream()).toList();

    /** The history's unique key: a snapshot stored before is the same variant observed at the same instant. */
    private static final String HISTORY_KEY = "(provider, sku, variant_key, region, observed_at)";

    /** Appends every history row; fails as a whole if one of them is stored already. */
    private static final String APPEND = statement("", "");

    /**
     * Appends the history rows not stored yet (redelivered or replayed batches), and offers the upsert only the
     * snapshots newer than their latest price: in such batches most are not, and the upsert locks the row of every
     * conflict it is offered, even one its WHERE then leaves alone. A latest price only moves forward, so a snapshot
     * left out here could not have won.
     */
    private static final String APPEND_NEW = statement(
            "ON CONFLICT " + HISTORY_KEY + " DO NOTHING\n",
            "AND NOT EXISTS (SELECT 1 FROM market.latest_prices c WHERE c.provider = u.provider AND c.sku = u.sku"
                    + " AND c.variant_key = u.variant_key AND c.region = u.region"
                    + " AND c.observed_at >= u.observed_at)\n");

    /**
     * The batch's rows in u, each flagged whether it goes to the history (within the retention) and whether it is its
     * key's newest (the upsert's rows, distinct per key). The upsert inserts a latest row or overwrites one observed
     * earlier, and the statement returns the snapshot ids of the latest rows it inserted or whose prices it changed:
     * changed_at equals observed_at exactly then. A newer snapshot that only re-confirms the prices moves
     * verified_at, keeps changed_at, and is not returned.
     */
    private static String statement(String historyConflict, String upsertFilter) {
        return "WITH u AS MATERIALIZED (SELECT " + typed(HISTORY) + ", retained, newest FROM (SELECT "
                + unnested(HISTORY) + ", unnest(?::boolean[]) AS retained, unnest(?::boolean[]) AS newest) a),\n"
                + "history AS (INSERT INTO market.price_snapshots (" + names(HISTORY) + ")\n"
                + "SELECT " + names(HISTORY.subList(0, HISTORY.size() - 1)) + ", warnings::text[]\n"
                + "FROM u WHERE retained\n"
                + historyConflict
                + "RETURNING 1),\n"
                + "upserted AS (INSERT INTO market.latest_prices AS l (" + names(LATEST)
                + ", verified_at, changed_at)\n"
                + "SELECT " + names(LATEST) + ", observed_at, observed_at\n"
                + "FROM u WHERE newest\n"
                + upsertFilter
                + "ON CONFLICT (provider, sku, variant_key, region) DO UPDATE SET\n"
                + LATEST_VALUES.stream()
                        .map(c -> c.name() + " = EXCLUDED." + c.name())
                        .collect(Collectors.joining(",\n"))
                + ",\nverified_at = EXCLUDED.observed_at"
                + ",\nchanged_at = CASE WHEN (" + names(COMPARED, "l.") + ") IS DISTINCT FROM ("
                + names(COMPARED, "EXCLUDED.") + ") THEN EXCLUDED.observed_at ELSE l.changed_at END"
                + ",\nupdated_at = now()\n"
                // Equal observed_at is a replay of what the row already holds: leave it, timestamps included.
                + "WHERE l.observed_at < EXCLUDED.observed_at\n"
                + "RETURNING l.snapshot_id, l.changed_at = l.observed_at AS changed)\n"
                + "SELECT (SELECT count(*) FROM history) AS stored,"
                + " ARRAY(SELECT snapshot_id FROM upserted WHERE changed) AS changed";
    }

    private final JdbcClient jdbc;

    SnapshotRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The statement's parameters for the rows: those flagged {@code retained} go to the history, those flagged
     * {@code newest} (which must be distinct per key and come in key order, so that concurrent writers lock rows in
     * one order) to the latest prices. Rendering touches no connection, so it can be done while another batch is
     * written.
     */
    static Object[] parameters(List<PriceSnapshot> rows, boolean[] retained, boolean[] newest) {
        Object[] arrays = arrays(HISTORY, rows);
        Object[] parameters = new Object[arrays.length + 2];
        System.arraycopy(arrays, 0, parameters, 0, arrays.length);
        parameters[arrays.length] = retained;
        parameters[arrays.length + 1] = newest;
        return parameters;
    }

    /**
     * Writes rows rendered by {@link #parameters}. Unless {@code skipStored}, fails as a whole, storing nothing, with
     * a {@link org.springframework.dao.DuplicateKeyException} if a history row is stored already.
     */
    Stored write(Object[] parameters, boolean skipStored) {
        return jdbc.sql(skipStored ? APPEND_NEW : APPEND)
                .params(parameters)
                .query((rs, row) -> new Stored(rs.getInt("stored"), Set.of((String[])
                        rs.getArray("changed").getArray())))
                .single();
    }

    /**
     * What one statement did.
     *
     * @param newInHistory history rows inserted
     * @param changed snapshot ids of the latest prices inserted or changed
     */
    record Stored(int newInHistory, Set<String> changed) {}
}
