package com.marketsync.planner.schedule;

import com.marketsync.events.SyncOutcome;
import com.marketsync.planner.PlannerProperties;
import java.sql.Timestamp;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What each provider answered for a product (table provider_mappings): VERIFIED with its product id after a success,
 * UNRESOLVED when candidates matched none, NOT_FOUND since when — and archived, no longer scheduled for that
 * provider, once NOT_FOUND has lasted {@code market.planner.archive-after-not-found} without a break.
 */
@Repository
class ProviderMappings {

    private static final Logger log = LoggerFactory.getLogger(ProviderMappings.class);

    private final JdbcClient jdbc;
    private final ScheduleRepository schedule;
    private final PlannerProperties properties;

    ProviderMappings(JdbcClient jdbc, ScheduleRepository schedule, PlannerProperties properties) {
        this.jdbc = jdbc;
        this.schedule = schedule;
        this.properties = properties;
    }

    void record(SyncOutcome outcome, Instant now) {
        String sku = outcome.getSku();
        String provider = outcome.getProvider().name();
        Instant at = outcome.getFinishedAt() == null ? now : outcome.getFinishedAt();
        switch (outcome.getStatus()) {
            case SUCCEEDED -> {
                jdbc.sql("""
                            INSERT INTO provider_mappings (sku, provider, status, provider_product_id, updated_at)
                            VALUES (?, ?, 'VERIFIED', ?, ?)
                            ON CONFLICT (sku, provider) DO UPDATE
                            SET status = 'VERIFIED',
                                provider_product_id = COALESCE(EXCLUDED.provider_product_id,
                                                               provider_mappings.provider_product_id),
                                not_found_since = NULL, archived_at = NULL, updated_at = EXCLUDED.updated_at
                            """)
                        .params(sku, provider, outcome.getProviderProductId(), Timestamp.from(now))
                        .update();
                // a product found again (e.g. by a manual request) is scheduled again if it had been archived
                jdbc.sql("UPDATE sync_state SET scheduled = true WHERE sku = ? AND provider = ? AND NOT scheduled"
                                + " AND tier_rank < 3")
                        .params(sku, provider)
                        .update();
            }
            case MAPPING_UNRESOLVED ->
                jdbc.sql("""
                            INSERT INTO provider_mappings (sku, provider, status, updated_at)
                            VALUES (?, ?, 'UNRESOLVED', ?)
                            ON CONFLICT (sku, provider) DO UPDATE
                            SET status = 'UNRESOLVED', not_found_since = NULL, updated_at = EXCLUDED.updated_at
                            """).params(sku, provider, Timestamp.from(now)).update();
            case NOT_FOUND -> notFound(outcome, sku, provider, at, now);
            default -> {
                // failures and rate limits say nothing about the product's mapping
            }
        }
    }

    private void notFound(SyncOutcome outcome, String sku, String provider, Instant at, Instant now) {
        Instant since = jdbc.sql("""
                        INSERT INTO provider_mappings (sku, provider, status, not_found_since, updated_at)
                        VALUES (?, ?, 'NOT_FOUND', ?, ?)
                        ON CONFLICT (sku, provider) DO UPDATE
                        SET status = 'NOT_FOUND',
                            not_found_since = COALESCE(provider_mappings.not_found_since, EXCLUDED.not_found_since),
                            updated_at = EXCLUDED.updated_at
                        RETURNING not_found_since
                        """)
                .params(sku, provider, Timestamp.from(at), Timestamp.from(now))
                .query(Timestamp.class)
                .single()
                .toInstant();
        if (!at.isBefore(since.plus(properties.archiveAfterNotFound()))) {
            int archived =
                    jdbc.sql("""
                            UPDATE provider_mappings SET archived_at = ?
                            WHERE sku = ? AND provider = ? AND archived_at IS NULL
                            """).params(Timestamp.from(now), sku, provider).update();
            if (archived == 1) {
                schedule.unschedule(sku, outcome.getProvider());
                log.info("{} has answered NOT_FOUND for {} since {}: archived for {}", provider, sku, since, provider);
            }
        }
    }
}
