package com.marketsync.sim.ebay;

import com.marketsync.sim.ebay.EbayResponses.ErrorDetail;
import com.marketsync.sim.ebay.EbayResponses.Errors;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Turns eBay failures into eBay error bodies, also for gateway refusals on paths no controller serves. */
@RestControllerAdvice
class EbayErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(EbayErrorHandler.class);

    @ExceptionHandler
    ResponseEntity<Errors> on(EbayApiException e) {
        log.debug("eBay sim answers {} with errorId {}: {}", e.status().value(), e.errorId(), e.getMessage());
        return errors(e);
    }

    static ResponseEntity<Errors> errors(EbayApiException e) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status());
        if (e.retryAfterSeconds() != null) {
            response.header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds().toString());
        }
        return response.body(new Errors(List.of(
                new ErrorDetail(e.errorId(), e.domain(), e.category(), e.getMessage(), e.longMessage(), null))));
    }
}
