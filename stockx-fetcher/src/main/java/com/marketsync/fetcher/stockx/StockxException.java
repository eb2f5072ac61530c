package com.marketsync.fetcher.stockx;

import java.time.Instant;

/** A StockX call that did not give usable data, classified so the fetcher can pick the outcome. */
final class StockxException extends RuntimeException {

    /** What went wrong, from the outcome's point of view. */
    enum Kind {
        NOT_FOUND,
        RATE_LIMITED,
        FAILED,
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
