package com.marketsync.writer;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the writer ({@code market.writer.*}). How long history is kept is {@code market.history.retention},
 * shared with the snapshot topic's retention.
 *
 * @param validation what a snapshot must satisfy to be stored
 * @param history how history partitions are created and expired
 * @param writesInFlight batches one consumer may have written at once while records wait on the broker, each over a
 *     connection of its own (1: one batch written while the next is polled); a replay writes each batch as that many
 *     transactions at once, one per share of its keys
 */
@Validated
@ConfigurationProperties("market.writer")
public record WriterProperties(
        @Valid @DefaultValue Validation validation,
        @Valid @DefaultValue History history,
        @Min(1) @Max(8) @DefaultValue("2") int writesInFlight) {

    /**
     * @param maxAmount largest believable amount in any currency; a larger one is dead-lettered as absurd
     * @param futureTolerance how far observedAt may lie ahead of the writer's clock (clock skew between hosts)
     */
    public record Validation(
            @NotNull @DecimalMin("0.01") @DefaultValue("100000000")
            BigDecimal maxAmount,

            @NotNull @DefaultValue("5m") Duration futureTolerance) {}

    /**
     * @param expire what happens to a month of history once all of it is older than the retention: DROP it, or
     *     ARCHIVE it (detach it and move it to the {@code market_archive} schema, outside the queried table)
     * @param monthsAhead months of empty partitions kept ready beyond the current one
     * @param maintenanceInterval how often the retention job runs (it also runs at start)
     */
    public record History(
            @NotNull @DefaultValue("DROP") Expiry expire,
            @Min(1) @Max(24) @DefaultValue("3") int monthsAhead,
            @NotNull @DefaultValue("1h") Duration maintenanceInterval) {}

    /** What the retention job does with an expired month. */
    public enum Expiry {
        DROP,
        ARCHIVE
    }
}
