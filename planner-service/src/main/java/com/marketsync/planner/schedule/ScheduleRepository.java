package com.marketsync.planner.schedule;

import com.marketsync.events.Priority;
import com.marketsync.events.Provider;
import com.marketsync.events.Tier;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The schedule state per product × provider × region (table sync_state): which keys are due, which request is in
 * flight for a key and until when its lease runs. Every statement is short and stands alone, so no transaction is
 * ever held open across a Kafka round trip.
 */
@Repository
class ScheduleRepository {

    private static final Tier[] TIERS_BY_RANK = {Tier.HOT, Tier.WARM, Tier.COLD, Tier.FROZEN};

    private final JdbcClient jdbc;

    ScheduleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A key leased to a new request. */
    record Claim(String sku, Provider provider, String region, Tier tier, String requestId, boolean firstTime) {}

    /**
     * Leases up to {@code limit} due keys of one provider and tier in its configured regions (rows of a region no
     * longer configured stay, unscheduled in effect, should it come back), most overdue first, each to a new request id,
     * in one statement. Keys another planner is claiming at the same moment are skipped, never claimed twice.
     */
    List<Claim> claimDue(
            Provider provider,
            List<String> regions,
            Tier tier,
            Instant now,
            int limit,
            Priority priority,
            Instant leaseUntil) {
        if (limit <= 0) {
            return List.of();
        }
        return jdbc.sql("""
                        WITH due AS (
                            SELECT ctid, last_requested_at
                            FROM sync_state
                            WHERE provider = ? AND tier_rank = ? AND scheduled AND in_flight_request_id IS NULL
                              AND next_due_at <= ? AND region = ANY (?::text[])
                            ORDER BY next_due_at
                            LIMIT ?
                            FOR UPDATE SKIP LOCKED)
                        UPDATE sync_state s
                        SET in_flight_request_id = gen_random_uuid()::text,
                            in_flight_priority = ?,
                            lease_expires_at = ?,
                            last_requested_at = ?
                        FROM due
                        -- the locked row version itself, not a second lookup through the primary key
                        WHERE s.ctid = due.ctid
                        RETURNING s.sku, s.region, s.in_flight_request_id, due.last_requested_at IS NULL AS first_time
                        """)
                .params(
                        provider.name(),
                        ScheduleRows.rank(tier),
                        Timestamp.from(now),
                        regions.toArray(String[]::new),
                        limit,
                        priority.name(),
                        Timestamp.from(leaseUntil),
                        Timestamp.from(now))
                .query((rs, row) -> new Claim(
                        rs.getString("sku"),
                        provider,
                        rs.getString("region"),
                        tier,
                        rs.getString("in_flight_request_id"),
                        rs.getBoolean("first_time")))
                .list();
    }

