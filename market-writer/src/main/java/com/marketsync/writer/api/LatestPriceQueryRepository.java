package com.marketsync.writer.api;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads latest_prices for operators. */
@Repository
class LatestPriceQueryRepository {

    private static final String SELECT = """
            SELECT sku, provider, region, variant_key, provider_variant_id, size, size_system, us_size, condition,
                   packaging, fulfilment, currency, lowest_ask, highest_bid, last_sale, last_sale_at, flex_lowest_ask,
                   direct_lowest_ask, suggested_sell_faster, suggested_earn_more, suggested_beat_us,
                   global_indicator_price, sales_count, listing_count, snapshot_id, observed_at, verified_at,
                   changed_at, updated_at
            FROM market.latest_prices
            WHERE sku = :sku
              AND (CAST(:provider AS text) IS NULL OR provider = :provider)
              AND (CAST(:region AS text) IS NULL OR region = :region)
            ORDER BY provider, region, size_system, size, variant_key
            """;

    private final JdbcClient jdbc;

    LatestPriceQueryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Latest prices of a sku, optionally narrowed to one provider and/or region (null means any). */
    List<LatestPriceView> find(String sku, String provider, String region) {
        return jdbc.sql(SELECT)
                .param("sku", sku)
                .param("provider", provider)
                .param("region", region)
                .query((rs, row) -> view(rs))
                .list();
    }

    private static LatestPriceView view(ResultSet rs) throws SQLException {
        return new LatestPriceView(
                rs.getString("sku"),
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
                amount(rs, "lowest_ask"),
                amount(rs, "highest_bid"),
                amount(rs, "last_sale"),
                instant(rs, "last_sale_at"),
                amount(rs, "flex_lowest_ask"),
                amount(rs, "direct_lowest_ask"),
                amount(rs, "suggested_sell_faster"),
                amount(rs, "suggested_earn_more"),
                amount(rs, "suggested_beat_us"),
                amount(rs, "global_indicator_price"),
                rs.getObject("sales_count", Integer.class),
                rs.getObject("listing_count", Integer.class),
                rs.getString("snapshot_id"),
                instant(rs, "observed_at"),
                instant(rs, "verified_at"),
                instant(rs, "changed_at"),
                instant(rs, "updated_at"));
    }

    private static String amount(ResultSet rs, String column) throws SQLException {
        BigDecimal value = rs.getBigDecimal(column);
        return value == null ? null : value.toPlainString();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
