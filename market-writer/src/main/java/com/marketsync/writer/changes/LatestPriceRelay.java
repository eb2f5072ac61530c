package com.marketsync.writer.changes;

import com.marketsync.events.Fulfilment;
import com.marketsync.events.LatestPrice;
import com.marketsync.events.PackagingCondition;
import com.marketsync.events.ProductCondition;
import com.marketsync.events.Provider;
import com.marketsync.events.SizeSystem;
import com.marketsync.events.Variant;
import com.marketsync.schemas.Topics;
import com.marketsync.writer.WriterProperties;
import com.marketsync.writer.ingest.SnapshotBatchWriter.LatestPricesChanged;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes the change events queued in {@code market.latest_price_outbox} to the compacted
 * {@code market.latest-prices} topic, oldest first, deleting them in a transaction that commits only once the broker
 * acknowledged them: at least once and in order per key, even when the writer dies between its commit and the
 * publish. One relay works at a time across all writer instances (an advisory lock held for the round trip).
 */
@Component
class LatestPriceRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LatestPriceRelay.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration MAX_PAUSE_AFTER_FAILURE = Duration.ofSeconds(10);

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final KafkaTemplate<String, Object> kafka;
    private final WriterProperties.Changes settings;
    private final Semaphore wake = new Semaphore(0);
    /** Rows this relay deleted from the outbox since it last vacuumed it (relay thread only). */
    private int deletedSinceVacuum;

    private boolean vacuumRefused;
    private volatile Thread thread;
    private volatile boolean running;

    LatestPriceRelay(
            JdbcClient jdbc,
            TransactionTemplate transaction,
            KafkaTemplate<String, Object> kafka,
            WriterProperties properties) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.kafka = kafka;
        this.settings = properties.changes();
    }

    @EventListener
    void changed(LatestPricesChanged changed) {
        wake.release();
    }

    /** Publishes one batch of queued events; returns how many were published (0 if none, or another relay runs). */
    int relayOnce() {
        Integer published = transaction.execute(status -> {
            if (!jdbc.sql("SELECT pg_try_advisory_xact_lock(hashtext('market.latest_price_outbox'))")
                    .query(Boolean.class)
                    .single()) {
                return 0;
            }
            // Taken from the queue in the transaction that publishes them, oldest first: unless the broker
            // acknowledges every one, the rollback puts them all back. A row committed meanwhile with a lower seq
            // waits for the next round.
            List<Queued> batch = jdbc.sql(
                            "WITH taken AS (DELETE FROM market.latest_price_outbox WHERE seq = ANY (ARRAY("
                                    + "SELECT seq FROM market.latest_price_outbox ORDER BY seq LIMIT ?)) RETURNING *)"
                                    + " SELECT * FROM taken ORDER BY seq")
                    .param(settings.batchSize())
                    .query((rs, row) -> queued(rs))
                    .list();
            if (batch.isEmpty()) {
                return 0;
            }
            List<CompletableFuture<?>> sends = new ArrayList<>(batch.size());
            for (Queued queued : batch) {
                sends.add(kafka.send(Topics.LATEST_PRICES, queued.key(), queued.event()));
            }
            awaitAcknowledged(sends);
            return batch.size();
        });
        return published == null ? 0 : published;
    }

    private void loop() {
        Duration pause = Duration.ZERO;
        while (running) {
            try {
                int published = relayOnce();
                pause = Duration.ZERO;
                vacuumAfter(published);
                if (published == settings.batchSize()) {
                    continue; // more are waiting
                }
                wake.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                pause = pause.isZero() ? settings.pollInterval() : min(pause.multipliedBy(2), MAX_PAUSE_AFTER_FAILURE);
                log.warn("Publishing change events failed; they stay queued, next attempt in {}", pause, e);
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Vacuums the outbox once {@code vacuumEvery} published rows were deleted since the last time, outside any
     * transaction, skipping it if another session is vacuuming the table. Without truncating it: giving the empty
     * pages at its end back to the file system needs an exclusive lock that every write's outbox insert contends for
     * (the vacuum waited up to 5 s for it, and the relay with it), while the queue fills those pages again at once.
     */
    private void vacuumAfter(int deleted) {
        deletedSinceVacuum += deleted;
        if (deletedSinceVacuum < settings.vacuumEvery() || vacuumRefused) {
            return;
        }
        deletedSinceVacuum = 0;
        try {
            jdbc.sql("VACUUM (SKIP_LOCKED, TRUNCATE false) market.latest_price_outbox")
                    .update();
        } catch (DataAccessException e) {
            // e.g. a database user that may not vacuum: autovacuum alone keeps the table then
            vacuumRefused = true;
            log.warn("Could not vacuum market.latest_price_outbox; leaving it to autovacuum", e);
        }
    }

    private static void awaitAcknowledged(List<CompletableFuture<?>> sends) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing change events", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Change events were not acknowledged", e);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().name("latest-price-relay").daemon().start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        Thread relay = thread;
        if (relay != null) {
            relay.interrupt();
            try {
                relay.join(SEND_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static Queued queued(ResultSet rs) throws SQLException {
        Provider provider = Provider.valueOf(rs.getString("provider"));
        String sku = rs.getString("sku");
        String variantKey = rs.getString("variant_key");
        String region = rs.getString("region");
        LatestPrice event = LatestPrice.newBuilder()
                .setProvider(provider)
                .setSku(sku)
                .setVariant(Variant.newBuilder()
                        .setVariantKey(variantKey)
                        .setProviderVariantId(rs.getString("provider_variant_id"))
                        .setSize(rs.getString("size"))
                        .setSizeSystem(SizeSystem.valueOf(rs.getString("size_system")))
                        .setUsSize(rs.getString("us_size"))
                        .setCondition(ProductCondition.valueOf(rs.getString("condition")))
                        .setPackaging(PackagingCondition.valueOf(rs.getString("packaging")))
                        .setFulfilment(Fulfilment.valueOf(rs.getString("fulfilment")))
                        .build())
                .setRegion(region)
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
        return new Queued(rs.getLong("seq"), Topics.latestPriceKey(provider, sku, variantKey, region), event);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private record Queued(long seq, String key, LatestPrice event) {}
}
