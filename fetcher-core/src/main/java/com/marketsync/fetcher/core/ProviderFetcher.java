package com.marketsync.fetcher.core;

import com.marketsync.events.Provider;
import com.marketsync.events.SyncRequest;

/**
 * What a provider module implements: fetch the current prices of one requested product from one provider's API and
 * map them to canonical snapshots; exactly one such bean per fetcher application.
 *
 * <p>Implementations report every expected failure (not found, rate limited, malformed answer, HTTP errors) as a
 * {@link FetchResult}; an exception they throw anyway still ends as a FAILED outcome, never as a lost request.
 */
public interface ProviderFetcher {

    /** The provider this fetcher talks to; selects the request topics and the consumer group. */
    Provider provider();

    /** Fetches and maps the prices the request asks for; called at most once per delivered request. */
    FetchResult fetch(SyncRequest request);
}
