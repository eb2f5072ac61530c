package com.marketsync.fetcher.stockx;

import java.time.Instant;

/** A StockX call that did not give usable data, classified so the fetcher can pick the outcome. */
final class StockxException extends RuntimeException {

    /** What went wrong, from the outcome's point of view. */
    enum Kind {
        /** The product or variant is not (or no longer) known to StockX: HTTP 404 on a catalog call. */
        NOT_FOUND,
        /** HTTP 429: StockX wants us to slow down. */
        RATE_LIMITED,
        /** StockX is unavailable for now: 5xx, 408, a timeout or a refused connection. */
        UNAVAILABLE,
        /** Anything asking again will not fix: other 4xx, a refused credential, a misconfiguration. */
        FAILED,
        /** A successful answer whose body does not have the documented shape. */
        MALFORMED
    }

    private final Kind kind;
    private final Integer httpStatus;
    private final Instant retryAfter;

    StockxException(Kind kind, Integer httpStatus, Instant retryAfter, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    static StockxException malformed(String message) {
        return new StockxException(Kind.MALFORMED, null, null, message, null);
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
