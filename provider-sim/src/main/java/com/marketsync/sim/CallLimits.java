package com.marketsync.sim;

import com.marketsync.sim.ProviderGateway.LimitUsage;
import com.marketsync.sim.SimLimitsProperties.Limit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Per-credential sliding-window limits: a call is admitted while fewer calls than the limit were admitted in the
 * window before it; refused calls do not count.
 */
@Component
class CallLimits {

    static final Duration SECOND = Duration.ofSeconds(1);
    static final Duration DAY = Duration.ofDays(1);

    private final SimLimitsProperties properties;
    private final Map<Key, Windows> windows = new ConcurrentHashMap<>();

    CallLimits(SimLimitsProperties properties) {
        this.properties = properties;
    }

    private record Key(Provider provider, String credential) {}

    /** Admitted call times of one credential within the last second and the last day. */
    private static final class Windows {
        final TimeLog second = new TimeLog();
        final TimeLog day = new TimeLog();

        void forgetBefore(long now) {
            second.dropUpTo(now - SECOND.toNanos());
            day.dropUpTo(now - DAY.toNanos());
        }
    }

    Limit limit(Provider provider) {
        return properties.of(provider);
    }

    boolean tryAcquire(Provider provider, String credential, Instant at) {
        Limit limit = properties.of(provider);
        if (limit.perSecond() == 0 && limit.perDay() == 0) {
            return true;
        }
        long now = TimeLog.nanos(at);
        Windows w = windows.computeIfAbsent(new Key(provider, credential), k -> new Windows());
        synchronized (w) {
            w.forgetBefore(now);
            if (limit.perSecond() > 0 && w.second.size() >= limit.perSecond()) {
                return false;
            }
            if (limit.perDay() > 0 && w.day.size() >= limit.perDay()) {
                return false;
            }
            w.second.add(now);
            if (limit.perDay() > 0) {
                w.day.add(now);
            }
            return true;
        }
    }

    /** The credential's daily and per-second usage, daily first; a limit switched off is left out. */
    List<LimitUsage> usage(Provider provider, String credential, Instant at) {
        Limit limit = properties.of(provider);
        long now = TimeLog.nanos(at);
        Windows w = windows.computeIfAbsent(new Key(provider, credential), k -> new Windows());
        List<LimitUsage> usage = new ArrayList<>();
        synchronized (w) {
            w.forgetBefore(now);
            if (limit.perDay() > 0) {
                usage.add(usage(limit.perDay(), w.day, at, DAY));
            }
            if (limit.perSecond() > 0) {
                usage.add(usage(limit.perSecond(), w.second, at, SECOND));
            }
        }
        return usage;
    }

    private static LimitUsage usage(int limit, TimeLog log, Instant at, Duration window) {
        // a sliding window frees its next slot when the oldest admitted call leaves it
        Instant reset =
                log.size() == 0 ? at : Instant.ofEpochSecond(0, log.oldest()).plus(window);
        return new LimitUsage(limit, log.size(), reset, window);
    }
}
