package com.marketsync.sim.ebay;

import org.springframework.http.HttpStatus;

/** An eBay API failure, answered with eBay's {@code {"errors":[…]}} body. */
class EbayApiException extends RuntimeException {

    private final HttpStatus status;
    private final int errorId;
    private final String domain;
    private final String category;
    private final String longMessage;
    private final Integer retryAfterSeconds;

    EbayApiException(
            HttpStatus status,
            int errorId,
            String domain,
            String category,
            String message,
            String longMessage,
            Integer retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.errorId = errorId;
        this.domain = domain;
        this.category = category;
        this.longMessage = longMessage;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** A Browse API request error (400) such as a bad {@code limit}. */
    static EbayApiException badRequest(int errorId, String message) {
        return new EbayApiException(HttpStatus.BAD_REQUEST, errorId, "API_BROWSE", "REQUEST", message, null, null);
    }

    static EbayApiException invalidToken() {
        return new EbayApiException(
                HttpStatus.UNAUTHORIZED,
                1001,
                "OAuth",
                "REQUEST",
                "Invalid access token",
                "Invalid access token. Check the value of the Authorization HTTP request header.",
                null);
    }

    static EbayApiException accessDenied() {
        return new EbayApiException(
                HttpStatus.FORBIDDEN,
                1100,
                "ACCESS",
                "REQUEST",
                "Access denied",
                "Insufficient permissions to fulfill the request.",
                null);
    }

    static EbayApiException tooManyRequests(Integer retryAfterSeconds) {
        return new EbayApiException(
                HttpStatus.TOO_MANY_REQUESTS,
                2001,
                "ACCESS",
                "REQUEST",
                "Too many requests.",
                "The request limit has been reached for the resource.",
                retryAfterSeconds);
    }

    static EbayApiException internalError(HttpStatus status) {
        return new EbayApiException(
                status,
                12000,
                "API_BROWSE",
                "APPLICATION",
                "There was a problem with an eBay internal system or process. Contact eBay developer support for"
                        + " assistance.",
                null,
                null);
    }

    static EbayApiException notFound(String path) {
        return new EbayApiException(
                HttpStatus.NOT_FOUND, 2002, "ACCESS", "REQUEST", "Resource not found", "No resource at " + path, null);
    }

    HttpStatus status() {
        return status;
    }

    int errorId() {
        return errorId;
    }

    String domain() {
        return domain;
    }

    String category() {
        return category;
    }

    String longMessage() {
        return longMessage;
    }

    /** A {@code Retry-After} value to send, or null: eBay documents none, only an injected fault sets one. */
    Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
