package com.marketsync.fetcher.core;

import com.marketsync.events.OutcomeStatus;
import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.SyncOutcome;
import com.marketsync.events.SyncRequest;
import com.marketsync.fetcher.core.FetchResult.Failed;
import com.marketsync.fetcher.core.FetchResult.MappingUnresolved;
import com.marketsync.fetcher.core.FetchResult.NotFound;
import com.marketsync.fetcher.core.FetchResult.RateLimited;
import com.marketsync.fetcher.core.FetchResult.Succeeded;
import com.marketsync.fetcher.core.FetchResult.Unavailable;
import com.marketsync.fetcher.core.FetchResultStore.StoredResult;
import com.marketsync.fetcher.core.FetchResultStore.UnencodableResultException;
import com.marketsync.schemas.EventSerde;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider-independent fetch loop for one delivered request. In order: a result already stored for the request
 * is republished (no provider call); a request the planner superseded is answered SUPERSEDED, and a stale or
 * misrouted one FAILED, without a token; the normal lane
 * yields to a priority request in progress; an open circuit breaker, a spent budget or a paused provider defer the
 * request (redelivered later, nothing lost); otherwise the provider is called, and a rate-limit answer pauses the
 * provider, an unavailable provider is retried with jittered back-off up to a bound, and every other answer is
 * stored, then published as the snapshots and exactly one outcome.
 *
 * <p>Each failure is retried in exactly one layer: provider unavailability and rate limits here (by deferring the
 * record), publish failures by the Kafka error handler (the redelivery republishes the stored result).
 */
final class SyncRequestHandler {

    static final String EXPIRED = "expired";
    private static final Logger log = LoggerFactory.getLogger(SyncRequestHandler.class);
    private static final int MAX_ERROR_LENGTH = 1000;
    private static final Duration YIELD = Duration.ofMillis(200);
    private static final Duration BREAKER_RECHECK = Duration.ofSeconds(5);
    private static final Duration SUPERSESSIONS_RECHECK = Duration.ofMillis(500);
    /** A token this close is waited for in the listener thread; a later one defers the record. */
    private static final Duration SHORT_WAIT = Duration.ofSeconds(1);
    /** Longest single deferral: a deferred record is looked at again at least this often. */
    private static final Duration MAX_DEFERRAL = Duration.ofSeconds(30);

    private static final int MAX_TRACKED_ATTEMPTS = 100_000;

    private final ProviderFetcher fetcher;
    private final SyncResultPublisher publisher;
    private final FetchResultStore results;
    private final SupersededRequests superseded;
    private final CallBudget budget;
    private final LaneGate gate;
    private final CircuitBreaker breaker;
    private final FetcherProperties properties;
    private final Clock clock;
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

    SyncRequestHandler(
            ProviderFetcher fetcher,
            SyncResultPublisher publisher,
            FetchResultStore results,
            SupersededRequests superseded,
            CallBudget budget,
            LaneGate gate,
            CircuitBreaker breaker,
            FetcherProperties properties,
            Clock clock) {
        this.fetcher = fetcher;
        this.publisher = publisher;
        this.results = results;
        this.superseded = superseded;
        this.budget = budget;
        this.gate = gate;
        this.breaker = breaker;
        this.properties = properties;
        this.clock = clock;
        // Avro builders resolve enum defaults and copy records reflectively, which Avro allows only for trusted
        // packages; trust the event classes here rather than rely on the serializer having been created first.
        EventSerde.trustEventClasses();
    }

    /** What the listener does with the record. */
    sealed interface Decision {

        /** Handled: its outcome is published, the offset may be committed. */
        record Done() implements Decision {}

        /** Not handled yet: redeliver it after {@code after}, pausing the lane meanwhile. */
        record Redeliver(Duration after, String why) implements Decision {}
    }

    /**
     * Handles one delivered request of a lane. Returns {@link Decision.Done} only once the outcome is acknowledged by
     * Kafka; a failed publish throws, so the record is redelivered and its stored result published again.
     */
    Decision handle(SyncRequest request, Lane lane) {
        StoredResult stored = results.find(request.getRequestId()).orElse(null);
        if (stored != null) {
            publisher.publish(request, stored.snapshots(), stored.outcome());
            return done(request);
        }
        if (!superseded.loaded()) {
            // Until the supersessions published before this fetcher started are read, any request might be one.
            return new Decision.Redeliver(SUPERSESSIONS_RECHECK, "supersessions not read yet");
        }
        Instant startedAt = clock.instant();
        SupersededRequests.Supersession supersession =
                superseded.find(request.getRequestId()).orElse(null);
        if (supersession != null) {
            return finish(request, supersededOutcome(request, supersession, startedAt), List.of(), startedAt, 0);
        }
        FetchResult refused = refusedWithoutCall(request, startedAt);
        if (refused != null) {
            return finish(request, refused, startedAt, 0);
        }
        if (lane == Lane.NORMAL && gate.normalMustYield()) {
            return new Decision.Redeliver(YIELD, "priority lane first");
        }
        if (lane == Lane.PRIORITY) {
            gate.priorityStarted();
        }
        try {
            return attempt(request, lane, startedAt);
        } finally {
            if (lane == Lane.PRIORITY) {
                gate.priorityDone();
            }
        }
    }

