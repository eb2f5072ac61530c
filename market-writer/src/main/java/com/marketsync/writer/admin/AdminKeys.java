package com.marketsync.writer.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The configured admin keys: recognises a presented key by its SHA-256 hash, so the keys themselves are never stored. */
@Component
class AdminKeys {

    /** The request header carrying the key (the same as the planner's API). */
    static final String HEADER = "X-API-Key";

    private static final Logger log = LoggerFactory.getLogger(AdminKeys.class);

    private final List<Configured> keys;

    AdminKeys(AdminProperties properties) {
        HexFormat hex = HexFormat.of();
        this.keys = properties.keys().entrySet().stream()
                .map(e -> new Configured(e.getKey(), hex.parseHex(e.getValue().hash())))
                .toList();
        if (keys.isEmpty()) {
            log.warn("No admin keys configured (market.writer.admin.keys): every /api/admin request will be refused");
        } else {
            log.info(
                    "Admin keys configured: {}",
                    keys.stream().map(Configured::name).toList());
        }
    }

    /** The name of the configured key {@code presented} is, if it is one. */
    Optional<String> authenticate(String presented) {
        byte[] hash = sha256(presented);
        String match = null;
        // every configured hash is compared, in constant time, so timing reveals neither which nor how much matched
        for (Configured key : keys) {
            if (MessageDigest.isEqual(key.hash(), hash) && match == null) {
                match = key.name();
            }
        }
        return Optional.ofNullable(match);
    }

    /** Lowercase hex SHA-256 of the UTF-8 bytes of {@code key}: what {@code market.writer.admin.keys.*.hash} holds. */
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

    private record Configured(String name, byte[] hash) {}
}
