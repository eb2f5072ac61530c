package com.marketsync.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * What each provider's API has been asked since the last reset: calls, the busiest one-second and one-minute spans,
 * 429s sent and calls per credential.
 */
@Component
class TrafficStats {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    private static final long MINUTE = Duration.ofMinutes(1).toNanos();

    private final Map<Provider, Counters> counters = new EnumMap<>(Provider.class);

    TrafficStats() {
        for (Provider provider : Provider.values()) {
            counters.put(provider, new Counters());
        }
    }

    /** Counters of one provider, guarded by the instance's monitor. */
    private static final class Counters {
        final TimeLog lastSecond = new TimeLog();
        final TimeLog lastMinute = new TimeLog();
        final Map<String, Long> credentials = new TreeMap<>();
        long calls;
        int maxCallsIn1s;
        int maxCallsIn60s;
        long throttled;
    }

    /** The figures of one provider, in the order {@code GET /sim/stats} shows them. */
    record ProviderStats(
            long calls,
            int maxCallsIn1s,
            int maxCallsIn60s,
            long throttled,
            int limitPerSecond,
            Map<String, Long> credentials) {}

    void recordCall(Provider provider, String credential, Instant at) {
        long now = TimeLog.nanos(at);
        Counters c = counters.get(provider);
        synchronized (c) {
            c.calls++;
            c.credentials.merge(credential, 1L, Long::sum);
            // a span "shorter than" the window: calls exactly one window apart are not in it together
            c.lastSecond.dropUpTo(now - SECOND);
            c.lastMinute.dropUpTo(now - MINUTE);
            c.lastSecond.add(now);
            c.lastMinute.add(now);
            c.maxCallsIn1s = Math.max(c.maxCallsIn1s, c.lastSecond.size());
            c.maxCallsIn60s = Math.max(c.maxCallsIn60s, c.lastMinute.size());
        }
    }

    void recordThrottled(Provider provider) {
        Counters c = counters.get(provider);
        synchronized (c) {
            c.throttled++;
        }
    }

    /** Every provider's figures; {@code limits} supplies the configured per-second limit of each. */
    Map<Provider, ProviderStats> snapshot(CallLimits limits) {
        Map<Provider, ProviderStats> result = new LinkedHashMap<>();
        for (Provider provider : Provider.values()) {
            Counters c = counters.get(provider);
            synchronized (c) {
                result.put(
                        provider,
                        new ProviderStats(
                                c.calls,
                                c.maxCallsIn1s,
                                c.maxCallsIn60s,
                                c.throttled,
                                limits.limit(provider).perSecond(),
                                new LinkedHashMap<>(c.credentials)));
            }
        }
        return result;
    }

    void reset() {
        for (Counters c : counters.values()) {
            synchronized (c) {
                c.lastSecond.clear();
                c.lastMinute.clear();
                c.credentials.clear();
                c.calls = 0;
                c.maxCallsIn1s = 0;
                c.maxCallsIn60s = 0;
                c.throttled = 0;
            }
        }
    }
}
