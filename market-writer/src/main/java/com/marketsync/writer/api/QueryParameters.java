package com.marketsync.writer.api;

import com.marketsync.events.Provider;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads the price API's path and query parameters, refusing every value the database could not take or that makes
 * no sense with an {@link InvalidParameterException} naming the parameter.
 */
final class QueryParameters {

    /** Longest text parameter (sku, region, size) accepted; stored values are far shorter. */
    static final int MAX_TEXT_LENGTH = 100;

    /** Oldest instant accepted; older ones cannot be an observation and would only probe the database's range. */
    static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");

    /** Newest instant accepted (end of year 9999), so every accepted instant stays a four-digit year. */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private static final String PROVIDERS =
            Arrays.stream(Provider.values()).map(Enum::name).collect(Collectors.joining(", "));

    private QueryParameters() {}

    /** A required text parameter such as the sku: stripped, not blank, short, without control characters. */
    static String required(String name, String value) {
        String text = optional(name, value);
        if (text == null) {
            throw new InvalidParameterException(
                    name,
                    value == null
                            ? "Parameter '" + name + "' is required"
                            : "Parameter '" + name + "' must not be blank");
        }
        return text;
    }

    /** An optional text filter: null when absent or blank, else stripped, short, without control characters. */
    static String optional(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new InvalidParameterException(
                    name, "Parameter '" + name + "' must be at most " + MAX_TEXT_LENGTH + " characters long");
        }
        if (text.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidParameterException(name, "Parameter '" + name + "' must not contain control characters");
        }
        return text;
    }

    /** An optional provider in any case, as its canonical name; null when absent or blank. */
    static String provider(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip().toUpperCase(Locale.ROOT);
        for (Provider provider : Provider.values()) {
            if (provider.name().equals(text)) {
                return provider.name();
            }
        }
        throw new InvalidParameterException(
                name, "Parameter '" + name + "' must be one of " + PROVIDERS + " (any case)");
    }

    /**
     * An optional ISO-8601 instant ({@code 2026-01-31T10:00:00Z}, or with an offset), rounded up to the database's
     * microsecond precision so that {@code >=} and {@code <} comparisons keep their meaning; null when absent.
     */
    static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException(
                    name,
                    "Parameter '" + name + "' must be an ISO-8601 instant such as 2026-01-31T10:00:00Z"
                            + " (write a '+' offset as %2B in a URL)");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new InvalidParameterException(
                    name, "Parameter '" + name + "' must be between " + EARLIEST + " and " + LATEST);
        }
        return ceilToMicros(instant);
    }

    /** An optional whole number in {@code [1, max]}; {@code defaultValue} when absent or blank. */
    static int limit(String name, String value, int defaultValue, int max) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        int limit;
        try {
            limit = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > max) {
            throw new InvalidParameterException(
                    name, "Parameter '" + name + "' must be a whole number from 1 to " + max);
        }
        return limit;
    }

    /** The smallest microsecond instant not before {@code instant}. */
    static Instant ceilToMicros(Instant instant) {
        Instant micros = instant.truncatedTo(ChronoUnit.MICROS);
        return micros.equals(instant) ? micros : micros.plus(1, ChronoUnit.MICROS);
    }
}
