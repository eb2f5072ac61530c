package com.marketsync.planner;

import com.marketsync.events.Provider;
import com.marketsync.events.Tier;
import java.time.Duration;
import java.util.List;
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
 * @param regions regions to sync per provider (our region codes, e.g. US, GB, EU, DE); each fetcher maps them to its
 *     provider's market (a StockX account, an Alias region id, an eBay marketplace) and currency
 * @param tierIntervals freshness target per tier; FROZEN products are never scheduled
 */
@ConfigurationProperties("market.planner")
public record PlannerProperties(
        @DefaultValue("true") boolean scheduling,
        @DefaultValue("30s") Duration tickInterval,
        @DefaultValue("1000") int maxRequestsPerTick,
        @DefaultValue("false") boolean demoCatalog,
        Map<Provider, List<String>> regions,
        Map<Tier, Duration> tierIntervals) {

    public PlannerProperties {
        regions = regions == null ? DEFAULT_REGIONS : Map.copyOf(regions);
        tierIntervals = tierIntervals == null
                ? Map.of(Tier.HOT, Duration.ofHours(1), Tier.WARM, Duration.ofHours(6), Tier.COLD, Duration.ofDays(1))
                : Map.copyOf(tierIntervals);
    }

    /** Each provider's default regions (PROVIDERS.md): one StockX account (US), Alias regions 1–3, three eBay sites. */
    static final Map<Provider, List<String>> DEFAULT_REGIONS = Map.of(
            Provider.STOCKX, List.of("US"),
            Provider.ALIAS, List.of("US", "EU", "GB"),
            Provider.EBAY, List.of("US", "GB", "DE"));

    /** How long after a request the same product is due again. */
    public Duration intervalOf(Tier tier) {
        return tierIntervals.getOrDefault(tier, Duration.ofDays(1));
    }
}
