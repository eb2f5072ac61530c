package com.marketsync.fetcher.core;

/**
 * The budget of one request, handed to {@link ProviderFetcher#fetch}: every HTTP call to the provider's API must be
 * preceded by {@link #spend()}, so no call is ever made outside the provider's shared budget.
 */
@FunctionalInterface
public interface ProviderCalls {

    /** Grants every call without a budget; for tests of a client or mapper on their own. */
    ProviderCalls UNLIMITED = () -> {};

    /**
     * Takes one token for the next provider call, waiting briefly if the budget refills soon.
     *
     * @throws CallRefusedException when no token can be had in time, the request's notAfter has passed, or the
     *     provider is paused after a 429; let it propagate, the loop defers or answers the request
     */
    void spend();
}
