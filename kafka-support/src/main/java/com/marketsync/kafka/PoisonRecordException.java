package com.marketsync.kafka;

/**
 * Thrown by a listener for a record that can never be processed (invalid content); the record goes to the
 * dead-letter topic at once instead of being retried.
 */
public class PoisonRecordException extends RuntimeException {

    public PoisonRecordException(String reason) {
        super(reason);
    }
}
