package com.marketsync.fetcher.ebay;

import com.marketsync.fetcher.core.CallRefusedException;
import com.marketsync.fetcher.core.ProviderCalls;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** A request budget for tests: counts every spent token and refuses once a given number has been granted. */
final class CountingCalls implements ProviderCalls {

    static final Instant RETRY_AT = Instant.parse("2026-11-23T00:00:00Z");

    private final AtomicInteger spent = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final int grants;

    private CountingCalls(int grants) {
        this.grants = grants;
    }

    static CountingCalls unlimited() {
        return new CountingCalls(Integer.MAX_VALUE);
    }

    /** Grants {@code grants} calls, then refuses every further one. */
    static CountingCalls granting(int grants) {
        return new CountingCalls(grants);
    }

    @Override
    public void spend() {
        if (spent.get() >= grants) {
            refused.incrementAndGet();
            throw new CallRefusedException("eBay budget spent", RETRY_AT);
        }
        spent.incrementAndGet();
    }

    int spent() {
        return spent.get();
    }

    int refused() {
        return refused.get();
    }
}
