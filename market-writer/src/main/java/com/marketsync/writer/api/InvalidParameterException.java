package com.marketsync.writer.api;

/** A request parameter the price API refuses; answered 400 with {@code field} naming the parameter. */
class InvalidParameterException extends RuntimeException {

    private final String field;

    InvalidParameterException(String field, String detail) {
        super(detail);
        this.field = field;
    }

    /** The path or query parameter as the client named it. */
    String field() {
        return field;
    }
}
