package com.marketsync.fetcher.core;

import java.time.Instant;

/**
 * No token could be taken for a provider call: the budget is spent until {@code retryAt}, the provider is paused, or
 * the request expired. Provider code lets it propagate; the fetch loop defers or answers the request.
 */
public final class CallRefusedException extends RuntimeException {

    private final Instant retryAt;

    public CallRefusedException(String message, Instant retryAt) {
        super(message);
        this.retryAt = retryAt;
    }

    /** When a token may be available again; null when the request expired and will never be served. */
    public Instant retryAt() {
        return retryAt;
    }
}
