package com.marketsync.sim.stockx;

import org.springframework.http.HttpStatus;

/** A StockX API failure that is answered with a {@code PublicApiError} body. */
class StockxApiException extends RuntimeException {

    private final HttpStatus status;
    private final Integer retryAfterSeconds;

    StockxApiException(HttpStatus status, String message) {
        this(status, message, null);
    }

    StockxApiException(HttpStatus status, String message, Integer retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    HttpStatus status() {
        return status;
    }

    /** A {@code Retry-After} value to send, or null: StockX documents none, only an injected fault sets one. */
    Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
