package com.marketsync.planner.schedule;

import com.marketsync.events.Priority;
import com.marketsync.events.Provider;
import com.marketsync.events.SyncRequest;
import com.marketsync.events.Tier;
import com.marketsync.planner.PlannerProperties;
import com.marketsync.providers.ProvidersProperties;
import com.marketsync.providers.ProvidersProperties.ProviderSettings;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * One planning tick. Per provider: leases whose requests got no outcome in time are ended (the keys are due again),
 * then due keys are leased — HOT before WARM before COLD, most overdue first within a tier — up to what the
 * provider's background budget serves before the next tick (plus a small buffer, less what is still in flight), so
 * the request topics never hold an unbounded backlog. The leased keys are published; due keys left over are
 * recorded per tier as held back. Each step is its own short statement: no transaction spans a Kafka round trip.
 */
@Service
public class DuePlanner {

    private static final Logger log = LoggerFactory.getLogger(DuePlanner.class);
    private static final List<Tier> SCHEDULED_TIERS = List.of(Tier.HOT, Tier.WARM, Tier.COLD);
    /** Held-back keys are counted up to this many per tier, so the count costs what the work costs, not more. */
    static final int HELD_BACK_COUNT_CAP = 10_000;

    private final ScheduleRepository schedule;
    private final SyncRunRepository runs;
    private final SyncRequestPublisher publisher;
    private final OutcomeApplier outcomes;
    private final ManualRequests manual;
    private final PlannerProperties properties;
    private final ProvidersProperties providers;
    private final Clock clock;
    private final String instance = ManagementFactory.getRuntimeMXBean().getName();

    DuePlanner(
            ScheduleRepository schedule,
            SyncRunRepository runs,
            SyncRequestPublisher publisher,
            OutcomeApplier outcomes,
            ManualRequests manual,
            PlannerProperties properties,
            ProvidersProperties providers,
            Clock clock) {
        this.schedule = schedule;
        this.runs = runs;
        this.publisher = publisher;
        this.outcomes = outcomes;
        this.manual = manual;
        this.properties = properties;
        this.providers = providers;
        this.clock = clock;
    }

    /** Runs one tick, records it in the run log and returns what it did. */
    public TickReport tick() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        long runId = runs.start(now, instance);
        int leasesExpired = 0;
        Map<Provider, TickReport.ProviderTick> byProvider = new EnumMap<>(Provider.class);
        try {
            for (ProviderSettings settings : providers.all().values()) {
                List<String> expired = schedule.expireLeases(settings.provider(), now);
                manual.expired(expired, now);
                leasesExpired += expired.size();
                byProvider.put(settings.provider(), plan(settings, runId, now));
            }
        } catch (RuntimeException e) {
            TickReport partial = new TickReport(leasesExpired, outcomes.drainAppliedCount(), byProvider);
            runs.finish(runId, clock.instant(), partial, e.getClass().getSimpleName() + ": " + e.getMessage());
            throw e;
        }
        TickReport report = new TickReport(leasesExpired, outcomes.drainAppliedCount(), byProvider);
        runs.finish(runId, clock.instant(), report, null);
        log.info("Tick {} emitted {} requests ({} leases expired)", runId, report.emitted(), leasesExpired);
        return report;
    }

    private TickReport.ProviderTick plan(ProviderSettings settings, long runId, Instant now) {
        Provider provider = settings.provider();
        int capacity = capacityPerTick(settings);
        int inFlight = schedule.backgroundInFlight(provider);
        int room = Math.min(properties.maxRequestsPerTick(), Math.max(0, capacity - inFlight));
        Instant leaseUntil = now.plus(properties.lease());
        Map<Priority, Integer> emitted = new EnumMap<>(Priority.class);
        Map<Tier, Integer> emittedByTier = new EnumMap<>(Tier.class);
        Map<Tier, Integer> heldBack = new EnumMap<>(Tier.class);
        for (Tier tier : SCHEDULED_TIERS) {
            Priority priority = SyncRequests.priorityOf(tier);
            List<ScheduleRepository.Claim> claims =
                    schedule.claimDue(provider, settings.regions(), tier, now, room, priority, leaseUntil);
            publish(claims, priority, "planner-tick-" + runId, now, leaseUntil);
            room -= claims.size();
            emitted.merge(priority, claims.size(), Integer::sum);
            emittedByTier.put(tier, claims.size());
            heldBack.put(
                    tier,
                    room > 0 ? 0 : schedule.countDue(provider, settings.regions(), tier, now, HELD_BACK_COUNT_CAP));
        }
        int total = emittedByTier.values().stream().mapToInt(Integer::intValue).sum();
        int held = heldBack.values().stream().mapToInt(Integer::intValue).sum();
        if (held > 0) {
            log.info(
                    "{}: budget serves {} requests per tick, {} in flight; emitted {}, held back {} due ({})",
                    provider,
                    capacity,
                    inFlight,
                    total,
                    held,
                    heldBack);
        }
        return new TickReport.ProviderTick(capacity, inFlight, emitted, emittedByTier, heldBack);
    }

    /** Requests the provider's background budget serves before the next tick, plus the buffer. */
    int capacityPerTick(ProviderSettings settings) {
        double calls = settings.backgroundCallsPer(properties.tickInterval());
        return (int) Math.min(Integer.MAX_VALUE, Math.ceil(calls * (1 + properties.buffer())));
    }

    private void publish(
            List<ScheduleRepository.Claim> claims,
            Priority priority,
            String requestedBy,
            Instant now,
            Instant leaseUntil) {
        if (claims.isEmpty()) {
            return;
        }
        List<SyncRequest> requests = new ArrayList<>(claims.size());
        for (ScheduleRepository.Claim claim : claims) {
            String reason = claim.firstTime() ? "NEVER_SYNCED" : "DUE";
            requests.add(SyncRequests.of(claim, priority, reason, requestedBy, now, leaseUntil));
        }
        try {
            publisher.publish(requests);
        } catch (RuntimeException e) {
            // Nothing may be assumed published: the keys are due again for the next tick.
            schedule.release(claims);
            throw e;
        }
    }
}
