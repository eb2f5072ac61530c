package com.marketsync.writer.changes;

import com.marketsync.events.Fulfilment;
import com.marketsync.events.LatestPrice;
import com.marketsync.events.PackagingCondition;
import com.marketsync.events.ProductCondition;
import com.marketsync.events.Provider;
import com.marketsync.events.SizeSystem;
import com.marketsync.events.Variant;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Republishes every latest price to {@code market.latest-prices}, for a subscriber that starts from an empty topic
 * (or one whose compaction history is gone), a chunk of rows in key order at a time. Each chunk is read {@code FOR
 * SHARE} and published before its transaction ends, so a concurrent change of one of its rows waits, and its event
 * follows the older state rather than being overtaken by it.
 */
@Service
public class LatestPriceRepublisher {

    private static final Logger log = LoggerFactory.getLogger(LatestPriceRepublisher.class);
    private static final int CHUNK = 1000;

    /** The next chunk after a key, in key order (the empty strings sort below every key). */
    private static final String CHUNK_QUERY = "SELECT * FROM market.latest_prices"
            + " WHERE (CAST(? AS text) IS NULL OR provider = ?) AND (provider, sku, variant_key, region) > (?, ?, ?, ?)"
            + " ORDER BY provider, sku, variant_key, region LIMIT " + CHUNK + " FOR SHARE";

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final LatestPricePublisher publisher;

    LatestPriceRepublisher(JdbcClient jdbc, TransactionTemplate transaction, LatestPricePublisher publisher) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.publisher = publisher;
    }

    /** Publishes every latest price (optionally of one provider) again; returns how many were published. */
    public int republishAll(String provider) {
        int published = 0;
        Object[] after = {"", "", "", ""};
        List<LatestPrice> chunk;
        do {
            Object[] key = after;
            chunk = transaction.execute(status -> {
                List<LatestPrice> events = jdbc.sql(CHUNK_QUERY)
                        .params(provider, provider, key[0], key[1], key[2], key[3])
                        .query((rs, row) -> latestPrice(rs))
                        .list();
                publisher.publish(events);
                return events;
            });
            published += chunk.size();
            if (!chunk.isEmpty()) {
                LatestPrice last = chunk.getLast();
                after = new Object[] {
                    last.getProvider().name(), last.getSku(), last.getVariant().getVariantKey(), last.getRegion()
                };
            }
        } while (chunk.size() == CHUNK);
        log.info("Republished {} latest prices to market.latest-prices", published);
        return published;
    }

    private static LatestPrice latestPrice(ResultSet rs) throws SQLException {
        return LatestPrice.newBuilder()
                .setProvider(Provider.valueOf(rs.getString("provider")))
                .setSku(rs.getString("sku"))
                .setVariant(Variant.newBuilder()
                        .setVariantKey(rs.getString("variant_key"))
                        .setProviderVariantId(rs.getString("provider_variant_id"))
                        .setSize(rs.getString("size"))
                        .setSizeSystem(SizeSystem.valueOf(rs.getString("size_system")))
                        .setUsSize(rs.getString("us_size"))
                        .setCondition(ProductCondition.valueOf(rs.getString("condition")))
                        .setPackaging(PackagingCondition.valueOf(rs.getString("packaging")))
                        .setFulfilment(Fulfilment.valueOf(rs.getString("fulfilment")))
                        .build())
                .setRegion(rs.getString("region"))
                .setCurrency(rs.getString("currency"))
                .setLowestAsk(rs.getBigDecimal("lowest_ask"))
                .setHighestBid(rs.getBigDecimal("highest_bid"))
                .setLastSale(rs.getBigDecimal("last_sale"))
                .setLastSaleAt(instant(rs, "last_sale_at"))
                .setFlexLowestAsk(rs.getBigDecimal("flex_lowest_ask"))
                .setDirectLowestAsk(rs.getBigDecimal("direct_lowest_ask"))
                .setSuggestedSellFaster(rs.getBigDecimal("suggested_sell_faster"))
                .setSuggestedEarnMore(rs.getBigDecimal("suggested_earn_more"))
                .setSuggestedBeatUs(rs.getBigDecimal("suggested_beat_us"))
                .setGlobalIndicatorPrice(rs.getBigDecimal("global_indicator_price"))
                .setSalesCount(integer(rs, "sales_count"))
                .setListingCount(integer(rs, "listing_count"))
                .setSnapshotId(rs.getString("snapshot_id"))
                .setObservedAt(instant(rs, "observed_at"))
                .setChangedAt(instant(rs, "changed_at"))
                .build();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}
