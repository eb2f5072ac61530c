package com.marketsync.fetcher.core;

import com.marketsync.events.Provider;
import com.marketsync.providers.ProvidersProperties.Limits;
import com.marketsync.providers.ProvidersProperties.ProviderSettings;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The provider's budget, shared by every replica through PostgreSQL: a call is granted only if, for each configured
 * window (second, hour, day), fewer calls than the limit were granted in the last window length, counted from the
 * granted calls themselves (a sliding log), so no window of that length ever holds more calls than its limit. Every
 * credential has these limits of its own.
 *
 * <p>Grants are serialised per credential by a row lock and timed by the database clock, so replicas on different
 * hosts agree. The last {@code priorityShare} of each hourly and daily limit is left to the priority lane; a
 * priority request waiting for a token makes the normal lanes of all replicas yield until it has it. A provider
 * paused after a 429 grants nothing until the pause ends.
 */
final class CallBudget {

    /** How long a waiting priority request keeps the normal lanes away beyond its expected token. */
    private static final Duration PRIORITY_HOLD = Duration.ofSeconds(1);
    /** How soon a normal lane that yielded to a priority request asks again. */
    private static final Duration YIELD = Duration.ofMillis(200);

    private static final int PURGE_EVERY = 256;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final String schema;
    private final Provider provider;
    private final List<Window> windows;
    private final double priorityShare;
    private final Duration margin;
    private final Duration longestWindow;
    private final AtomicLong grants = new AtomicLong();

