package com.marketsync.sim;

import com.marketsync.sim.Admission.Outcome;
import com.marketsync.sim.Faults.Fault;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What every simulated provider does with an authenticated API call before serving it: count it, apply the
 * credential's rate limits, then any injected faults.
 */
@Component
public class ProviderGateway {

    /** Request attribute that asks {@link MalformedBodyFilter} to cut the response body short. */
    static final String MALFORMED = ProviderGateway.class.getName() + ".MALFORMED";

    private static final Logger log = LoggerFactory.getLogger(ProviderGateway.class);

    private final Clock clock;
    private final CallLimits limits;
    private final TrafficStats stats;
    private final Faults faults;

    ProviderGateway(Clock clock, CallLimits limits, TrafficStats stats, Faults faults) {
        this.clock = clock;
        this.limits = limits;
        this.stats = stats;
        this.faults = faults;
    }

    /**
     * Counts the call of an authenticated credential and decides how to answer it; blocks for as long as a latency
     * or timeout fault holds the call.
     */
    public Admission admit(Provider provider, String credential, HttpServletRequest request) {
        Instant now = clock.instant();
        stats.recordCall(provider, credential, now);
        if (!limits.tryAcquire(provider, credential, now)) {
            stats.recordThrottled(provider);
            log.debug("{} sim throttles credential {}", provider, credential);
            return new Admission(Outcome.TOO_MANY_REQUESTS, null);
        }
        Duration hold = Duration.ZERO;
        Admission admission = Admission.PROCEED;
        boolean decided = false;
        List<Fault> hits = faults.hitting(provider);
        for (Fault fault : hits) {
            if (fault.kind() == Faults.Kind.LATENCY) {
                hold = hold.plus(Duration.ofMillis(fault.latencyMs()));
                continue;
            }
            if (decided) {
                continue;
            }
            // the oldest hitting fault that changes the answer wins; latency faults add up
            decided = true;
            switch (fault.kind()) {
                case STATUS_429 -> {
                    stats.recordThrottled(provider);
                    admission = new Admission(Outcome.TOO_MANY_REQUESTS, fault.retryAfterSeconds());
                }
                case STATUS_500 -> admission = new Admission(Outcome.SERVER_ERROR, null);
                case TIMEOUT -> {
                    hold = hold.plus(faults.timeoutFor(fault));
                    admission = new Admission(Outcome.GATEWAY_TIMEOUT, null);
                }
                case MALFORMED -> request.setAttribute(MALFORMED, Boolean.TRUE);
                case LATENCY -> throw new IllegalStateException("handled above");
            }
        }
        if (!hits.isEmpty()) {
            log.debug(
                    "{} sim applies faults {} to a call",
                    provider,
                    hits.stream().map(Fault::id).toList());
        }
        hold(hold);
        return admission;
    }

    /** The credential's usage of its daily and per-second limits, daily first; a limit switched off is left out. */
    public List<LimitUsage> usage(Provider provider, String credential) {
        return limits.usage(provider, credential, clock.instant());
    }

    /**
     * One limit of a credential and how much of it is spent.
     *
     * @param limit calls allowed in the window
     * @param count calls admitted in the window up to now
     * @param reset when the oldest of those calls leaves the window
     * @param window length of the sliding window
     */
    public record LimitUsage(int limit, int count, Instant reset, Duration window) {}

    /** Holds the calling request thread for the duration, the simulated latency of a slow or hanging upstream. */
    public static void hold(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            // simulating a slow or hanging upstream is the point, so holding the request thread is intended
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
