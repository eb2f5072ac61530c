package com.marketsync.writer.admin;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call the writer's admin API ({@code /api/admin/**}: replays, republishing).
 *
 * @param keys the admin keys by name (the name is what the writer logs); only their SHA-256 hashes are configured,
 *     never the keys themselves. None configured: every admin request is refused.
 */
@Validated
@ConfigurationProperties("market.writer.admin")
public record AdminProperties(Map<String, @Valid @NotNull Key> keys) {

    public AdminProperties {
        keys = keys == null ? Map.of() : Map.copyOf(keys);
    }

    /**
     * One admin key.
     *
     * @param hash lowercase hex SHA-256 of the key ({@code printf %s "$KEY" | sha256sum})
     */
    public record Key(
            @NotNull
            @Pattern(
                    regexp = "[0-9a-f]{64}",
                    message = "must be the lowercase hex SHA-256 of the key (64 characters of 0-9a-f)")
            String hash) {}
}
