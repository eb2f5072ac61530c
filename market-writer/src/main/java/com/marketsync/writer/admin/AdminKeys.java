package com.marketsync.writer.admin;

import com.marketsync.apikeys.ApiKeyDigests;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The configured admin keys: recognises a presented key by its SHA-256 hash, so the keys themselves are never stored. */
@Component
class AdminKeys {

    private static final Logger log = LoggerFactory.getLogger(AdminKeys.class);

    private final ApiKeyDigests<String> keys;

    AdminKeys(AdminProperties properties) {
        Map<String, String> digests = new TreeMap<>();
        properties.keys().forEach((name, key) -> digests.put(name, key.hash()));
        this.keys = new ApiKeyDigests<>(digests);
        if (keys.isEmpty()) {
            log.warn("No admin keys configured (market.writer.admin.keys): every /api/admin request will be refused");
        } else {
            log.info("Admin keys configured: {}", digests.keySet());
        }
    }

    /** The name of the configured key {@code presented} is, if it is one (compared by SHA-256 in constant time). */
    Optional<String> authenticate(String presented) {
        return keys.match(presented);
    }
}
