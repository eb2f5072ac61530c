package com.marketsync.planner.web;

import com.marketsync.apikeys.ApiKeyDigests;
import com.marketsync.planner.web.ApiProperties.Role;
import java.util.LinkedHashMap;
import java.util.Map;
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
    public static final String HEADER = ApiKeyDigests.HEADER;

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

    private final ApiKeyDigests<ApiKey> keys;

    ApiKeys(ApiProperties properties) {
        Map<ApiKey, String> digests = new LinkedHashMap<>();
        properties.keys().forEach((name, key) -> digests.put(new ApiKey(name, key.role()), key.hash()));
        this.keys = new ApiKeyDigests<>(digests);
        if (keys.isEmpty()) {
            log.warn("No API keys configured (market.planner.api.keys): every mutating API request will be refused");
        } else {
            log.info(
                    "API keys configured: {}",
                    digests.keySet().stream()
                            .map(k -> k.name() + " (" + k.role() + ")")
                            .toList());
        }
    }

    /** The key {@code presented} is, if it is one of the configured keys (compared by SHA-256 in constant time). */
    Optional<ApiKey> authenticate(String presented) {
        return keys.match(presented);
    }

    /** A recognised key: its configured name and role. */
    record ApiKey(String name, Role role) {}
}
