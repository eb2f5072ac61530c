package com.marketsync.fetcher.core;

import java.time.Instant;
import org.springframework.http.HttpHeaders;

/**
 * A provider call that did not give usable data, classified where the HTTP answer is read so the fetcher can pick
 * the outcome: {@link #toResult()} is the {@link FetchResult} it becomes.
 */
public final class ProviderCallException extends RuntimeException {

    /** What went wrong, from the outcome's point of view. */
    public enum Kind {
        /** The product or catalog item is not (or no longer) known to the provider: HTTP 404 on a catalog call. */
        NOT_FOUND,
        /** HTTP 429 or the provider's equivalent: asked too often; may carry a Retry-After instant. */
        RATE_LIMITED,
        /** The provider is unavailable for now: 5xx, 408, a timeout or a refused connection. */
        UNAVAILABLE,
        /** Anything asking again will not fix: other 4xx, a refused credential, a misconfiguration. */
        REJECTED,
        /** An answer whose body does not have the documented shape. */
        MALFORMED
    }

    private final Kind kind;
    private final Integer httpStatus;
    private final Instant retryAfter;

    /**
     * @param httpStatus status of the provider's answer, or null if there was none (timeout, refused connection)
     * @param retryAfter when the provider may be asked again (RATE_LIMITED only), or null if it did not say
     */
    public ProviderCallException(Kind kind, Integer httpStatus, Instant retryAfter, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    /** A body without the documented shape, before it is known which answer it came from. */
    public static ProviderCallException malformed(String message) {
        return new ProviderCallException(Kind.MALFORMED, null, null, message, null);
    }

    /**
     * The usual reading of an unsuccessful answer: 429 rate limited (until its {@code Retry-After}, if sent), 408 and
     * 5xx unavailable, anything else rejected. Statuses a provider gives a meaning of its own (404 not found, 401)
     * are classified by its client before it falls back to this.
     */
    public static ProviderCallException ofStatus(HttpAnswer answer, String message, Instant now) {
        int status = answer.status();
        if (status == 429) {
            return new ProviderCallException(
                    Kind.RATE_LIMITED,
                    status,
                    RetryAfter.parse(answer.headers().getFirst(HttpHeaders.RETRY_AFTER), now),
                    message,
                    null);
        }
        if (status == 408 || status >= 500) {
            return new ProviderCallException(Kind.UNAVAILABLE, status, null, message, null);
        }
        return new ProviderCallException(Kind.REJECTED, status, null, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** Status of the provider's answer, or null if there was none. */
    public Integer httpStatus() {
        return httpStatus;
    }

    /** When the provider may be asked again, or null if it did not say. */
    public Instant retryAfter() {
        return retryAfter;
    }

    /** The result this failure becomes: the loop retries unavailable and rate-limited ones, the others are final. */
    public FetchResult toResult() {
        return switch (kind) {
            case NOT_FOUND -> new FetchResult.NotFound(getMessage(), httpStatus);
            case RATE_LIMITED -> new FetchResult.RateLimited(retryAfter, httpStatus);
            case UNAVAILABLE -> new FetchResult.Unavailable(getMessage(), httpStatus);
            case REJECTED, MALFORMED -> new FetchResult.Failed(getMessage(), httpStatus);
        };
    }
}