    /**
     * A budget with the provider's limits and priority share ({@code market.providers.<provider>.budget}).
     *
     * @param margin added to every window (see {@link FetcherProperties.Budget#margin()})
     */
    CallBudget(JdbcTemplate jdbc, TransactionTemplate tx, String schema, ProviderSettings settings, Duration margin) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.schema = schema;
        this.provider = settings.provider();
        this.windows = windows(settings.limits());
        this.priorityShare = settings.priorityShare();
        this.margin = margin;
        Duration longest = Duration.ofMinutes(1);
        for (Window window : windows) {
            longest = window.length().compareTo(longest) > 0 ? window.length() : longest;
        }
        this.longestWindow = longest;
    }

    /** The answer to a request for one token. */
    sealed interface Grant {

        /** A call may be made now; it is already counted (unless only checked). */
        record Granted() implements Grant {}

        /** No call now; ask again at {@code until}. */
        record Wait(Instant until, String reason) implements Grant {}
    }

    /** Takes one token for a call with this credential from this lane, or says when to ask again. */
    Grant tryTake(String credential, Lane lane) {
        return tx.execute(status -> take(credential, lane, true));
    }

    /**
     * Whether a token could be taken now, without taking it: the loop asks before a fetch, and the fetch takes its
     * tokens right before each call, so the time a call is counted and the time it reaches the provider stay close.
     */
    Grant check(String credential, Lane lane) {
        return tx.execute(status -> take(credential, lane, false));
    }

    /**
     * Checks for a token like {@link #check}, waiting in this thread for one that frees before {@code deadline}
     * (a wait this short is cheaper than pausing the lane and polling the record again).
     */
    Grant awaitAvailable(String credential, Lane lane, Instant deadline, Clock clock) {
        while (true) {
            Grant grant = check(credential, lane);
            if (grant instanceof Grant.Wait wait && !wait.until().isAfter(deadline)) {
                pauseUntil(wait.until(), clock);
            } else {
                return grant;
            }
        }
    }

    /**
     * Takes one token, waiting for it if it comes before {@code deadline}; refuses once {@code notAfter} has passed,
     * so an expired request never spends a token.
     *
     * @throws CallRefusedException if no token comes in time or the request expired
     */
    void takeWaiting(String credential, Lane lane, Instant deadline, Instant notAfter, Clock clock) {
        while (true) {
            if (notAfter != null && clock.instant().isAfter(notAfter)) {
                throw new CallRefusedException("request expired at " + notAfter, null);
            }
            if (tryTake(credential, lane) instanceof Grant.Wait wait) {
                if (wait.until().isAfter(deadline)) {
                    throw new CallRefusedException(wait.reason(), wait.until());
                }
                pauseUntil(wait.until(), clock);
            } else {
                return;
            }
        }
    }

    private static void pauseUntil(Instant until, Clock clock) {
        long millis = Duration.between(clock.instant(), until).toMillis();
        if (millis <= 0) {
            return;
        }
        try {
            // Bounded by the caller's deadline, far below max.poll.interval.ms.
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallRefusedException("interrupted while waiting for a token", until);
        }
    }

    /** Stops every replica from calling the provider before {@code until} (a later pause wins). */
    void pause(Instant until, String reason) {
        jdbc.update(
                "INSERT INTO " + schema + ".provider_pauses (provider, paused_until, reason) VALUES (?, ?, ?)"
                        + " ON CONFLICT (provider) DO UPDATE SET paused_until = GREATEST("
                        + schema + ".provider_pauses.paused_until, excluded.paused_until), reason = excluded.reason",
                provider.name(),
                Timestamp.from(until),
                reason);
    }

    /** When the provider's current pause ends, or null if it is not paused. */
    Instant pausedUntil() {
        List<Instant> until = jdbc.query(
                "SELECT paused_until FROM " + schema + ".provider_pauses"
                        + " WHERE provider = ? AND paused_until > clock_timestamp()",
                (rs, row) -> rs.getTimestamp(1).toInstant(),
                provider.name());
        return until.isEmpty() ? null : until.getFirst();
    }

    private Grant take(String credential, Lane lane, boolean consume) {
        jdbc.update(
                "INSERT INTO " + schema + ".budget_credentials (credential) VALUES (?) ON CONFLICT DO NOTHING",
                credential);
        Instant priorityWaitingUntil = jdbc.queryForObject(
                "SELECT priority_waiting_until FROM " + schema + ".budget_credentials WHERE credential = ? FOR UPDATE",
                (rs, n) ->
                        rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant(),
                credential);
        // Read only now that the lock is held: a grant that waited for another replica's is made at this time.
        Moment moment = jdbc.queryForObject(
                "SELECT clock_timestamp(), (SELECT paused_until FROM " + schema
                        + ".provider_pauses WHERE provider = ?)",
                (rs, n) -> new Moment(
                        rs.getTimestamp(1).toInstant(),
                        rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant()),
                provider.name());
        Instant now = moment.now();
        if (moment.pausedUntil() != null && moment.pausedUntil().isAfter(now)) {
            return new Grant.Wait(moment.pausedUntil(), provider + " paused after a rate-limit answer");
        }
        if (lane == Lane.NORMAL && priorityWaitingUntil != null && priorityWaitingUntil.isAfter(now)) {
            return new Grant.Wait(now.plus(YIELD), "a priority request is waiting for " + credential);
        }
        Instant freeAt = null;
        for (Window window : windows) {
            int allowed = window.allowed(lane, priorityShare);
            Duration length = window.length().plus(margin);
            Instant oldestCounted = nthMostRecentCall(credential, now.minus(length), allowed);
            if (oldestCounted != null) {
                Instant free = oldestCounted.plus(length);
                freeAt = freeAt == null || free.isAfter(freeAt) ? free : freeAt;
            }
        }
        if (freeAt != null) {
            if (lane == Lane.PRIORITY) {
                jdbc.update(
                        "UPDATE " + schema + ".budget_credentials SET priority_waiting_until = ? WHERE credential = ?",
                        Timestamp.from(freeAt.plus(PRIORITY_HOLD)),
                        credential);
            }
            return new Grant.Wait(freeAt, "budget of " + credential + " spent until " + freeAt);
        }
        if (!consume) {
            return new Grant.Granted();
        }
        jdbc.update(
                "INSERT INTO " + schema + ".budget_calls (credential, called_at, lane) VALUES (?, ?, ?)",
                credential,
                Timestamp.from(now),
                lane.name());
        if (lane == Lane.PRIORITY && priorityWaitingUntil != null) {
            jdbc.update(
                    "UPDATE " + schema + ".budget_credentials SET priority_waiting_until = NULL WHERE credential = ?",
                    credential);
        }
        if (grants.incrementAndGet() % PURGE_EVERY == 0) {
            purge(credential, now);
        }
        return new Grant.Granted();
    }

    /** The {@code n}-th most recent call after {@code since}, or null if there are fewer than n. */
    private Instant nthMostRecentCall(String credential, Instant since, int n) {
        List<Instant> found = jdbc.query(
                "SELECT called_at FROM " + schema + ".budget_calls WHERE credential = ? AND called_at > ?"
                        + " ORDER BY called_at DESC OFFSET ? LIMIT 1",
                (rs, row) -> rs.getTimestamp(1).toInstant(),
                credential,
                Timestamp.from(since),
                n - 1);
        return found.isEmpty() ? null : found.getFirst();
    }

    private void purge(String credential, Instant now) {
        jdbc.update(
                "DELETE FROM " + schema + ".budget_calls WHERE credential = ? AND called_at < ?",
                credential,
                Timestamp.from(now.minus(longestWindow).minus(margin)));
    }

    private static List<Window> windows(Limits limits) {
        List<Window> windows = new ArrayList<>(3);
        if (limits.perSecond() != null) {
            windows.add(new Window(Duration.ofSeconds(1), limits.perSecond(), false));
        }
        if (limits.perHour() != null) {
            windows.add(new Window(Duration.ofHours(1), limits.perHour(), true));
        }
        if (limits.perDay() != null) {
            windows.add(new Window(Duration.ofDays(1), limits.perDay(), true));
        }
        return List.copyOf(windows);
    }

    /** The database's time once the credential is locked, and the end of the provider's pause (null if none). */
    private record Moment(Instant now, Instant pausedUntil) {}

    /** One sliding window and its limit; {@code reserved} windows keep a share for the priority lane. */
    private record Window(Duration length, int limit, boolean reserved) {

        int allowed(Lane lane, double priorityShare) {
            if (lane == Lane.PRIORITY || !reserved) {
                return limit;
            }
            return Math.max(1, limit - (int) Math.floor(limit * priorityShare));
        }
    }
}