    private Decision attempt(SyncRequest request, Lane lane, Instant startedAt) {
        if (!breaker.tryAcquirePermission()) {
            return new Decision.Redeliver(BREAKER_RECHECK, fetcher.provider() + " circuit breaker open");
        }
        String credential = fetcher.credentialFor(request);
        CallBudget.Grant grant;
        try {
            grant = budget.awaitAvailable(credential, lane, clock.instant().plus(SHORT_WAIT), clock);
        } catch (RuntimeException e) {
            breaker.releasePermission();
            throw e;
        }
        if (grant instanceof CallBudget.Grant.Wait wait) {
            breaker.releasePermission();
            return waitOrGiveUp(request, wait.until(), wait.reason(), startedAt);
        }
        RequestCalls calls = new RequestCalls(budget, credential, lane, request.getNotAfter(), clock);
        long began = System.nanoTime();
        FetchResult result;
        try {
            result = fetchGuarded(request, calls);
        } catch (CallRefusedException e) {
            breaker.releasePermission();
            return e.retryAt() == null
                    ? finish(
                            request,
                            new Failed(EXPIRED + ": " + e.getMessage(), null),
                            startedAt,
                            attemptNumber(request))
                    : waitOrGiveUp(request, e.retryAt(), e.getMessage(), startedAt);
        }
        long took = System.nanoTime() - began;
        int attempt = attemptNumber(request);
        return switch (result) {
            case RateLimited limited -> {
                breaker.releasePermission();
                yield rateLimited(request, limited, startedAt);
            }
            case Unavailable unavailable -> {
                breaker.onError(took, TimeUnit.NANOSECONDS, new ProviderUnavailableException(unavailable.reason()));
                yield unavailable(request, unavailable, startedAt, attempt);
            }
            default -> {
                breaker.onSuccess(took, TimeUnit.NANOSECONDS);
                yield finish(request, result, startedAt, attempt);
            }
        };
    }

    private Decision rateLimited(SyncRequest request, RateLimited limited, Instant startedAt) {
        Instant now = clock.instant();
        Instant until = limited.retryAfter() != null && limited.retryAfter().isAfter(now)
                ? limited.retryAfter()
                : now.plus(properties.rateLimitPause());
        budget.pause(until, "HTTP " + limited.httpStatus() + " for requestId=" + request.getRequestId());
        log.warn(
                "{} rate-limited us; pausing it until {} (requestId={} sku={})",
                fetcher.provider(),
                until,
                request.getRequestId(),
                request.getSku());
        if (request.getNotAfter() != null && until.isAfter(request.getNotAfter())) {
            return finish(request, new RateLimited(until, limited.httpStatus()), startedAt, attemptNumber(request));
        }
        return redeliverAt(until, "provider paused after a rate-limit answer");
    }

    private Decision unavailable(SyncRequest request, Unavailable unavailable, Instant startedAt, int attempt) {
        int maxAttempts = properties.retry().maxAttempts();
        if (attempt >= maxAttempts) {
            return finish(
                    request,
                    new Failed(unavailable.reason() + " (after " + attempt + " attempts)", unavailable.httpStatus()),
                    startedAt,
                    attempt);
        }
        if (attempts.size() > MAX_TRACKED_ATTEMPTS) {
            attempts.clear();
        }
        attempts.put(request.getRequestId(), attempt + 1);
        Duration backoff = backoff(attempt);
        log.info(
                "{} unavailable for requestId={} sku={} (attempt {} of {}), retrying in {}: {}",
                fetcher.provider(),
                request.getRequestId(),
                request.getSku(),
                attempt,
                maxAttempts,
                backoff,
                unavailable.reason());
        return redeliverAt(clock.instant().plus(backoff), "provider unavailable");
    }

