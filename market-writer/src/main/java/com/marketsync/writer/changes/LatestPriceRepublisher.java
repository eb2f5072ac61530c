package com.marketsync.writer.changes;

import com.marketsync.writer.ingest.SnapshotBatchWriter.LatestPricesChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Republishes every latest price to {@code market.latest-prices}, for a subscriber that starts from an empty topic
 * (or one whose compaction history is gone): each row is queued in the outbox like a change, so the relay publishes
 * it in order with the real changes and a concurrent change is never overtaken by the older state.
 */
@Service
public class LatestPriceRepublisher {

    private static final Logger log = LoggerFactory.getLogger(LatestPriceRepublisher.class);

    private static final String COLUMNS = "provider, sku, variant_key, region, provider_variant_id, size, size_system,"
            + " us_size, condition, packaging, fulfilment, currency, lowest_ask, highest_bid, last_sale, last_sale_at,"
            + " flex_lowest_ask, direct_lowest_ask, suggested_sell_faster, suggested_earn_more, suggested_beat_us,"
            + " global_indicator_price, sales_count, listing_count, snapshot_id, observed_at, changed_at";

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    LatestPriceRepublisher(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** Queues every latest price (optionally of one provider) for publishing; returns how many were queued. */
    public int republishAll(String provider) {
        int queued = jdbc.sql("INSERT INTO market.latest_price_outbox (" + COLUMNS + ") SELECT " + COLUMNS
                        + " FROM market.latest_prices WHERE (CAST(? AS text) IS NULL OR provider = ?)"
                        // FOR SHARE: a change committed meanwhile is either read here or queued after these rows
                        + " ORDER BY provider, sku, variant_key, region FOR SHARE")
                .params(provider, provider)
                .update();
        log.info("Queued {} latest prices for republishing to market.latest-prices", queued);
        if (queued > 0) {
            events.publishEvent(new LatestPricesChanged(queued));
        }
        return queued;
    }
}
