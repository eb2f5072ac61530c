package com.marketsync.faults;

import com.marketsync.faults.SnapshotKey.Observation;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Reads what the writer stored in one database: history and latest prices. */
final class WriterDatabase {

    private final String jdbcUrl;
    private final JdbcClient jdbc;

    WriterDatabase(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
        this.jdbc = JdbcClient.create(new DriverManagerDataSource(jdbcUrl, "postgres", "postgres"));
    }

    /** The Spring properties that point the writer at this database. */
    Map<String, String> writerProperties() {
        return Map.of(
                "spring.datasource.url", jdbcUrl,
                "spring.datasource.username", "postgres",
                "spring.datasource.password", "postgres");
    }

    long historyRows() {
        return count("SELECT count(*) FROM market.price_snapshots");
    }

    /** How many history rows hold each observation (1 each when nothing is duplicated). */
    Map<Observation, Integer> historyObservations() {
        Map<Observation, Integer> rows = new HashMap<>();
        jdbc.sql("SELECT provider, sku, variant_key, region, observed_at FROM market.price_snapshots")
                .query(rs -> {
                    rows.merge(key(rs).at(instant(rs, "observed_at").toInstant()), 1, Integer::sum);
                });
        return rows;
    }

    /** Every latest price row by its key, columns by name (timestamps as {@link OffsetDateTime}). */
    Map<SnapshotKey, Map<String, Object>> latestPrices() {
        Map<SnapshotKey, Map<String, Object>> rows = new LinkedHashMap<>();
        jdbc.sql("SELECT * FROM market.latest_prices ORDER BY provider, sku, variant_key, region")
                .query(rs -> {
                    rows.put(key(rs), row(rs));
                });
        return rows;
    }

    /**
     * A digest of a whole table's contents, every column included, for comparing it before and after an operation
     * that must not change it.
     */
    String digest(String table, String orderBy) {
        return jdbc.sql("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY " + orderBy
                        + ")), '-') FROM " + table + " t")
                .query(String.class)
                .single();
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private static SnapshotKey key(ResultSet rs) throws SQLException {
        return new SnapshotKey(
                rs.getString("provider"), rs.getString("sku"), rs.getString("variant_key"), rs.getString("region"));
    }

    private static OffsetDateTime instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class);
    }

    private static Map<String, Object> row(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int column = 1; column <= meta.getColumnCount(); column++) {
            String name = meta.getColumnName(column);
            Object value = meta.getColumnTypeName(column).startsWith("timestamp")
                    ? rs.getObject(column, OffsetDateTime.class)
                    : rs.getObject(column);
            row.put(name, value instanceof Array array ? List.of((Object[]) array.getArray()) : value);
        }
        return row;
    }
}
