package com.marketsync.writer.ingest;

import static com.marketsync.writer.ingest.SnapshotColumns.*;

import com.marketsync.events.PriceSnapshot;
import com.marketsync.writer.ingest.SnapshotColumns.Column;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Keeps latest_prices at the newest observation of each variant (older or replayed snapshots never win) and queues a
 * change event in the outbox for every new or changed price.
 */
@Repository
class LatestPriceRepository {

    private static final List<Column> KEY = List.of(PROVIDER, SKU, VARIANT_KEY, REGION);

    /** Columns a newer snapshot overwrites; the key is the conflict target and stays. */
    private static final List<Column> VALUES = Stream.concat(
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

    private static final List<Column> COLUMNS =
            Stream.concat(KEY.stream(), VALUES.stream()).toList();

    /**
     * What moves changed_at. Currency belongs here: the same digits in another currency are another price.
     * last_sale_at and the counts do not: a new sale at the same price confirms the price rather than changes it.
     */
    private static final List<Column> COMPARED =
            Stream.concat(Stream.of(CURRENCY), PRICES.stream()).toList();

    /** What a change event carries: the row's identity, prices and their timestamps (not verified_at). */
    private static final String EVENT_COLUMNS = names(COLUMNS) + ", changed_at";

    /**
     * The newer-wins upsert, and in the same statement (so in the same transaction) one outbox row for every latest
     * row it inserted or whose prices it changed: changed_at equals observed_at exactly then. A newer snapshot that
     * only re-confirms the prices moves verified_at, keeps changed_at, and queues nothing.
     */
    private static final String UPSERT = "WITH upserted AS (\n"
            + "INSERT INTO market.latest_prices AS l (" + names(COLUMNS)
            + ", verified_at, changed_at)\n"
            + "SELECT " + names(COLUMNS, "u.") + ", u.observed_at, u.observed_at\n"
            + "FROM " + unnest(COLUMNS) + "\n"
            + "ON CONFLICT (provider, sku, variant_key, region) DO UPDATE SET\n"
            + VALUES.stream().map(c -> c.name() + " = EXCLUDED." + c.name()).collect(Collectors.joining(",\n"))
            + ",\nverified_at = EXCLUDED.observed_at"
            + ",\nchanged_at = CASE WHEN (" + names(COMPARED, "l.") + ") IS DISTINCT FROM ("
            + names(COMPARED, "EXCLUDED.") + ") THEN EXCLUDED.observed_at ELSE l.changed_at END"
            + ",\nupdated_at = now()\n"
            // Equal observed_at is a replay of what the row already holds: leave it, timestamps included.
            + "WHERE l.observed_at < EXCLUDED.observed_at\n"
            + "RETURNING " + names(COLUMNS, "l.") + ", l.changed_at)\n"
            + "INSERT INTO market.latest_price_outbox (" + EVENT_COLUMNS + ")\n"
            + "SELECT " + EVENT_COLUMNS + " FROM upserted WHERE changed_at = observed_at";

    private final JdbcClient jdbc;

    LatestPriceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Renders snapshots, which must be distinct per key (see {@link NewestPerKey}), for {@link #upsertNewer}. */
    Upsert prepare(List<PriceSnapshot> newestPerKey) {
        return new Upsert(newestPerKey.size(), arrays(COLUMNS, newestPerKey));
    }

    /** Runs a prepared upsert, queues a change event for every row inserted or changed, and says how many. */
    int upsertNewer(Upsert upsert) {
        if (upsert.rows() == 0) {
            return 0;
        }
        return jdbc.sql(UPSERT).params(upsert.parameters()).update();
    }

    /**
     * Snapshots rendered as the upsert's parameters.
     *
     * @param rows how many snapshots
     * @param parameters one array per column
     */
    record Upsert(int rows, Object[] parameters) {}
}
