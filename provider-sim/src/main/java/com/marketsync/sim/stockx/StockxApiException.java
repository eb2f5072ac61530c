package com.marketsync.sim.stockx;

import org.springframework.http.HttpStatus;

/** A StockX API failure that is answered with a {@code PublicApiError} body. */
class StockxApiException extends RuntimeException {

    private final HttpStatus status;

    StockxApiException(HttpStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    HttpStatus status() {
        return status;
    }
}
