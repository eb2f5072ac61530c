package com.marketsync.fetcher.alias;

import java.time.Instant;

/** An Alias call that did not give usable data, classified so the fetcher can pick the outcome. */
final class AliasException extends RuntimeException {

    /** What went wrong, from the outcome's point of view. */
    enum Kind {
        /** HTTP 404: the catalog item or search does not exist. */
        NOT_FOUND,
        /** HTTP 429: asked too often; may carry a Retry-After instant. */
        RATE_LIMITED,
        /** 5xx, 408, timeout or connection failure: worth asking again later. */
        UNAVAILABLE,
        /** Any other refusal (401/403 PAT problems, 400, 402, 409): asking again will not help. */
        REJECTED,
        /** A 2xx answer whose body does not fit the documented shape. */
        MALFORMED
    }

    private final Kind kind;
    private final Integer httpStatus;
    private final Instant retryAfter;

    AliasException(Kind kind, Integer httpStatus, Instant retryAfter, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    static AliasException malformed(String message) {
        return new AliasException(Kind.MALFORMED, null, null, message, null);
    }

    Kind kind() {
        return kind;
    }

    Integer httpStatus() {
        return httpStatus;
    }

    Instant retryAfter() {
        return retryAfter;
    }
}
