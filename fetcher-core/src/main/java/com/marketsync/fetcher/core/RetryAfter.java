package com.marketsync.fetcher.core;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads an HTTP {@code Retry-After} header, as delta-seconds or an HTTP date. */
public final class RetryAfter {

    private RetryAfter() {}

    /** The instant the header names, or null if it is absent or unreadable. */
    public static Instant parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return now.plusSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