    /** Full-jitter exponential back-off: a random wait up to initial × 2^(attempt-1), capped. */
    private Duration backoff(int attempt) {
        long initial = properties.retry().initialBackoff().toMillis();
        long cap = properties.retry().maxBackoff().toMillis();
        long ceiling = Math.min(cap, initial << Math.min(20, attempt - 1));
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    private Decision waitOrGiveUp(SyncRequest request, Instant until, String why, Instant startedAt) {
        if (request.getNotAfter() != null && until.isAfter(request.getNotAfter())) {
            // It would be stale before it could be served: tell the planner now, with when to ask again.
            return finish(request, new RateLimited(until, null), startedAt, attemptNumber(request));
        }
        return redeliverAt(until, why);
    }

    private Decision redeliverAt(Instant until, String why) {
        Duration wait = Duration.between(clock.instant(), until);
        if (wait.isNegative()) {
            wait = Duration.ZERO;
        }
        return new Decision.Redeliver(wait.compareTo(MAX_DEFERRAL) > 0 ? MAX_DEFERRAL : wait, why);
    }

    private int attemptNumber(SyncRequest request) {
        return attempts.getOrDefault(request.getRequestId(), 1);
    }

    private FetchResult refusedWithoutCall(SyncRequest request, Instant now) {
        if (request.getNotAfter() != null && now.isAfter(request.getNotAfter())) {
            return new Failed(EXPIRED, null);
        }
        if (request.getProvider() != fetcher.provider()) {
            return new Failed(
                    "request is for provider " + request.getProvider() + ", this fetcher serves " + fetcher.provider(),
                    null);
        }
        return null;
    }

    private FetchResult fetchGuarded(SyncRequest request, RequestCalls calls) {
        FetchResult result;
        try {
            result = fetcher.fetch(request, calls);
        } catch (CallRefusedException e) {
            throw e;
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

    private Decision finish(SyncRequest request, FetchResult result, Instant startedAt, int attempt) {
        List<PriceSnapshot> snapshots = result instanceof Succeeded succeeded ? succeeded.snapshots() : List.of();
        return finish(
                request, outcome(request, result, snapshots.size(), startedAt, attempt), snapshots, startedAt, attempt);
    }

    /** Stores the outcome and snapshots (or a FAILED outcome if they cannot be encoded), then publishes them. */
    private Decision finish(
            SyncRequest request, SyncOutcome outcome, List<PriceSnapshot> snapshots, Instant startedAt, int attempt) {
        StoredResult stored;
        try {
            stored = results.save(outcome, snapshots);
        } catch (UnencodableResultException e) {
            Failed failed = new Failed("result cannot be published: " + e.getMessage(), outcome.getHttpStatus());
            stored = results.save(outcome(request, failed, 0, startedAt, attempt), List.of());
        }
        if (stored.outcome().getStatus() != OutcomeStatus.SUCCEEDED) {
            log.info(
                    "Sync {} for requestId={} sku={} region={}: {}",
                    stored.outcome().getStatus(),
                    request.getRequestId(),
                    request.getSku(),
                    request.getRegion(),
                    stored.outcome().getError());
        }
        try {
            publisher.publish(request, stored.snapshots(), stored.outcome());
        } catch (SyncResultPublisher.UnpublishableException e) {
            // Kafka refused the events themselves (too large, not serializable): asking again cannot help, so the
            // request ends as FAILED, which is small and always publishable.
            SyncOutcome failed = outcome(
                    request, new Failed("result cannot be published: " + e.getMessage(), null), 0, startedAt, attempt);
            publisher.publish(request, List.of(), failed);
        }
        return done(request);
    }

    private Decision done(SyncRequest request) {
        attempts.remove(request.getRequestId());
        return new Decision.Done();
    }

    private boolean belongsTo(List<PriceSnapshot> snapshots, SyncRequest request) {
        return snapshots.stream()
                .allMatch(snapshot -> snapshot.getProvider() == fetcher.provider()
                        && request.getSku().equals(snapshot.getSku())
                        && request.getRequestId().equals(snapshot.getRequestId())
                        && request.getRegion().equals(snapshot.getRegion()));
    }

    private SyncOutcome outcome(
            SyncRequest request, FetchResult result, int snapshotsPublished, Instant startedAt, int attempt) {
        return SyncOutcome.newBuilder()
                .setRequestId(request.getRequestId())
                .setSku(request.getSku())
                .setProvider(request.getProvider())
                .setRegion(request.getRegion())
                .setStatus(result.status())
                .setProviderProductId(result instanceof Succeeded succeeded ? succeeded.providerProductId() : null)
                .setSnapshotsPublished(snapshotsPublished)
                .setAttempts(attempt)
                .setHttpStatus(result.httpStatus())
                .setError(truncate(errorOf(result)))
                .setStartedAt(startedAt)
                .setFinishedAt(clock.instant())
                .setRetryAfter(result instanceof RateLimited limited ? limited.retryAfter() : null)
                .build();
    }

    /** The outcome of a request the planner replaced: no provider call, so no attempt and no HTTP status. */
    private SyncOutcome supersededOutcome(
            SyncRequest request, SupersededRequests.Supersession supersession, Instant startedAt) {
        return SyncOutcome.newBuilder()
                .setRequestId(request.getRequestId())
                .setSku(request.getSku())
                .setProvider(request.getProvider())
                .setRegion(request.getRegion())
                .setStatus(OutcomeStatus.SUPERSEDED)
                .setSnapshotsPublished(0)
                .setAttempts(0)
                .setError(truncate("superseded by " + supersession.supersededBy()))
                .setStartedAt(startedAt)
                .setFinishedAt(clock.instant())
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

    /** Recorded by the circuit breaker for an unavailable answer. */
    private static final class ProviderUnavailableException extends RuntimeException {
        ProviderUnavailableException(String message) {
            super(message, null, false, false);
        }
    }
}
