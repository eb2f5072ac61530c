package com.marketsync.infra;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * How long to wait before starting a failed child again, and when to give up: the n-th restart within the window
 * waits the n-th delay; a failure with every attempt of the window spent gives up. Attempts older than the window
 * are forgotten, so a child that failed once a day is always restarted.
 */
public final class RestartBackoff {

    /** 2, 4, 8 and 16 s: four attempts within {@link #STANDARD_WINDOW}. */
    public static final List<Duration> STANDARD_DELAYS =
            List.of(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16));

    public static final Duration STANDARD_WINDOW = Duration.ofMinutes(10);

    private final List<Duration> delays;
    private final Duration window;
    private final Deque<Instant> attempts = new ArrayDeque<>();

    public RestartBackoff(List<Duration> delays, Duration window) {
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("at least one delay");
        }
        this.delays = List.copyOf(delays);
        this.window = window;
    }

    public static RestartBackoff standard() {
        return new RestartBackoff(STANDARD_DELAYS, STANDARD_WINDOW);
    }

    /**
     * Records a failure at {@code failedAt}: the delay before the next attempt, or empty when the attempts of the
     * window are spent.
     */
    public synchronized Optional<Duration> next(Instant failedAt) {
        while (!attempts.isEmpty() && !attempts.peekFirst().isAfter(failedAt.minus(window))) {
            attempts.removeFirst();
        }
        if (attempts.size() >= delays.size()) {
            return Optional.empty();
        }
        Duration delay = delays.get(attempts.size());
        attempts.addLast(failedAt);
        return Optional.of(delay);
    }

    /** Attempts made within the window up to the last failure. */
    public synchronized int attempts() {
        return attempts.size();
    }

    public int maxAttempts() {
        return delays.size();
    }

    public Duration window() {
        return window;
    }
}
