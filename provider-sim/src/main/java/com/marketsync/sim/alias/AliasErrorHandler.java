package com.marketsync.sim.alias;

import com.marketsync.sim.alias.AliasResponses.ErrorBody;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Turns Alias failures into Alias error bodies, also for gateway refusals on paths no controller serves. */
@RestControllerAdvice
class AliasErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(AliasErrorHandler.class);

    @ExceptionHandler
    ResponseEntity<ErrorBody> on(AliasApiException e) {
        log.debug("Alias sim answers {}: {}", e.status().value(), e.getMessage());
        return errorBody(e);
    }

    static ResponseEntity<ErrorBody> errorBody(AliasApiException e) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status());
        if (e.retryAfterSeconds() != null) {
            response.header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds().toString());
        }
        return response.body(new ErrorBody(e.code(), e.getMessage(), List.of()));
    }
}
