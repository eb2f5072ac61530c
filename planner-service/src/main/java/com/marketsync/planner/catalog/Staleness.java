package com.marketsync.planner.catalog;

import com.marketsync.events.Tier;
import com.marketsync.planner.PlannerProperties;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether prices are stale at one moment: never synced, or last synced before the tier's freshness target ago. FROZEN
 * has no target (synced only on request), so it is never stale.
 *
 * @param hot last successes before this are stale for HOT products
 * @param warm the same for WARM
 * @param cold the same for COLD
 */
record Staleness(Instant hot, Instant warm, Instant cold) {

    /** The cutoffs at {@code now} for the configured freshness targets. */
    static Staleness at(Instant now, PlannerProperties properties) {
        return new Staleness(
                now.minus(properties.freshnessOf(Tier.HOT)),
                now.minus(properties.freshnessOf(Tier.WARM)),
                now.minus(properties.freshnessOf(Tier.COLD)));
    }

    /** The earliest last success that is still fresh for {@code tier}; null for FROZEN. */
    Instant cutoff(Tier tier) {
        return switch (tier) {
            case HOT -> hot;
            case WARM -> warm;
            case COLD -> cold;
            case FROZEN -> null;
        };
    }

    /** Whether prices last fetched at {@code lastSuccessAt} (null: never) are stale for {@code tier}. */
    boolean isStale(Tier tier, Instant lastSuccessAt) {
        Instant cutoff = cutoff(tier);
        return cutoff != null && (lastSuccessAt == null || lastSuccessAt.isBefore(cutoff));
    }

    /** The freshness target of {@code tier} as an ISO-8601 duration (PT1H), null for FROZEN. */
    static String target(Tier tier, PlannerProperties properties) {
        Duration target = properties.freshnessOf(tier);
        return target == null ? null : target.toString();
    }
}
