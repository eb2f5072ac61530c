package com.marketsync.fetcher.core;

import com.marketsync.events.Provider;
import com.marketsync.events.SyncRequest;
import java.util.Optional;

/**
 * What a provider module implements: fetch the current prices of one requested product from one provider's API and
 * map them to canonical snapshots; exactly one such bean per fetcher application.
 *
 * <p>Implementations call {@link ProviderCalls#spend()} right before every HTTP call to the provider's API, and report
 * every expected failure (not found, rate limited, provider unavailable, malformed answer) as a {@link FetchResult};
 * an exception they throw anyway still ends as a FAILED outcome, never as a lost request.
 */
public interface ProviderFetcher {

    /** The credential every request spends its budget on when a provider has only one. */
    String DEFAULT_CREDENTIAL = "default";

    /** The provider this fetcher talks to; selects the request topics, the consumer group and the budget. */
    Provider provider();

    /**
     * The credential (account, token, keyset) a request will be served with; each credential has its own budget.
     * Providers with one credential keep the default.
     */
    default String credentialFor(SyncRequest request) {
        return DEFAULT_CREDENTIAL;
    }

    /**
     * What is missing for this fetcher to serve one of the regions in {@code market.providers.<provider>.regions}:
     * a sentence naming the region and the property that maps it to the provider's market, or empty if the region is
     * served. The application does not start while a listed region is missing; fetchers that serve any region keep
     * the default.
     */
    default Optional<String> missingRegionMapping(String region) {
        return Optional.empty();
    }

    /**
     * Fetches and maps the prices the request asks for. Called once per attempt, when the loop has checked that the
     * budget has a token now; {@code calls} grants each call its token right before it is made.
     */
    FetchResult fetch(SyncRequest request, ProviderCalls calls);
}
