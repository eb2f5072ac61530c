package com.marketsync.fetcher.core;

import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.SyncOutcome;
import com.marketsync.events.SyncRequest;
import com.marketsync.fetcher.core.FetchResult.Failed;
import com.marketsync.fetcher.core.FetchResult.MappingUnresolved;
import com.marketsync.fetcher.core.FetchResult.NotFound;
import com.marketsync.fetcher.core.FetchResult.RateLimited;
import com.marketsync.fetcher.core.FetchResult.Succeeded;
import com.marketsync.fetcher.core.FetchResult.Unavailable;
import com.marketsync.schemas.EventSerde;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider-independent fetch loop for one request: check it is still wanted, fetch, then publish the snapshots
 * and exactly one outcome before the offset may be committed.
 */
final class SyncRequestHandler {

    static final String EXPIRED = "expired";
    private static final Logger log = LoggerFactory.getLogger(SyncRequestHandler.class);
    private static final int MAX_ERROR_LENGTH = 1000;

    private final ProviderFetcher fetcher;
    private final SyncResultPublisher publisher;
    private final Clock clock;

    SyncRequestHandler(ProviderFetcher fetcher, SyncResultPublisher publisher, Clock clock) {
        this.fetcher = fetcher;
        this.publisher = publisher;
        this.clock = clock;
        // Avro builders resolve enum defaults and copy records reflectively, which Avro allows only for trusted
        // packages; trust the event classes here rather than rely on the serializer having been created first.
        EventSerde.trustEventClasses();
    }

    /**
     * Handles one delivered request. Returns normally only once the outcome is acknowledged by Kafka; a failed
     * send throws so the record is redelivered and handled again.
     */
    void handle(SyncRequest request) {
        Instant startedAt = clock.instant();
        FetchResult result = resultOf(request, startedAt);
        List<PriceSnapshot> snapshots = result instanceof Succeeded succeeded ? succeeded.snapshots() : List.of();
        SyncOutcome outcome = outcome(request, result, snapshots.size(), startedAt, clock.instant());
        if (!(result instanceof Succeeded)) {
            log.info(
                    "Sync {} for requestId={} sku={} region={}: {}",
                    result.status(),
                    request.getRequestId(),
                    request.getSku(),
                    request.getRegion(),
                    outcome.getError());
        }
        publisher.publish(request, snapshots, outcome);
    }

    private FetchResult resultOf(SyncRequest request, Instant now) {
        if (request.getNotAfter() != null && now.isAfter(request.getNotAfter())) {
            return new Failed(EXPIRED, null);
        }
        if (request.getProvider() != fetcher.provider()) {
            return new Failed(
                    "request is for provider " + request.getProvider() + ", this fetcher serves " + fetcher.provider(),
                    null);
        }
        // The provider budget step belongs here, and only here: after the cheap checks, so stale requests never
        // spend a token, and before the one provider call.
        return fetchGuarded(request);
    }

    private FetchResult fetchGuarded(SyncRequest request) {
        FetchResult result;
        try {
            result = fetcher.fetch(request, ProviderCalls.UNLIMITED);
        } catch (Exception e) {
            // An exception here is a bug or an unforeseen provider answer; retrying the record would only repeat
            // it, so it ends as a FAILED outcome the planner can see and re-issue later.
            log.warn(
                    "Provider fetch threw for requestId={} sku={} region={}",
                    request.getRequestId(),
                    request.getSku(),
                    request.getRegion(),
                    e);
            return new Failed(describe(e), null);
        }
        if (result == null) {
            return new Failed("provider fetcher returned no result", null);
        }
        if (result instanceof Succeeded succeeded && !belongsTo(succeeded.snapshots(), request)) {
            return new Failed("provider fetcher returned snapshots of another request", succeeded.httpStatus());
        }
        return result;
    }

    private boolean belongsTo(List<PriceSnapshot> snapshots, SyncRequest request) {
        return snapshots.stream()
                .allMatch(snapshot -> snapshot.getProvider() == fetcher.provider()
                        && request.getSku().equals(snapshot.getSku())
                        && request.getRequestId().equals(snapshot.getRequestId())
                        && request.getRegion().equals(snapshot.getRegion()));
    }

    private SyncOutcome outcome(
            SyncRequest request, FetchResult result, int snapshotsPublished, Instant startedAt, Instant finishedAt) {
        return SyncOutcome.newBuilder()
                .setRequestId(request.getRequestId())
                .setSku(request.getSku())
                .setProvider(request.getProvider())
                .setRegion(request.getRegion())
                .setStatus(result.status())
                .setProviderProductId(result instanceof Succeeded succeeded ? succeeded.providerProductId() : null)
                .setSnapshotsPublished(snapshotsPublished)
                // Each delivery is answered on its own; the planner counts re-issued attempts.
                .setAttempts(1)
                .setHttpStatus(result.httpStatus())
                .setError(truncate(errorOf(result)))
                .setStartedAt(startedAt)
                .setFinishedAt(finishedAt)
                .setRetryAfter(result instanceof RateLimited limited ? limited.retryAfter() : null)
                .build();
    }

    private static String errorOf(FetchResult result) {
        return switch (result) {
            case Succeeded ignored -> null;
            case NotFound notFound -> notFound.reason();
            case MappingUnresolved unresolved -> unresolved.reason();
            case RateLimited ignored -> "rate limited";
            case Unavailable unavailable -> unavailable.reason();
            case Failed failed -> failed.reason();
        };
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank()
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + message;
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
    }
}
