package com.marketsync.planner.schedule;

import com.marketsync.events.Priority;
import com.marketsync.events.Provider;
import com.marketsync.events.RequestSuperseded;
import com.marketsync.events.SyncOutcome;
import com.marketsync.events.SyncRequest;
import com.marketsync.planner.PlannerProperties;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Manual requests: a key is leased to a MANUAL request on the provider's priority lane. A key whose lease a
 * background request holds is taken over (that request is superseded, so the key is fetched once, at manual
 * priority); a key already held by a pending manual request answers that request instead of a new one. Each manual
 * request is kept (table manual_requests) until its outcome, for {@code GET /api/sync/{requestId}}.
 */
@Component
public class ManualRequests {

    private static final Logger log = LoggerFactory.getLogger(ManualRequests.class);

    private final JdbcClient jdbc;
    private final ScheduleRepository schedule;
    private final SyncRequestPublisher publisher;
    private final TransactionTemplate transactions;
    private final PlannerProperties properties;
    private final Clock clock;

    ManualRequests(
            JdbcClient jdbc,
            ScheduleRepository schedule,
            SyncRequestPublisher publisher,
            TransactionTemplate transactions,
            PlannerProperties properties,
            Clock clock) {
        this.jdbc = jdbc;
        this.schedule = schedule;
        this.publisher = publisher;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * A manual request answered to the caller.
     *
     * @param requestId the request fetching the key (an earlier pending one if there was)
     * @param provider its provider
     * @param region its region
     * @param alreadyPending whether an earlier manual request was pending and is answered instead
     */
    public record Issued(String requestId, Provider provider, String region, boolean alreadyPending) {}

    /**
     * Leases the key to a manual request and publishes it to the priority lane; returns the pending manual request
     * instead if there is one. Throws {@link SyncRequestPublisher.PublishFailedException} when Kafka did not take
     * it (the lease is given back, nothing is pending).
     */
    public Issued request(String sku, Provider provider, String region, String requestedBy) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant leaseUntil = now.plus(properties.lease());
        Lease lease = transactions.execute(status -> lease(sku, provider, region, requestedBy, now, leaseUntil));
        if (lease.pending() != null) {
            return new Issued(lease.pending(), provider, region, true);
        }
        ScheduleRepository.Claim claim = new ScheduleRepository.Claim(
                sku, provider, region, lease.state().tier(), lease.requestId(), false);
        SyncRequest request = SyncRequests.of(claim, Priority.MANUAL, "MANUAL", requestedBy, now, leaseUntil);
        if (lease.superseded() != null) {
            // Announced first, so the fetchers skip the queued background request before they could reach it; if
            // this fails, that request may be fetched as well and its outcome is ignored.
            try {
                publisher.publish(RequestSuperseded.newBuilder()
                        .setRequestId(lease.superseded())
                        .setSupersededBy(lease.requestId())
                        .setSku(sku)
                        .setProvider(provider)
                        .setRegion(region)
                        .setSupersededAt(now)
                        .build());
            } catch (RuntimeException e) {
                log.warn("Could not announce that {} supersedes {}", lease.requestId(), lease.superseded(), e);
            }
        }
        try {
            publisher.publish(List.of(request));
        } catch (RuntimeException e) {
            // the key is due again at once, so the next tick issues it (the superseded request stays skipped)
            schedule.release(List.of(claim));
            finish(lease.requestId(), "FAILED", null, null, "could not be published: " + e.getMessage(), now);
            throw e;
        }
        return new Issued(lease.requestId(), provider, region, false);
    }

