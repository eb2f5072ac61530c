package com.marketsync.sim.stockx;

import com.marketsync.sim.stockx.StockxResponses.PublicApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns StockX failures into {@code PublicApiError} bodies, also for gateway refusals on paths that no controller
 * serves (a controller-local handler would not see those).
 */
@RestControllerAdvice
class StockxErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(StockxErrorHandler.class);

    @ExceptionHandler
    ResponseEntity<PublicApiError> on(StockxApiException e) {
        log.debug("StockX sim answers {}: {}", e.status().value(), e.getMessage());
        return publicApiError(e);
    }

    static ResponseEntity<PublicApiError> publicApiError(StockxApiException e) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status());
        // StockX documents no rate-limit headers, so a 429 carries Retry-After only when a fault asks for one
        if (e.retryAfterSeconds() != null) {
            response.header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds().toString());
        }
        return response.body(new PublicApiError(e.status().value(), e.getMessage()));
    }
}
