package com.marketsync.fetcher.stockx;

import com.marketsync.fetcher.core.ProviderCalls;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * A request budget that grants every call and checks the spending discipline: each spend must come right before
 * the next API call, i.e. when exactly as many API calls were made as tokens were spent before it.
 */
final class CountingCalls implements ProviderCalls {

    private final IntSupplier apiCallsMade;
    private final AtomicInteger spent = new AtomicInteger();
    private final List<String> violations = new CopyOnWriteArrayList<>();

    /** @param apiCallsMade how many StockX API calls (token endpoint excluded) the server has seen so far */
    CountingCalls(IntSupplier apiCallsMade) {
        this.apiCallsMade = apiCallsMade;
    }

    @Override
    public void spend() {
        int before = spent.getAndIncrement();
        int made = apiCallsMade.getAsInt();
        if (made != before) {
            violations.add("spend #" + (before + 1) + " after " + made + " API calls");
        }
    }

    int spent() {
        return spent.get();
    }

    /** Spends that did not sit between two API calls: a call made without one, or one spent twice. */
    List<String> violations() {
        return List.copyOf(violations);
    }
}