    private Lease lease(String sku, Provider provider, String region, String requestedBy, Instant now, Instant until) {
        ScheduleRepository.KeyState state = schedule.lock(sku, provider, region);
        if (state == null) {
            if (!schedule.addKey(sku, provider, region, now)) {
                throw new IllegalStateException("product " + sku + " vanished");
            }
            state = schedule.lock(sku, provider, region);
        }
        if (state.leasedAt(now) && state.inFlightPriority() == Priority.MANUAL) {
            return new Lease(null, state, state.inFlightRequestId(), null);
        }
        String superseded = state.leasedAt(now) ? state.inFlightRequestId() : null;
        String requestId = UUID.randomUUID().toString();
        schedule.leaseTo(sku, provider, region, requestId, now, until);
        jdbc.sql("""
                        INSERT INTO manual_requests (request_id, sku, provider, region, requested_at, requested_by,
                                                     superseded_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(requestId, sku, provider.name(), region, Timestamp.from(now), requestedBy, superseded)
                .update();
        return new Lease(requestId, state, null, superseded);
    }

    private record Lease(String requestId, ScheduleRepository.KeyState state, String pending, String superseded) {}

    /**
     * The state of a manual request.
     *
     * @param requestId the request
     * @param sku its product
     * @param provider its provider
     * @param region its region
     * @param status PENDING until its outcome, then the outcome's status (or EXPIRED when none came in time)
     * @param snapshotsPublished prices published by its fetch, once finished
     * @param httpStatus the provider's last HTTP status, once finished
     * @param error what went wrong, if anything
     * @param requestedAt when it was asked for
     * @param requestedBy who asked (the API key's name)
     * @param supersededRequestId the background request it replaced, if any
     * @param finishedAt when it finished
     */
    public record Status(
            String requestId,
            String sku,
            Provider provider,
            String region,
            String status,
            Integer snapshotsPublished,
            Integer httpStatus,
            String error,
            Instant requestedAt,
            String requestedBy,
            String supersededRequestId,
            Instant finishedAt) {}

    /** Whether the catalog holds a product with this sku. */
    public boolean knows(String sku) {
        return jdbc.sql("SELECT count(*) FROM products WHERE sku = ?")
                        .param(sku)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    /** The state of a manual request, if there is one with this id. */
    public Optional<Status> find(String requestId) {
        return jdbc.sql("SELECT * FROM manual_requests WHERE request_id = ?")
                .param(requestId)
                .query((rs, row) -> new Status(
                        rs.getString("request_id"),
                        rs.getString("sku"),
                        Provider.valueOf(rs.getString("provider")),
                        rs.getString("region"),
                        rs.getString("status"),
                        (Integer) rs.getObject("snapshots_published"),
                        (Integer) rs.getObject("http_status"),
                        rs.getString("error"),
                        rs.getTimestamp("requested_at").toInstant(),
                        rs.getString("requested_by"),
                        rs.getString("superseded_id"),
                        rs.getTimestamp("finished_at") == null
                                ? null
                                : rs.getTimestamp("finished_at").toInstant()))
                .optional();
    }

    /** Records the outcome of a pending manual request (nothing happens for other requests). */
    void finished(SyncOutcome outcome) {
        finish(
                outcome.getRequestId(),
                outcome.getStatus().name(),
                outcome.getSnapshotsPublished(),
                outcome.getHttpStatus(),
                outcome.getError(),
                outcome.getFinishedAt() == null ? clock.instant() : outcome.getFinishedAt());
    }

    /** Marks manual requests whose lease ran out without an outcome. */
    void expired(List<String> requestIds, Instant now) {
        if (requestIds.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        UPDATE manual_requests
                        SET status = 'EXPIRED', error = 'no outcome before the lease expired', finished_at = ?
                        WHERE request_id = ANY (?::text[]) AND status = 'PENDING'
                        """)
                .params(Timestamp.from(now), requestIds.toArray(String[]::new))
                .update();
    }

    private void finish(
            String requestId, String status, Integer snapshots, Integer httpStatus, String error, Instant at) {
        jdbc.sql("""
                        UPDATE manual_requests
                        SET status = ?, snapshots_published = ?, http_status = ?, error = ?, finished_at = ?
                        WHERE request_id = ? AND status = 'PENDING'
                        """)
                .params(status, snapshots, httpStatus, error, Timestamp.from(at), requestId)
                .update();
    }
}
