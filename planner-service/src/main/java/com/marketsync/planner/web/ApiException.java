package com.marketsync.planner.web;

import java.time.Duration;
import org.springframework.http.HttpStatus;

/**
 * A request the API refuses, answered as an RFC 9457 problem with this status and detail; {@code field} names the
 * input that was wrong, when one was.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String field;
    private final Duration retryAfter;

    public ApiException(HttpStatus status, String field, String detail) {
        this(status, field, detail, null);
    }

    /** As {@link #ApiException(HttpStatus, String, String)}, answered with a {@code Retry-After} header. */
    public ApiException(HttpStatus status, String field, String detail, Duration retryAfter) {
        super(detail, null, false, false);
        this.status = status;
        this.field = field;
        this.retryAfter = retryAfter;
    }

    /** 400: {@code field} is invalid, {@code detail} says why. */
    public static ApiException badRequest(String field, String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, field, detail);
    }

    /** 404: what was asked for does not exist. */
    public static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, null, detail);
    }

    /** 409: the request conflicts with the current state. */
    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, null, detail);
    }

    /** 503: a dependency (Kafka, the database) did not answer; nothing was changed. */
    public static ApiException unavailable(String detail) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, null, detail);
    }

    /** 401: no API key, or one that is not configured, where a key is required. */
    public static ApiException unauthorized(String detail) {
        return new ApiException(HttpStatus.UNAUTHORIZED, null, detail);
    }

    /** 403: the API key is valid but may not do this. */
    public static ApiException forbidden(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, null, detail);
    }

    /** 429: too many requests; the client may try again after {@code retryAfter}. */
    public static ApiException tooManyRequests(String detail, Duration retryAfter) {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, null, detail, retryAfter);
    }

    public HttpStatus status() {
        return status;
    }

    /** The invalid input's name (a JSON field, a query or path parameter), or null. */
    public String field() {
        return field;
    }

    /** How long the client should wait before trying again (sent as {@code Retry-After}), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
