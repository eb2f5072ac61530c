package com.marketsync.fetcher.core;

/** Kafka did not acknowledge an event of a request; the request is redelivered and handled again. */
final class SyncPublishException extends RuntimeException {

    SyncPublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
