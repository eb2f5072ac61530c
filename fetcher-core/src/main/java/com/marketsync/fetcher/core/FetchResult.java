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

    /** The provider refused us for now; {@code retryAfter} is when it may be asked again, if it said so. */
    record RateLimited(Instant retryAfter, Integer httpStatus) implements FetchResult {
        @Override
        public OutcomeStatus status() {
            return OutcomeStatus.RATE_LIMITED;
        }
    }

    /** Anything else: an HTTP error, a timeout, a malformed answer. */
    record Failed(String reason, Integer httpStatus) implements FetchResult {
        @Override
        public OutcomeStatus status() {
            return OutcomeStatus.FAILED;
        }
    }
}