    /** Gives leases back whose requests could not be published: the keys are due again at once. */
    void release(List<Claim> claims) {
        if (claims.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        UPDATE sync_state s
                        SET in_flight_request_id = NULL, in_flight_priority = NULL, lease_expires_at = NULL
                        FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS c(sku, provider, region, request_id)
                        WHERE s.sku = c.sku AND s.provider = c.provider AND s.region = c.region
                          AND s.in_flight_request_id = c.request_id
                        """)
                .params(
                        claims.stream().map(Claim::sku).toArray(String[]::new),
                        claims.stream().map(claim -> claim.provider().name()).toArray(String[]::new),
                        claims.stream().map(Claim::region).toArray(String[]::new),
                        claims.stream().map(Claim::requestId).toArray(String[]::new))
                .update();
    }

    /**
     * Ends the leases of requests that got no outcome in time (lost, or the fetcher is down): the key is due again
     * at once and the late outcome, should it come, changes nothing. Returns the expired request ids.
     */
    List<String> expireLeases(Provider provider, Instant now) {
        return jdbc.sql("""
                        WITH expired AS (
                            SELECT sku, provider, region, in_flight_request_id
                            FROM sync_state
                            WHERE provider = ? AND in_flight_request_id IS NOT NULL AND lease_expires_at <= ?
                            FOR UPDATE SKIP LOCKED)
                        UPDATE sync_state s
                        SET in_flight_request_id = NULL, in_flight_priority = NULL, lease_expires_at = NULL,
                            next_due_at = LEAST(s.next_due_at, ?),
                            last_outcome_status = 'LEASE_EXPIRED', last_outcome_at = ?
                        FROM expired e
                        WHERE s.sku = e.sku AND s.provider = e.provider AND s.region = e.region
                        RETURNING e.in_flight_request_id
                        """)
                .params(provider.name(), Timestamp.from(now), Timestamp.from(now), Timestamp.from(now))
                .query(String.class)
                .list();
    }

    /** Requests of the background lanes still unanswered: the provider's backlog the planner itself created. */
    int backgroundInFlight(Provider provider) {
        return jdbc.sql("""
                        SELECT count(*) FROM sync_state
                        WHERE provider = ? AND in_flight_request_id IS NOT NULL AND in_flight_priority <> 'MANUAL'
                        """).param(provider.name()).query(Integer.class).single();
    }

    /** Due keys of one provider and tier left waiting, counted up to {@code cap}. */
    int countDue(Provider provider, List<String> regions, Tier tier, Instant now, int cap) {
        return jdbc.sql("""
                        SELECT count(*) FROM (
                            SELECT 1 FROM sync_state
                            WHERE provider = ? AND tier_rank = ? AND scheduled AND in_flight_request_id IS NULL
                              AND next_due_at <= ? AND region = ANY (?::text[])
                            LIMIT ?) due
                        """)
                .params(
                        provider.name(),
                        ScheduleRows.rank(tier),
                        Timestamp.from(now),
                        regions.toArray(String[]::new),
                        cap)
                .query(Integer.class)
                .single();
    }

    /** The state of one key, locked until the caller's transaction ends; null if the key has no row. */
    KeyState lock(String sku, Provider provider, String region) {
        return jdbc.sql("""
                        SELECT tier_rank, in_flight_request_id, in_flight_priority, lease_expires_at,
                               consecutive_failures
                        FROM sync_state WHERE sku = ? AND provider = ? AND region = ?
                        FOR UPDATE
                        """)
                .params(sku, provider.name(), region)
                .query((rs, row) -> new KeyState(
                        TIERS_BY_RANK[rs.getInt("tier_rank")],
                        rs.getString("in_flight_request_id"),
                        rs.getString("in_flight_priority") == null
                                ? null
                                : Priority.valueOf(rs.getString("in_flight_priority")),
                        rs.getTimestamp("lease_expires_at") == null
                                ? null
                                : rs.getTimestamp("lease_expires_at").toInstant(),
                        rs.getInt("consecutive_failures")))
                .optional()
                .orElse(null);
    }

    /**
     * The schedule state of one key.
     *
     * @param tier the product's tier
     * @param inFlightRequestId the request holding the lease, or null
     * @param inFlightPriority that request's priority, or null
     * @param leaseExpiresAt when that lease ends, or null
     * @param consecutiveFailures failed outcomes in a row
     */
    record KeyState(
            Tier tier,
            String inFlightRequestId,
            Priority inFlightPriority,
            Instant leaseExpiresAt,
            int consecutiveFailures) {

        /** Whether a request holds a lease that has not run out at {@code now}. */
        boolean leasedAt(Instant now) {
            return inFlightRequestId != null && leaseExpiresAt != null && leaseExpiresAt.isAfter(now);
        }
    }

    /** Leases a key to a manual request, whatever held it before (the caller holds the row lock). */
    void leaseTo(String sku, Provider provider, String region, String requestId, Instant now, Instant leaseUntil) {
        jdbc.sql("""
                        UPDATE sync_state
                        SET in_flight_request_id = ?, in_flight_priority = 'MANUAL', lease_expires_at = ?,
                            last_requested_at = ?
                        WHERE sku = ? AND provider = ? AND region = ?
                        """)
                .params(requestId, Timestamp.from(leaseUntil), Timestamp.from(now), sku, provider.name(), region)
                .update();
    }

    /** Creates the missing row of a key of an existing product, not scheduled yet; false if the product is unknown. */
    boolean addKey(String sku, Provider provider, String region, Instant now) {
        return jdbc.sql("""
                        INSERT INTO sync_state (sku, provider, region, next_due_at, tier_rank, scheduled)
                        SELECT p.sku, ?, ?, ?,
                               CASE p.tier WHEN 'HOT' THEN 0 WHEN 'WARM' THEN 1 WHEN 'COLD' THEN 2 ELSE 3 END,
                               p.tier <> 'FROZEN'
                        FROM products p WHERE p.sku = ?
                        ON CONFLICT (sku, provider, region) DO NOTHING
                        """)
                        .params(provider.name(), region, Timestamp.from(now), sku)
                        .update()
                > 0;
    }

    /**
     * Records an outcome of the request holding the key's lease and ends the lease. Returns false, changing nothing,
     * when that request no longer holds it (a duplicate or late outcome).
     */
    boolean settle(
            String sku,
            Provider provider,
            String region,
            String requestId,
            Instant nextDueAt,
            Instant successAt,
            int consecutiveFailures,
            String status,
            String error,
            Instant at) {
        return jdbc.sql("""
                        UPDATE sync_state
                        SET in_flight_request_id = NULL, in_flight_priority = NULL, lease_expires_at = NULL,
                            next_due_at = ?, last_success_at = COALESCE(?, last_success_at),
                            consecutive_failures = ?, last_outcome_status = ?, last_error = ?, last_outcome_at = ?
                        WHERE sku = ? AND provider = ? AND region = ? AND in_flight_request_id = ?
                        """)
                        .params(
                                Timestamp.from(nextDueAt),
                                successAt == null ? null : Timestamp.from(successAt),
                                consecutiveFailures,
                                status,
                                error,
                                Timestamp.from(at),
                                sku,
                                provider.name(),
                                region,
                                requestId)
                        .update()
                == 1;
    }

    /** Stops scheduling a product for a provider that archived it. */
    void unschedule(String sku, Provider provider) {
        jdbc.sql("UPDATE sync_state SET scheduled = false WHERE sku = ? AND provider = ?")
                .params(sku, provider.name())
                .update();
    }
}
