package com.marketsync.planner.schedule;

import com.marketsync.events.Provider;
import com.marketsync.events.SyncRequest;
import com.marketsync.events.Tier;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Schedule state per product x provider x region (table planner.sync_state). */
@Repository
class SyncStateRepository {

    private final JdbcClient jdbc;

    SyncStateRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Active, non-frozen products x regions that were never synced or whose next due time has passed. */
    List<DuePlanner.DueItem> findDue(Provider provider, List<String> providerRegions, Instant now, int limit) {
        String[] regions = providerRegions.stream().sorted().toArray(String[]::new);
        return jdbc.sql("""
                        SELECT p.sku, p.tier, r.region, s.next_due_at IS NULL AS first_time
                        FROM products p
                        CROSS JOIN unnest(?::text[]) AS r(region)
                        LEFT JOIN sync_state s ON s.sku = p.sku AND s.provider = ? AND s.region = r.region
                        WHERE p.active AND p.tier <> 'FROZEN'
                          AND (s.next_due_at IS NULL OR s.next_due_at <= ?)
                        ORDER BY s.next_due_at ASC NULLS FIRST,
                                 CASE p.tier WHEN 'HOT' THEN 0 WHEN 'WARM' THEN 1 ELSE 2 END,
                                 p.sku, r.region
                        LIMIT ?
                        """)
                .params(regions, provider.name(), java.sql.Timestamp.from(now), limit)
                .query((rs, row) -> new DuePlanner.DueItem(
                        rs.getString("sku"),
                        Tier.valueOf(rs.getString("tier")),
                        rs.getString("region"),
                        rs.getBoolean("first_time")))
                .list();
    }

    /** Records the emitted requests and when each product is due next, in one statement. */
    void markRequested(List<SyncRequest> requests, Function<SyncRequest, Instant> nextDue) {
        if (requests.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO sync_state (sku, provider, region, next_due_at, last_requested_at, last_request_id)
                        SELECT sku, provider, region, next_due::timestamptz, requested::timestamptz, request_id
                        FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                             AS t(sku, provider, region, next_due, requested, request_id)
                        ON CONFLICT (sku, provider, region) DO UPDATE
                        SET next_due_at = EXCLUDED.next_due_at,
                            last_requested_at = EXCLUDED.last_requested_at,
                            last_request_id = EXCLUDED.last_request_id
                        """)
                .params(
                        requests.stream().map(SyncRequest::getSku).toArray(String[]::new),
                        requests.stream().map(r -> r.getProvider().name()).toArray(String[]::new),
                        requests.stream().map(SyncRequest::getRegion).toArray(String[]::new),
                        requests.stream().map(r -> nextDue.apply(r).toString()).toArray(String[]::new),
                        requests.stream()
                                .map(r -> r.getRequestedAt().toString())
                                .toArray(String[]::new),
                        requests.stream().map(SyncRequest::getRequestId).toArray(String[]::new))
                .update();
    }
}
