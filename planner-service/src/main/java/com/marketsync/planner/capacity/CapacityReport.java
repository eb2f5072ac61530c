package com.marketsync.planner.capacity;

import com.marketsync.events.Provider;
import com.marketsync.events.Tier;
import com.marketsync.planner.PlannerProperties;
import com.marketsync.planner.capacity.CapacityArithmetic.TierDemand;
import com.marketsync.planner.capacity.ScheduleCountRepository.KeyCount;
import com.marketsync.providers.ProvidersProperties;
import com.marketsync.providers.ProvidersProperties.ProviderSettings;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * For the current catalog, tiers, regions and budgets: the calls each provider needs against its background budget,
 * the freshness each tier can reach and which tiers fall short.
 */
@Component
class CapacityReport {

    private static final List<Tier> SCHEDULED_TIERS = List.of(Tier.HOT, Tier.WARM, Tier.COLD);

    private final ScheduleCountRepository counts;
    private final ProvidersProperties providers;
    private final PlannerProperties planner;
    private final Clock clock;

    CapacityReport(
            ScheduleCountRepository counts, ProvidersProperties providers, PlannerProperties planner, Clock clock) {
        this.counts = counts;
        this.providers = providers;
        this.planner = planner;
        this.clock = clock;
    }

    /** The report for the given providers, in provider order. */
    Result of(List<Provider> wanted) {
        List<Provider> sorted = wanted.stream().sorted().distinct().toList();
        List<KeyCount> rows = counts.count(sorted);
        List<ProviderCapacity> capacities = new ArrayList<>();
        for (Provider provider : sorted) {
            capacities.add(capacityOf(providers.of(provider), rows));
        }
        return new Result(clock.instant().truncatedTo(ChronoUnit.SECONDS), List.copyOf(capacities));
    }

    private ProviderCapacity capacityOf(ProviderSettings settings, List<KeyCount> rows) {
        Map<Tier, Long> scheduled = new EnumMap<>(Tier.class);
        long frozen = 0;
        for (KeyCount row : rows) {
            if (row.provider() != settings.provider()) {
                continue;
            }
            Tier tier = tierOf(row.tierRank());
            if (tier == Tier.FROZEN) {
                frozen += row.all();
            } else {
                scheduled.merge(tier, row.scheduled(), Long::sum);
            }
        }
        List<TierDemand> demands = SCHEDULED_TIERS.stream()
                .map(tier -> new TierDemand(
                        tier, scheduled.getOrDefault(tier, 0L), planner.freshnessOf(tier), planner.refreshAfter(tier)))
                .toList();
        return CapacityArithmetic.of(settings, demands, frozen);
    }

    private static Tier tierOf(int rank) {
        return switch (rank) {
            case 0 -> Tier.HOT;
            case 1 -> Tier.WARM;
            case 2 -> Tier.COLD;
            case 3 -> Tier.FROZEN;
            default -> throw new IllegalStateException("sync_state.tier_rank " + rank + " is not a tier");
        };
    }

    /**
     * The answer of {@code GET /api/capacity}.
     *
     * @param generatedAt when the counts were taken
     * @param providers one entry per provider asked for
     */
    record Result(Instant generatedAt, List<ProviderCapacity> providers) {}
}
