package com.marketsync.planner.schedule;

import com.marketsync.events.OutcomeStatus;
import com.marketsync.events.SyncOutcome;
import com.marketsync.planner.PlannerProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Feeds an outcome back into the schedule, if it belongs to the request holding the key's lease (a duplicate or
 * late outcome changes nothing): success moves the next due time by the tier's target; NOT_FOUND and
 * MAPPING_UNRESOLVED also wait a full interval and update the provider mapping (NOT_FOUND long enough archives the
 * product for that provider); RATE_LIMITED is due again when the provider allows, without counting as a failure;
 * any other failure backs off exponentially with jitter.
 */
@Component
public class OutcomeApplier {

    private static final Logger log = LoggerFactory.getLogger(OutcomeApplier.class);
    private static final int MAX_ERROR_LENGTH = 500;

    private final ScheduleRepository schedule;
    private final ProviderMappings mappings;
    private final ManualRequests manual;
    private final PlannerProperties properties;
    private final Clock clock;
    private final AtomicInteger applied = new AtomicInteger();

    OutcomeApplier(
            ScheduleRepository schedule,
            ProviderMappings mappings,
            ManualRequests manual,
            PlannerProperties properties,
            Clock clock) {
        this.schedule = schedule;
        this.mappings = mappings;
        this.manual = manual;
        this.properties = properties;
        this.clock = clock;
    }

    /** Applies one outcome in one transaction; returns false if it was stale or a duplicate and changed nothing. */
    @Transactional
    public boolean apply(SyncOutcome outcome) {
        if (outcome.getStatus() == OutcomeStatus.SUPERSEDED) {
            // the request that replaced it holds the key; this one says nothing about the product
            return false;
        }
        ScheduleRepository.KeyState state = schedule.lock(outcome.getSku(), outcome.getProvider(), outcome.getRegion());
        if (state == null || !outcome.getRequestId().equals(state.inFlightRequestId())) {
            log.debug("Ignoring outcome of requestId={}: it no longer holds its key's lease", outcome.getRequestId());
            return false;
        }
        Instant now = clock.instant();
        Instant finished = outcome.getFinishedAt() == null ? now : outcome.getFinishedAt();
        OutcomeStatus status = outcome.getStatus();
        int failures = state.consecutiveFailures();
        Instant successAt = null;
        Instant nextDue;
        Duration interval = properties.refreshAfter(state.tier());
        switch (status) {
            case SUCCEEDED -> {
                failures = 0;
                successAt = finished;
                nextDue = interval == null ? finished : finished.plus(interval);
            }
            case NOT_FOUND, MAPPING_UNRESOLVED -> {
                failures = 0;
                nextDue = interval == null ? finished : finished.plus(interval);
            }
            case RATE_LIMITED ->
                nextDue = outcome.getRetryAfter() != null
                                && outcome.getRetryAfter().isAfter(now)
                        ? outcome.getRetryAfter()
                        : now;
            default -> {
                failures++;
                nextDue = now.plus(backoff(failures));
            }
        }
        schedule.settle(
                outcome.getSku(),
                outcome.getProvider(),
                outcome.getRegion(),
                outcome.getRequestId(),
                nextDue,
                successAt,
                failures,
                status.name(),
                truncate(outcome.getError()),
                now);
        mappings.record(outcome, now);
        manual.finished(outcome);
        applied.incrementAndGet();
        return true;
    }

    /** Outcomes applied since the last call (reported in the run log of this instance's next tick). */
    int drainAppliedCount() {
        return applied.getAndSet(0);
    }

    /** Full jitter: a random wait between half and all of {@code initial × 2^(failures-1)}, capped. */
    Duration backoff(int failures) {
        long initial = properties.backoff().initial().toMillis();
        long cap = properties.backoff().max().toMillis();
        long ceiling = Math.min(cap, initial << Math.min(30, failures - 1));
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
    }
}
