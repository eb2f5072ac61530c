package com.marketsync.sim;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The faults injected through {@code /sim/faults}: which are active, and which of them hit a given API call, decided
 * by a seeded random draw per fault so a test can predict the outcome.
 */
@Component
class Faults {

    private static final Logger log = LoggerFactory.getLogger(Faults.class);

    /** What a fault does to a call it hits. */
    enum Kind {
        STATUS_429,
        STATUS_500,
        TIMEOUT,
        MALFORMED,
        LATENCY
    }

    /** A validated request for a fault; null fields were not given. */
    record Spec(
            Provider provider,
            Kind kind,
            double rate,
            Integer retryAfterSeconds,
            Integer latencyMs,
            Integer durationSeconds,
            Long seed) {}

    /** An active fault as {@code /sim/faults} shows it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Fault(
            String id,
            Provider provider,
            Kind kind,
            double rate,
            Integer retryAfterSeconds,
            Integer latencyMs,
            Integer durationSeconds,
            long seed,
            Instant createdAt,
            Instant expiresAt) {

        boolean expiredAt(Instant now) {
            return expiresAt != null && !now.isBefore(expiresAt);
        }
    }

    private record Active(Fault fault, SplittableRandom random) {}

    private final Clock clock;
    private final SimFaultsProperties properties;
    private final List<Active> active = new ArrayList<>();
    private long created;

    Faults(Clock clock, SimFaultsProperties properties) {
        this.clock = clock;
        this.properties = properties;
    }

    synchronized Fault add(Spec spec) {
        created++;
        Instant now = clock.instant();
        long seed = spec.seed() != null ? spec.seed() : properties.seed() + created;
        Instant expiresAt =
                spec.durationSeconds() == null ? null : now.plus(Duration.ofSeconds(spec.durationSeconds()));
        Fault fault = new Fault(
                "fault-" + created,
                spec.provider(),
                spec.kind(),
                spec.rate(),
                spec.retryAfterSeconds(),
                spec.latencyMs(),
                spec.durationSeconds(),
                seed,
                now,
                expiresAt);
        active.add(new Active(fault, new SplittableRandom(seed)));
        log.info("Fault {} active: {} {} at rate {}", fault.id(), fault.provider(), fault.kind(), fault.rate());
        return fault;
    }

    /** The provider's faults that hit this call, in the order they were created; every fault draws once per call. */
    synchronized List<Fault> hitting(Provider provider) {
        Instant now = clock.instant();
        active.removeIf(a -> a.fault().expiredAt(now));
        List<Fault> hits = new ArrayList<>();
        for (Active a : active) {
            if (a.fault().provider() == provider
                    && a.random().nextDouble() < a.fault().rate()) {
                hits.add(a.fault());
            }
        }
        return hits;
    }

    synchronized List<Fault> list() {
        Instant now = clock.instant();
        active.removeIf(a -> a.fault().expiredAt(now));
        return active.stream().map(Active::fault).toList();
    }

    /** Removes all faults, or those of one provider; returns how many were removed. */
    synchronized int clear(Optional<Provider> provider) {
        int before = active.size();
        active.removeIf(a -> provider.isEmpty() || a.fault().provider() == provider.get());
        return before - active.size();
    }

    synchronized boolean remove(String id) {
        return active.removeIf(a -> a.fault().id().equals(id));
    }

    Duration timeoutFor(Fault fault) {
        return fault.latencyMs() != null ? Duration.ofMillis(fault.latencyMs()) : properties.timeout();
    }
}
