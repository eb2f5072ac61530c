package com.marketsync.planner.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call the planner's REST API and how often the manual trigger may be used.
 *
 * @param keys the API keys by name (the name is what the planner records as the requester); only their SHA-256
 *     hashes are configured, never the keys themselves
 * @param manualRate how often one key may call {@code POST /api/sync}
 */
@ConfigurationProperties("market.planner.api")
@Validated
record ApiProperties(
        Map<String, @Valid @NotNull Key> keys,
        @DefaultValue @Valid @NotNull ManualRate manualRate) {

    ApiProperties {
        keys = keys == null ? Map.of() : Map.copyOf(keys);
    }

    /**
     * One API key.
     *
     * @param hash lowercase hex SHA-256 of the key ({@code printf %s "$KEY" | sha256sum})
     * @param role what the key may do
     */
    record Key(
            @NotNull
            @Pattern(
                    regexp = "[0-9a-f]{64}",
                    message = "must be the lowercase hex SHA-256 of the key (64 characters of 0-9a-f)")
            String hash,

            @NotNull Role role) {}

    /** What a key may do: READ only reads, WRITE also changes things (and triggers syncs). */
    enum Role {
        READ,
        WRITE
    }

    /**
     * Token bucket of the manual trigger, per key: {@code burst} requests at once, refilled at {@code perMinute}.
     *
     * @param perMinute sustained requests per minute
     * @param burst requests allowed at once when the key has been idle
     */
    record ManualRate(
            @DefaultValue("30") @Min(1) int perMinute,
            @DefaultValue("10") @Min(1) int burst) {}
}
