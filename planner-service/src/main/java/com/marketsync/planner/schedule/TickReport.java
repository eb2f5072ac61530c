package com.marketsync.planner.schedule;

import com.marketsync.events.Priority;
import com.marketsync.events.Provider;
import com.marketsync.events.Tier;
import java.util.Map;

/**
 * What one tick did.
 *
 * @param leasesExpired requests re-issued because their lease ran out without an outcome
 * @param outcomesApplied outcomes this instance applied since its previous tick
 * @param providers per provider: capacity, due work, what was emitted and what was held back
 */
public record TickReport(int leasesExpired, int outcomesApplied, Map<Provider, ProviderTick> providers) {

    /** Requests emitted in all. */
    public int emitted() {
        return providers.values().stream().mapToInt(ProviderTick::emittedTotal).sum();
    }

    /**
     * One provider's part of a tick.
     *
     * @param capacity requests its background budget serves before the next tick, buffer included
     * @param inFlight background requests still unanswered when the tick began
     * @param emitted requests emitted per priority
     * @param emittedByTier requests emitted per tier
     * @param heldBack due keys left for a later tick per tier because the budget was spent (counted up to a cap)
     */
    public record ProviderTick(
            int capacity,
            int inFlight,
            Map<Priority, Integer> emitted,
            Map<Tier, Integer> emittedByTier,
            Map<Tier, Integer> heldBack) {

        int emittedTotal() {
            return emitted.values().stream().mapToInt(Integer::intValue).sum();
        }
    }
}
