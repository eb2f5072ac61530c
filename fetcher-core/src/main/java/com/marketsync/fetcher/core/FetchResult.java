package com.marketsync.fetcher.core;

import com.marketsync.events.OutcomeStatus;
import com.marketsync.events.PriceSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The answer of a {@link ProviderFetcher} to one request, one case per outcome status.
 *
 * <p>{@code httpStatus} is the status of the last provider call, or null if none was made.
 */
public sealed interface FetchResult {

    /** Status of the SyncOutcome this result becomes. */
    OutcomeStatus status();

    /** Status of the last provider call, or null. */
    Integer httpStatus();

    /** Prices were fetched: one snapshot per variant (possibly none when the provider lists no sizes). */
    record Succeeded(List<PriceSnapshot> snapshots, String providerProductId, Integer httpStatus)
            implements FetchResult {
        public Succeeded {
            snapshots = List.copyOf(Objects.requireNonNull(snapshots, "snapshots"));
        }

        @Override
        public OutcomeStatus status() {
            return OutcomeStatus.SUCCEEDED;
        }
    }

    /** The provider does not list the product. */
    record NotFound(String reason, Integer httpStatus) implements FetchResult {
        @Override
        public OutcomeStatus status() {
            return OutcomeStatus.NOT_FOUND;
        }
    }

    /** Candidates exist but none, or more than one, matches the sku exactly. */
    record MappingUnresolved(String reason, Integer httpStatus) implements FetchResult {
        @Override
        public OutcomeStatus status() {
            return OutcomeStatus.MAPPING_UNRESOLVED;
        }
    }

    /**
     * The provider refused us for now (HTTP 429 or its equivalent); {@code retryAfter} is when it may be asked again,
     * or null if it did not say. The loop pauses the provider and retries the request; it becomes a RATE_LIMITED
     * outcome only if the request expires first.
     */
    record RateLimited(Instant retryAfter, Integer httpStatus) implements FetchResult {
        @Override
        public OutcomeStatus status() {
            return OutcomeStatus.RATE_LIMITED;
        }
    }

    /**
     * The provider is unavailable (5xx, timeout, connection refused): the loop retries with jittered back-off up to
     * a bound, counts it against the provider's circuit breaker, and then answers FAILED.
     */
    record Unavailable(String reason, Integer httpStatus) implements FetchResult {
        @Override
        public OutcomeStatus status() {
            return OutcomeStatus.FAILED;
        }
    }

    /** Anything else that will not get better by asking again: a refused token, a malformed answer, a 4xx. */
    record Failed(String reason, Integer httpStatus) implements FetchResult {
        @Override
        public OutcomeStatus status() {
            return OutcomeStatus.FAILED;
        }
    }
}
