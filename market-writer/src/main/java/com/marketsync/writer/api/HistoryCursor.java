package com.marketsync.writer.api;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * Position in a price history read newest first: the (observed_at, snapshot_id) of the last row a page returned.
 * Clients see it only as an opaque URL-safe string.
 */
record HistoryCursor(Instant observedAt, String snapshotId) {

    /** Longest cursor string accepted; real ones are a few hundred characters. */
    static final int MAX_LENGTH = 1024;

    private static final String VERSION = "1";
    private static final String SEPARATOR = "|";

    /** The opaque string a client passes back as {@code cursor} to read the page after this row. */
    String encode() {
        long micros = Math.addExact(
                Math.multiplyExact(observedAt.getEpochSecond(), 1_000_000L), observedAt.getNano() / 1_000L);
        String plain = VERSION + SEPARATOR + micros + SEPARATOR + snapshotId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a cursor a page answered; null when absent or blank; refuses anything this API did not produce. */
    static HistoryCursor decode(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        InvalidParameterException malformed = new InvalidParameterException(
                name, "Parameter '" + name + "' is not a cursor returned as nextCursor by this API");
        String text = value.strip();
        if (text.length() > MAX_LENGTH) {
            throw malformed;
        }
        String plain;
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(text);
            plain = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw malformed;
        }
        String[] parts = plain.split("\\|", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0]) || parts[2].isEmpty()) {
            throw malformed;
        }
        String snapshotId = parts[2];
        if (snapshotId.codePoints().anyMatch(Character::isISOControl)) {
            throw malformed;
        }
        Instant observedAt;
        try {
            observedAt = Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS);
        } catch (NumberFormatException | ArithmeticException e) {
            throw malformed;
        }
        // a window starts at most the default 30 days before the earliest accepted instant, so no row is older
        if (observedAt.isBefore(QueryParameters.EARLIEST.minus(31, ChronoUnit.DAYS))
                || observedAt.isAfter(QueryParameters.LATEST)) {
            throw malformed;
        }
        return new HistoryCursor(observedAt, snapshotId);
    }
}
