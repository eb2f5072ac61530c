package com.marketsync.fetcher.core;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lets this replica's normal lane yield while a priority request is being served, so a manual request never waits
 * behind the backlog for more than the one provider call already in flight.
 */
final class LaneGate {

    private final AtomicInteger priorityInProgress = new AtomicInteger();

    /** Marks a priority request as being served until {@link #priorityDone()}. */
    void priorityStarted() {
        priorityInProgress.incrementAndGet();
    }

    /** Marks a priority request as finished or deferred. */
    void priorityDone() {
        priorityInProgress.decrementAndGet();
    }

    /** Whether the normal lane must step aside now. */
    boolean normalMustYield() {
        return priorityInProgress.get() > 0;
    }
}
