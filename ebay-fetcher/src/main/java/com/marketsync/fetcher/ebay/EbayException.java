package com.marketsync.fetcher.ebay;

import com.marketsync.fetcher.core.FetchResult;
import java.util.Objects;

/**
 * An eBay call that did not yield usable data, carrying the {@link FetchResult} it becomes (rate limited, unavailable
 * or failed), so classification happens once, where the HTTP answer is read.
 */
final class EbayException extends RuntimeException {

    private final transient FetchResult result;

    EbayException(FetchResult result, Throwable cause) {
        super(reasonOf(Objects.requireNonNull(result, "result")), cause, false, false);
        this.result = result;
    }

    EbayException(FetchResult result) {
        this(result, null);
    }

    FetchResult result() {
        return result;
    }

    private static String reasonOf(FetchResult result) {
        return switch (result) {
            case FetchResult.Failed failed -> failed.reason();
            case FetchResult.Unavailable unavailable -> unavailable.reason();
            case FetchResult.RateLimited limited -> "rate limited until " + limited.retryAfter();
            case FetchResult.NotFound notFound -> notFound.reason();
            case FetchResult.MappingUnresolved unresolved -> unresolved.reason();
            case FetchResult.Succeeded ignored -> "succeeded";
        };
    }
}
