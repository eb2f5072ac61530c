package com.marketsync.planner.capacity;

import com.marketsync.events.Tier;
import com.marketsync.planner.capacity.ProviderCapacity.Binding;
import com.marketsync.planner.capacity.ProviderCapacity.Budget;
import com.marketsync.planner.capacity.ProviderCapacity.TierCapacity;
import com.marketsync.providers.ProvidersProperties.Limits;
import com.marketsync.providers.ProvidersProperties.ProviderSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The capacity arithmetic of one provider, free of I/O: the calls each tier needs to keep its refresh schedule, the
 * background budget, and the freshness each tier reaches when that budget is shared out hot first, then warm, then
 * cold.
 */
final class CapacityArithmetic {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);
    private static final double MILLIS_PER_HOUR = HOUR.toMillis();
    /** Slack for floating-point sums, so a need equal to what is left (up to rounding) still fits. */
    private static final double EPSILON = 1e-9;

    private CapacityArithmetic() {}

    /**
     * Computes the capacity of one provider.
     *
     * @param settings the provider's regions and limits
     * @param tiers the scheduled tiers (HOT, WARM, COLD; any order), each with its keys and targets
     * @param frozenKeys keys of FROZEN products, synced only on request and so outside the budget arithmetic
     */
    static ProviderCapacity of(ProviderSettings settings, List<TierDemand> tiers, long frozenKeys) {
        double perHour = settings.backgroundCallsPer(HOUR);
        double perDay = settings.backgroundCallsPer(DAY);
        double left = perHour;
        double needed = 0;
        List<TierCapacity> capacities = new ArrayList<>();
        List<Tier> fallingShort = new ArrayList<>();
        for (TierDemand demand :
                tiers.stream().sorted(Comparator.comparing(TierDemand::tier)).toList()) {
            double need = demand.neededCallsPerHour();
            needed += need;
            if (need <= left + EPSILON * Math.max(1, left)) {
                capacities.add(tier(demand, need, need, demand.target(), false));
                left = Math.max(0, left - need);
            } else {
                // every key waits its turn behind the others: one round of the tier takes keys / calls-per-hour hours
                Duration reachable = left > 0 ? Duration.ofSeconds(Math.round(demand.keys() * 3600 / left)) : null;
                capacities.add(tier(demand, need, left, reachable, true));
                fallingShort.add(demand.tier());
                left = 0;
            }
        }
        return new ProviderCapacity(
                settings.provider(),
                settings.regions(),
                budget(settings, perHour, perDay),
                roundCalls(needed),
                roundCalls(needed * 24),
                perHour > 0 ? Math.round(needed / perHour * 1000) / 1000.0 : 0,
                fallingShort.isEmpty(),
                List.copyOf(fallingShort),
                List.copyOf(capacities),
                frozenKeys);
    }

    private static TierCapacity tier(
            TierDemand demand, double need, double allocated, Duration reachable, boolean fallsShort) {
        return new TierCapacity(
                demand.tier(),
                demand.keys(),
                demand.target(),
                demand.refreshAfter(),
                roundCalls(need),
                roundCalls(need * 24),
                roundCalls(allocated),
                reachable,
                fallsShort && reachable == null,
                fallsShort);
    }

    private static Budget budget(ProviderSettings settings, double perHour, double perDay) {
        Limits limits = settings.limits();
        return new Budget(
                limits.perSecond(),
                limits.perHour(),
                limits.perDay(),
                settings.priorityShare(),
                settings.budgetPerRegion() ? settings.regions().size() : 1,
                binding(limits, settings.priorityShare()),
                roundCalls(perHour),
                roundCalls(perDay));
    }

    /** The limit that sets the background lane's steady pace (the same comparison as {@link Limits#callsPer}). */
    private static Binding binding(Limits limits, double priorityShare) {
        Binding binding = null;
        double most = Double.MAX_VALUE;
        if (limits.perSecond() != null) {
            most = limits.perSecond() * 3600.0;
            binding = Binding.PER_SECOND;
        }
        if (limits.perHour() != null && limits.perHour() * (1 - priorityShare) < most) {
            most = limits.perHour() * (1 - priorityShare);
            binding = Binding.PER_HOUR;
        }
        if (limits.perDay() != null && limits.perDay() * (1 - priorityShare) / 24 < most) {
            binding = Binding.PER_DAY;
        }
        return binding;
    }

    /** Calls to one decimal: enough to compare with a budget, no false precision. */
    private static double roundCalls(double calls) {
        return Math.round(calls * 10) / 10.0;
    }

    /**
     * What one scheduled tier asks of a provider.
     *
     * @param tier HOT, WARM or COLD
     * @param keys scheduled rows (product × region) of the tier
     * @param target the tier's freshness target
     * @param refreshAfter how long after a success a key is requested again (the target less the refresh-ahead share)
     */
    record TierDemand(Tier tier, long keys, Duration target, Duration refreshAfter) {

        TierDemand {
            Objects.requireNonNull(tier, "tier");
            Objects.requireNonNull(target, tier + " has no freshness target (FROZEN is never scheduled)");
            Objects.requireNonNull(refreshAfter, "refreshAfter");
            if (keys < 0 || !refreshAfter.isPositive()) {
                throw new IllegalArgumentException(tier + ": keys must not be negative, refreshAfter must be positive");
            }
        }

        /** Calls per hour that request every key once per {@code refreshAfter}. */
        double neededCallsPerHour() {
            return keys * MILLIS_PER_HOUR / refreshAfter.toMillis();
        }
    }
}
