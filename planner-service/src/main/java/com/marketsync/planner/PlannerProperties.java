package com.marketsync.planner;

import com.marketsync.events.Tier;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the planner schedules work. Regions and budgets are not here: they are shared with the fetchers
 * ({@code market.providers.*}, {@link com.marketsync.providers.ProvidersProperties}).
 *
 * @param scheduling whether ticks run on their own (tests switch it off and tick by hand)
 * @param tickInterval pause between the end of one tick and the start of the next
 * @param demoCatalog whether to load the bundled demo catalog of real sneakers at startup
 * @param freshness the freshness target of each tier; FROZEN products are synced only on request
 * @param lease how long an emitted request may stay unanswered before it is considered lost and issued again; the
 *     request's notAfter, so a fetcher never spends a call on a request the planner has given up on
 * @param buffer extra share of a provider's per-tick capacity emitted, so fetchers never idle between ticks
 * @param refreshAhead share of the freshness target by which a product is requested before it goes stale
 * @param maxRequestsPerTick most requests one tick emits per provider, whatever the budget
 * @param backoff how failures push a product's next attempt out
 * @param archiveAfterNotFound how long a provider must answer NOT_FOUND, without a break, before the product is
 *     archived for that provider (no longer scheduled until reactivated)
 * @param outcomesGroup consumer group of the outcome listener
 */
@ConfigurationProperties("market.planner")
@Validated
public record PlannerProperties(
        @DefaultValue("true") boolean scheduling,
        @DefaultValue("30s") @NotNull Duration tickInterval,
        @DefaultValue("false") boolean demoCatalog,
        @DefaultValue @Valid @NotNull Freshness freshness,
        @DefaultValue("10m") @NotNull Duration lease,

        @DefaultValue("0.1") @DecimalMin("0.0") @DecimalMax("1.0")
        double buffer,

        @DefaultValue("0.1") @DecimalMin("0.0") @DecimalMax("0.5")
        double refreshAhead,

        @DefaultValue("10000") @Min(1) int maxRequestsPerTick,
        @DefaultValue @Valid @NotNull Backoff backoff,
        @DefaultValue("7d") @NotNull Duration archiveAfterNotFound,
        @DefaultValue("planner-service") @NotNull String outcomesGroup) {

    /** A lease must outlast the requests queued by one tick and the next, or requests would be issued twice. */
    @AssertTrue(message = "market.planner.lease must be at least twice market.planner.tick-interval")
    public boolean isLeaseLongerThanTwoTicks() {
        return tickInterval == null || lease == null || lease.compareTo(tickInterval.multipliedBy(2)) >= 0;
    }

    @AssertTrue(message = "market.planner.tick-interval must be at least 1s")
    public boolean isTickIntervalPositive() {
        return tickInterval == null || tickInterval.compareTo(Duration.ofSeconds(1)) >= 0;
    }

    /** The freshness target of a tier; null for FROZEN (synced only on request). */
    public Duration freshnessOf(Tier tier) {
        return switch (tier) {
            case HOT -> freshness.hot();
            case WARM -> freshness.warm();
            case COLD -> freshness.cold();
            case FROZEN -> null;
        };
    }

    /** How long after a success the product is due again: its target less the refresh-ahead share. */
    public Duration refreshAfter(Tier tier) {
        Duration target = freshnessOf(tier);
        return target == null ? null : Duration.ofMillis(Math.round(target.toMillis() * (1 - refreshAhead)));
    }

    /**
     * Freshness target per tier: a product's prices should never be older than this.
     *
     * @param hot target of HOT products
     * @param warm target of WARM products
     * @param cold target of COLD products
     */
    public record Freshness(
            @DefaultValue("1h") @NotNull Duration hot,
            @DefaultValue("6h") @NotNull Duration warm,
            @DefaultValue("24h") @NotNull Duration cold) {}

    /**
     * Exponential back-off with full jitter after failures: the n-th failure in a row waits a random time up to
     * {@code initial × 2^(n-1)}, never more than {@code max}.
     *
     * @param initial wait ceiling after the first failure
     * @param max longest wait
     */
    public record Backoff(
            @DefaultValue("1m") @NotNull Duration initial,
            @DefaultValue("6h") @NotNull Duration max) {}
}
