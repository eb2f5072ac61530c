package com.marketsync.planner;

import com.marketsync.events.Tier;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the planner schedules work.
 *
 * @param scheduling whether ticks run on their own (tests switch it off and tick by hand)
 * @param tickInterval pause between the end of one tick and the start of the next
 * @param maxRequestsPerTick most requests one tick emits per provider (most overdue first)
 * @param demoCatalog whether to load the bundled demo catalog of real sneakers at startup
 * @param stockxRegions StockX regions to sync, each with the currency to request prices in
 * @param tierIntervals freshness target per tier; FROZEN products are never scheduled
 */
@ConfigurationProperties("market.planner")
public record PlannerProperties(
        @DefaultValue("true") boolean scheduling,
        @DefaultValue("30s") Duration tickInterval,
        @DefaultValue("1000") int maxRequestsPerTick,
        @DefaultValue("false") boolean demoCatalog,
        Map<String, String> stockxRegions,
        Map<Tier, Duration> tierIntervals) {

    public PlannerProperties {
        stockxRegions = stockxRegions == null ? Map.of("US", "USD") : Map.copyOf(stockxRegions);
        tierIntervals = tierIntervals == null
                ? Map.of(Tier.HOT, Duration.ofHours(1), Tier.WARM, Duration.ofHours(6), Tier.COLD, Duration.ofDays(1))
                : Map.copyOf(tierIntervals);
    }

    /** How long after a request the same product is due again. */
    public Duration intervalOf(Tier tier) {
        return tierIntervals.getOrDefault(tier, Duration.ofDays(1));
    }
}
