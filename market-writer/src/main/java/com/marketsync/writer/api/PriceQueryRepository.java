package com.marketsync.writer.api;

import com.marketsync.events.Provider;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads latest_prices and the price_snapshots history for the price API. Every history read is bounded by
 * observed_at, so a table partitioned by observed_at only visits the partitions of the window.
 */
@Repository
class PriceQueryRepository {

    private static final List<String> ALL_PROVIDERS =
            Arrays.stream(Provider.values()).map(Enum::name).toList();

    private static final String LATEST_COLUMNS = """
            provider, region, variant_key, provider_variant_id, size, size_system, us_size, condition, packaging,
            fulfilment, currency, lowest_ask, highest_bid, last_sale, last_sale_at, flex_lowest_ask,
            direct_lowest_ask, suggested_sell_faster, suggested_earn_more, suggested_beat_us, global_indicator_price,
            sales_count, listing_count, snapshot_id, observed_at, verified_at, changed_at
            """;

    private static final String HISTORY_COLUMNS = """
            snapshot_id, request_id, provider, provider_product_id, region, variant_key, provider_variant_id, size,
            size_system, us_size, condition, packaging, fulfilment, currency, lowest_ask, highest_bid, last_sale,
            last_sale_at, flex_lowest_ask, direct_lowest_ask, suggested_sell_faster, suggested_earn_more,
            suggested_beat_us, global_indicator_price, sales_count, sales_window_start, sales_window_end,
            listing_count, observed_at, fetched_at, warnings
            """;

    private final JdbcClient jdbc;

    PriceQueryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Latest prices of a sku, optionally narrowed to one provider and/or region (null means any). */
    List<CurrentPriceView> latest(String sku, String provider, String region, Instant now) {
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(LATEST_COLUMNS)
                .append(" FROM market.latest_prices WHERE sku = :sku");
        Map<String, Object> params = new TreeMap<>(Map.of("sku", sku));
        if (provider != null) {
            sql.append(" AND provider = :provider");
            params.put("provider", provider);
        }
        if (region != null) {
            sql.append(" AND region = :region");
            params.put("region", region);
        }
        sql.append(" ORDER BY provider, region, size_system, size, variant_key");
        return jdbc.sql(sql.toString())
                .params(params)
                .query((rs, row) -> current(rs, now))
                .list();
    }

    /** Whether latest_prices holds any row of the sku. */
    boolean hasLatest(String sku) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM market.latest_prices WHERE sku = :sku)")
                .param("sku", sku)
                .query(Boolean.class)
                .single();
    }

    /** Whether the history holds any row of the sku, whenever observed. */
    boolean hasHistory(String sku) {
        // naming every provider lets the (provider, sku, ...) index find the sku instead of scanning the table
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM market.price_snapshots WHERE provider IN (:providers)"
                        + " AND sku = :sku)")
                .param("providers", ALL_PROVIDERS)
                .param("sku", sku)
                .query(Boolean.class)
                .single();
    }

    /** One page of history, newest first, ties on observed_at broken by snapshot_id. */
    List<HistoricPriceView> history(HistoryQuery query) {
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(HISTORY_COLUMNS)
                .append(" FROM market.price_snapshots WHERE provider IN (:providers) AND sku = :sku")
                .append(" AND observed_at >= :from AND observed_at < :to");
        Map<String, Object> params = new TreeMap<>();
        params.put("providers", query.provider() == null ? ALL_PROVIDERS : List.of(query.provider()));
        params.put("sku", query.sku());
        params.put("from", timestamp(query.from()));
        params.put("to", timestamp(query.to()));
        if (query.region() != null) {
            sql.append(" AND region = :region");
            params.put("region", query.region());
        }
        if (query.size() != null) {
            sql.append(" AND size = :size");
            params.put("size", query.size());
        }
        if (query.after() != null) {
            sql.append(" AND (observed_at, snapshot_id) < (:afterObservedAt, :afterSnapshotId)");
            params.put("afterObservedAt", timestamp(query.after().observedAt()));
            params.put("afterSnapshotId", query.after().snapshotId());
        }
        sql.append(" ORDER BY observed_at DESC, snapshot_id DESC LIMIT :limit");
        params.put("limit", query.limit());
        return jdbc.sql(sql.toString())
                .params(params)
                .query((rs, row) -> historic(rs))
                .list();
    }

    private static CurrentPriceView current(ResultSet rs, Instant now) throws SQLException {
        Instant verifiedAt = instant(rs, "verified_at");
        return new CurrentPriceView(
                rs.getString("provider"),
                rs.getString("region"),
                rs.getString("variant_key"),
                rs.getString("provider_variant_id"),
                rs.getString("size"),
                rs.getString("size_system"),
                rs.getString("us_size"),
                rs.getString("condition"),
                rs.getString("packaging"),
                rs.getString("fulfilment"),
                rs.getString("currency"),
                rs.getBigDecimal("lowest_ask"),
                rs.getBigDecimal("highest_bid"),
                rs.getBigDecimal("last_sale"),
                instant(rs, "last_sale_at"),
                rs.getBigDecimal("flex_lowest_ask"),
                rs.getBigDecimal("direct_lowest_ask"),
                rs.getBigDecimal("suggested_sell_faster"),
                rs.getBigDecimal("suggested_earn_more"),
                rs.getBigDecimal("suggested_beat_us"),
                rs.getBigDecimal("global_indicator_price"),
                rs.getObject("sales_count", Integer.class),
                rs.getObject("listing_count", Integer.class),
                rs.getString("snapshot_id"),
                instant(rs, "observed_at"),
                verifiedAt,
                instant(rs, "changed_at"),
                ageSeconds(verifiedAt, now));
    }

    private static HistoricPriceView historic(ResultSet rs) throws SQLException {
        return new HistoricPriceView(
                rs.getString("snapshot_id"),
                rs.getString("request_id"),
                rs.getString("provider"),
                rs.getString("provider_product_id"),
                rs.getString("region"),
                rs.getString("variant_key"),
                rs.getString("provider_variant_id"),
                rs.getString("size"),
                rs.getString("size_system"),
                rs.getString("us_size"),
                rs.getString("condition"),
                rs.getString("packaging"),
                rs.getString("fulfilment"),
                rs.getString("currency"),
                rs.getBigDecimal("lowest_ask"),
                rs.getBigDecimal("highest_bid"),
                rs.getBigDecimal("last_sale"),
                instant(rs, "last_sale_at"),
                rs.getBigDecimal("flex_lowest_ask"),
                rs.getBigDecimal("direct_lowest_ask"),
                rs.getBigDecimal("suggested_sell_faster"),
                rs.getBigDecimal("suggested_earn_more"),
                rs.getBigDecimal("suggested_beat_us"),
                rs.getBigDecimal("global_indicator_price"),
                rs.getObject("sales_count", Integer.class),
                instant(rs, "sales_window_start"),
                instant(rs, "sales_window_end"),
                rs.getObject("listing_count", Integer.class),
                instant(rs, "observed_at"),
                instant(rs, "fetched_at"),
                texts(rs.getArray("warnings")));
    }

    /** Whole seconds since the prices were last confirmed; 0 for a confirmation stamped ahead of this clock. */
    private static long ageSeconds(Instant verifiedAt, Instant now) {
        return verifiedAt == null
                ? 0
                : Math.max(0, Duration.between(verifiedAt, now).getSeconds());
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static List<String> texts(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        try {
            // Arrays.asList, not List.of: a NULL element must not fail the whole page
            return Collections.unmodifiableList(Arrays.asList((String[]) array.getArray()));
        } finally {
            array.free();
        }
    }
}
