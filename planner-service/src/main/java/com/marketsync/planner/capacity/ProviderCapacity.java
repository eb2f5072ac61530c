package com.marketsync.planner.capacity;

import com.marketsync.events.Provider;
import com.marketsync.events.Tier;
import java.time.Duration;
import java.util.List;

/**
 * What one provider's scheduled catalog needs against its background budget: the answer of {@code GET /api/capacity}
 * per provider. Calls are rounded to one decimal, utilisation to three.
 *
 * @param provider the provider
 * @param regions its configured regions
 * @param budget its limits and the background calls they allow
 * @param neededCallsPerHour calls per hour every scheduled tier needs together to keep its refresh schedule
 * @param neededCallsPerDay the same per day
 * @param utilisation needed calls / background budget (above 1: the budget is too small)
 * @param fits whether every tier reaches its target
 * @param tiersFallingShort the tiers that do not get the calls they need, in tier order
 * @param tiers HOT, WARM and COLD, in that order
 * @param frozenKeys rows (product × region) of FROZEN products: synced only on request, outside this arithmetic
 */
record ProviderCapacity(
        Provider provider,
        List<String> regions,
        Budget budget,
        double neededCallsPerHour,
        double neededCallsPerDay,
        double utilisation,
        boolean fits,
        List<Tier> tiersFallingShort,
        List<TierCapacity> tiers,
        long frozenKeys) {

    /** The limit that sets the background lane's steady pace. */
    enum Binding {
        PER_SECOND,
        PER_HOUR,
        PER_DAY
    }

    /**
     * A provider's budget as the background lane sees it.
     *
     * @param perSecond limit per credential in any second, or null
     * @param perHour limit per credential in any hour, or null
     * @param perDay limit per credential in any 24 h, or null
     * @param priorityShare share of the hourly and daily limits kept for the manual (priority) lane
     * @param credentials credentials the limits apply to each (StockX: one account per region; others: one)
     * @param bindingLimit which limit sets the pace
     * @param backgroundCallsPerHour calls per hour the background lane may make, summed over credentials
     * @param backgroundCallsPerDay the same per day
     */
    record Budget(
            Integer perSecond,
            Integer perHour,
            Integer perDay,
            double priorityShare,
            int credentials,
            Binding bindingLimit,
            double backgroundCallsPerHour,
            double backgroundCallsPerDay) {}

    /**
     * One scheduled tier of one provider.
     *
     * @param tier HOT, WARM or COLD
     * @param keys scheduled rows (product × configured region) of the tier
     * @param target the tier's freshness target
     * @param refreshAfter how long after a success a key is requested again
     * @param neededCallsPerHour keys × 1 h / refreshAfter
     * @param neededCallsPerDay the same per day
     * @param allocatedCallsPerHour background calls per hour left for the tier once the tiers before it are served
     * @param reachableFreshness the target if the tier gets what it needs, else keys / allocated calls per hour;
     *     null when nothing is left for it
     * @param neverRefreshed true when nothing is left for the tier: its keys are not refreshed by the schedule at all
     * @param fallsShort whether the tier gets fewer calls than it needs
     */
    record TierCapacity(
            Tier tier,
            long keys,
            Duration target,
            Duration refreshAfter,
            double neededCallsPerHour,
            double neededCallsPerDay,
            double allocatedCallsPerHour,
            Duration reachableFreshness,
            boolean neverRefreshed,
            boolean fallsShort) {}
}
