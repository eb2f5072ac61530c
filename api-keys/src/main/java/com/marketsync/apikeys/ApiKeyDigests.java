package com.marketsync.apikeys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * API keys known only by their SHA-256 digests, so the keys themselves are never configured or stored: finds which
 * configured key a presented one is, comparing it with every digest in constant time, so that timing reveals neither
 * which key nor how much of one matched.
 *
 * @param <T> what a configured key stands for (its name, or its name and role)
 */
public final class ApiKeyDigests<T> {

    /** The request header every service of this system reads an API key from. */
    public static final String HEADER = "X-API-Key";

    private final List<Configured<T>> keys;

    /** Keys by what they stand for, each as {@link #sha256Hex lowercase hex SHA-256}. */
    public ApiKeyDigests(Map<T, String> sha256HexByKey) {
        HexFormat hex = HexFormat.of();
        this.keys = sha256HexByKey.entrySet().stream()
                .map(e -> new Configured<>(e.getKey(), hex.parseHex(e.getValue())))
                .toList();
    }

    /** What {@code presented} stands for, if it is one of the configured keys. */
    public Optional<T> match(String presented) {
        byte[] digest = sha256(presented);
        T match = null;
        for (Configured<T> key : keys) {
            if (MessageDigest.isEqual(key.digest(), digest) && match == null) {
                match = key.value();
            }
        }
        return Optional.ofNullable(match);
    }

    /** Whether no key is configured (every key presented is then refused). */
    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** Lowercase hex SHA-256 of the UTF-8 bytes of {@code key}, what {@code printf %s "$KEY" | sha256sum} prints. */
    public static String sha256Hex(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private record Configured<T>(T value, byte[] digest) {}
}
