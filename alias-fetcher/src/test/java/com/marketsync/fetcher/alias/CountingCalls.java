package com.marketsync.fetcher.alias;

import com.marketsync.fetcher.core.CallRefusedException;
import com.marketsync.fetcher.core.ProviderCalls;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * A request budget that counts the tokens taken, remembers how many HTTP calls the provider had seen at each spend,
 * and can refuse the n-th token like an exhausted budget.
 */
final class CountingCalls implements ProviderCalls {

    static final Instant RETRY_AT = Instant.parse("2026-11-22T10:16:00Z");

    private final IntSupplier callsServed;
    private final int refuseSpend;
    private final List<Integer> servedAtSpend = new ArrayList<>();
    private int granted;

    private CountingCalls(IntSupplier callsServed, int refuseSpend) {
        this.callsServed = callsServed;
        this.refuseSpend = refuseSpend;
    }

    /** Grants every token. */
    static CountingCalls granting(IntSupplier callsServed) {
        return new CountingCalls(callsServed, Integer.MAX_VALUE);
    }

    /** Grants the tokens before the {@code spend}-th (1-based), then refuses that one. */
    static CountingCalls refusing(int spend, IntSupplier callsServed) {
        return new CountingCalls(callsServed, spend);
    }

    @Override
    public void spend() {
        servedAtSpend.add(callsServed.getAsInt());
        if (servedAtSpend.size() >= refuseSpend) {
            throw new CallRefusedException("budget spent", RETRY_AT);
        }
        granted++;
    }

    /** Tokens handed out (refused ones excluded). */
    int granted() {
        return granted;
    }

    /** For each spend, how many HTTP calls the provider had answered just before it. */
    List<Integer> servedAtSpend() {
        return List.copyOf(servedAtSpend);
    }
}
