package com.marketsync.sim.alias;

import org.springframework.http.HttpStatus;

/** An Alias API failure, answered with Alias's gRPC-style error body {@code {code, message, details}}. */
class AliasApiException extends RuntimeException {

    static final int INVALID_ARGUMENT = 3;
    static final int DEADLINE_EXCEEDED = 4;
    static final int NOT_FOUND = 5;
    static final int RESOURCE_EXHAUSTED = 8;
    static final int INTERNAL = 13;
    static final int UNAUTHENTICATED = 16;

    private final HttpStatus status;
    private final int code;
    private final Integer retryAfterSeconds;

    AliasApiException(HttpStatus status, int code, String message) {
        this(status, code, message, null);
    }

    AliasApiException(HttpStatus status, int code, String message, Integer retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static AliasApiException invalidArgument(String message) {
        return new AliasApiException(HttpStatus.BAD_REQUEST, INVALID_ARGUMENT, message);
    }

    static AliasApiException notFound(String message) {
        return new AliasApiException(HttpStatus.NOT_FOUND, NOT_FOUND, message);
    }

    HttpStatus status() {
        return status;
    }

    int code() {
        return code;
    }

    /** A {@code Retry-After} value to send, or null: Alias documents none, only an injected fault sets one. */
    Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
