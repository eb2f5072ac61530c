package com.marketsync.planner.web;

import com.marketsync.planner.web.ApiProperties.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The configured API keys: recognises a presented key by its SHA-256 hash, so the keys themselves are never stored.
 * Controllers find the name of the key a request was authenticated with in the request attribute
 * {@link #KEY_NAME_ATTRIBUTE} (absent on reads sent without a key).
 */
@Component
public final class ApiKeys {

    /** Request attribute holding the name of the API key the request was sent with (a String). */
    public static final String KEY_NAME_ATTRIBUTE = "market.planner.apiKeyName";

    /** The request header carrying the key. */
    public static final String HEADER = "X-API-Key";

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

    private final List<Configured> keys;

    ApiKeys(ApiProperties properties) {
        HexFormat hex = HexFormat.of();
        this.keys = properties.keys().entrySet().stream()
                .map(e -> new Configured(
                        e.getKey(),
                        hex.parseHex(e.getValue().hash()),
                        e.getValue().role()))
                .toList();
        if (keys.isEmpty()) {
            log.warn("No API keys configured (market.planner.api.keys): every mutating API request will be refused");
        } else {
            log.info(
                    "API keys configured: {}",
                    keys.stream().map(k -> k.name() + " (" + k.role() + ")").toList());
        }
    }

    /** The key {@code presented} is, if it is one of the configured keys. */
    Optional<ApiKey> authenticate(String presented) {
        byte[] hash = sha256(presented);
        ApiKey match = null;
        // every configured hash is compared, in constant time, so timing reveals neither which nor how much matched
        for (Configured key : keys) {
            if (MessageDigest.isEqual(key.hash(), hash) && match == null) {
                match = new ApiKey(key.name(), key.role());
            }
        }
        return Optional.ofNullable(match);
    }

    /** Lowercase hex SHA-256 of the UTF-8 bytes of {@code key}: what {@code market.planner.api.keys.*.hash} holds. */
    static String sha256Hex(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** A recognised key: its configured name and role. */
    record ApiKey(String name, Role role) {}

    private record Configured(String name, byte[] hash, Role role) {}
}
