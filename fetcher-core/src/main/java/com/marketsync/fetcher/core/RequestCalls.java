package com.marketsync.fetcher.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The budget of one request attempt: every call takes its token right before it is made, waiting briefly if need be;
 * it is refused if it would have to wait long, or once the request has expired.
 */
final class RequestCalls implements ProviderCalls {

    /** Longest a call inside a fetch waits for its token; the consumer must keep polling well within its limit. */
    static final Duration MAX_WAIT = Duration.ofSeconds(15);

    private final CallBudget budget;
    private final String credential;
    private final Lane lane;
    private final Instant notAfter;
    private final Clock clock;

    RequestCalls(CallBudget budget, String credential, Lane lane, Instant notAfter, Clock clock) {
        this.budget = budget;
        this.credential = credential;
        this.lane = lane;
        this.notAfter = notAfter;
        this.clock = clock;
    }

    @Override
    public void spend() {
        budget.takeWaiting(credential, lane, clock.instant().plus(MAX_WAIT), notAfter, clock);
    }
}
