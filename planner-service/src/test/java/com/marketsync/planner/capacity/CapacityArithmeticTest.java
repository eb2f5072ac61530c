package com.marketsync.planner.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.marketsync.events.Provider;
import com.marketsync.events.Tier;
import com.marketsync.planner.capacity.CapacityArithmetic.TierDemand;
import com.marketsync.planner.capacity.ProviderCapacity.Binding;
import com.marketsync.planner.capacity.ProviderCapacity.Budget;
import com.marketsync.planner.capacity.ProviderCapacity.TierCapacity;
import com.marketsync.providers.ProvidersProperties.Limits;
import com.marketsync.providers.ProvidersProperties.ProviderSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed capacity cases. Targets are HOT 1 h, WARM 6 h, COLD 24 h with a refresh-ahead share of 0.1, so keys
 * are requested again after 54 min, 5 h 24 min and 21 h 36 min: a HOT key needs 1/0.9 calls per hour, a WARM one
 * 1/5.4, a COLD one 1/21.6.
 */
class CapacityArithmeticTest {

    private static final Duration HOT_AFTER = Duration.ofMinutes(54);
    private static final Duration WARM_AFTER = Duration.ofMinutes(324);
    private static final Duration COLD_AFTER = Duration.ofMinutes(1296);

    @Test
    void everyTierReachesItsTargetWhenTheBudgetCoversAllNeeds() {
        // StockX defaults: 1/s and 25,000/day, 20 % kept for the priority lane → 20,000/day = 833.3/h
        ProviderSettings stockx =
                new ProviderSettings(Provider.STOCKX, List.of("US"), new Limits(1, null, 25_000), 0.2, true);

        ProviderCapacity capacity = CapacityArithmetic.of(stockx, demands(90, 540, 2160), 12);

        assertThat(capacity.budget()).isEqualTo(new Budget(1, null, 25_000, 0.2, 1, Binding.PER_DAY, 833.3, 20_000));
        // 90 / 0.9 + 540 / 5.4 + 2160 / 21.6 = 100 + 100 + 100
        assertThat(capacity.neededCallsPerHour()).isEqualTo(300);
        assertThat(capacity.neededCallsPerDay()).isEqualTo(7200);
        assertThat(capacity.utilisation()).isEqualTo(0.36);
        assertThat(capacity.fits()).isTrue();
        assertThat(capacity.tiersFallingShort()).isEmpty();
        assertThat(capacity.frozenKeys()).isEqualTo(12);
        assertThat(capacity.tiers())
                .containsExactly(
                        new TierCapacity(
                                Tier.HOT,
                                90,
                                Duration.ofHours(1),
                                HOT_AFTER,
                                100,
                                2400,
                                100,
                                Duration.ofHours(1),
                                false,
                                false),
                        new TierCapacity(
                                Tier.WARM,
                                540,
                                Duration.ofHours(6),
                                WARM_AFTER,
                                100,
                                2400,
                                100,
                                Duration.ofHours(6),
                                false,
                                false),
                        new TierCapacity(
                                Tier.COLD,
                                2160,
                                Duration.ofHours(24),
                                COLD_AFTER,
                                100,
                                2400,
                                100,
                                Duration.ofHours(24),
                                false,
                                false));
    }

    @Test
    void warmFallsShortWhenHotLeavesTooLittleAndIsRefreshedOnceForWhatIsLeft() {
        // 1,000/h less the 20 % priority share: 800/h for the background lane
        ProviderSettings settings =
                new ProviderSettings(Provider.EBAY, List.of("US"), new Limits(null, 1000, null), 0.2, false);

        ProviderCapacity capacity = CapacityArithmetic.of(settings, demands(630, 900, 2160), 0);

        assertThat(capacity.budget().backgroundCallsPerHour()).isEqualTo(800);
        assertThat(capacity.budget().bindingLimit()).isEqualTo(Binding.PER_HOUR);
        TierCapacity hot = capacity.tiers().get(0);
        TierCapacity warm = capacity.tiers().get(1);
        TierCapacity cold = capacity.tiers().get(2);
        // HOT: 630 / 0.9 = 700 of 800 → fits, 100 left
        assertThat(hot.neededCallsPerHour()).isEqualTo(700);
        assertThat(hot.fallsShort()).isFalse();
        assertThat(hot.reachableFreshness()).isEqualTo(Duration.ofHours(1));
        // WARM: 900 / 5.4 = 166.7 > 100 → 900 keys at 100 calls an hour: every key once in 9 h, not 6 h
        assertThat(warm.neededCallsPerHour()).isEqualTo(166.7);
        assertThat(warm.allocatedCallsPerHour()).isEqualTo(100);
        assertThat(warm.fallsShort()).isTrue();
        assertThat(warm.reachableFreshness()).isEqualTo(Duration.ofHours(9));
        assertThat(warm.neverRefreshed()).isFalse();
        // COLD: nothing left
        assertThat(cold.neededCallsPerHour()).isEqualTo(100);
        assertThat(cold.allocatedCallsPerHour()).isZero();
        assertThat(cold.reachableFreshness()).isNull();
        assertThat(cold.neverRefreshed()).isTrue();
        assertThat(cold.fallsShort()).isTrue();
        // 700 + 166.67 + 100 = 966.67 of 800
        assertThat(capacity.neededCallsPerHour()).isEqualTo(966.7);
        assertThat(capacity.neededCallsPerDay()).isEqualTo(23_200);
        assertThat(capacity.utilisation()).isEqualTo(1.208);
        assertThat(capacity.fits()).isFalse();
        assertThat(capacity.tiersFallingShort()).containsExactly(Tier.WARM, Tier.COLD);
    }

    @Test
    void coldIsNeverRefreshedWhenHotTakesTheWholeBudgetWhileAnEmptyWarmTierStillReachesItsTarget() {
        ProviderSettings settings =
                new ProviderSettings(Provider.EBAY, List.of("US"), new Limits(null, 1000, null), 0.2, false);

        // 720 / 0.9 = 800: exactly the budget
        ProviderCapacity capacity = CapacityArithmetic.of(settings, demands(720, 0, 2160), 0);

        assertThat(capacity.tiers())
                .extracting(TierCapacity::tier, TierCapacity::fallsShort, TierCapacity::reachableFreshness)
                .containsExactly(
                        tuple(Tier.HOT, false, Duration.ofHours(1)),
                        tuple(Tier.WARM, false, Duration.ofHours(6)),
                        tuple(Tier.COLD, true, null));
        assertThat(capacity.tiers().get(2).neverRefreshed()).isTrue();
        assertThat(capacity.tiersFallingShort()).containsExactly(Tier.COLD);
        assertThat(capacity.utilisation()).isEqualTo(1.125);
    }

    @Test
    void stockxHasOneBudgetPerRegionWhileOtherProvidersShareOneAcrossRegions() {
        // 450 HOT products in two regions: 900 keys, 1,000 calls an hour
        List<TierDemand> demands = demands(900, 0, 0);
        ProviderSettings twoAccounts =
                new ProviderSettings(Provider.STOCKX, List.of("US", "EU"), new Limits(1, null, 25_000), 0.2, true);
        ProviderSettings oneAccount =
                new ProviderSettings(Provider.STOCKX, List.of("US", "EU"), new Limits(1, null, 25_000), 0.2, false);

        ProviderCapacity two = CapacityArithmetic.of(twoAccounts, demands, 0);
        ProviderCapacity one = CapacityArithmetic.of(oneAccount, demands, 0);

        assertThat(two.budget().credentials()).isEqualTo(2);
        assertThat(two.budget().backgroundCallsPerHour()).isEqualTo(1666.7);
        assertThat(two.budget().backgroundCallsPerDay()).isEqualTo(40_000);
        assertThat(two.fits()).isTrue();
        assertThat(one.budget().credentials()).isEqualTo(1);
        assertThat(one.budget().backgroundCallsPerHour()).isEqualTo(833.3);
        assertThat(one.fits()).isFalse();
        // 900 keys at 833.3 calls an hour: 1.08 h
        assertThat(one.tiers().get(0).reachableFreshness()).isEqualTo(Duration.parse("PT1H4M48S"));
    }

    @Test
    void perSecondLimitIsNotReducedByThePriorityShare() {
        ProviderSettings alias =
                new ProviderSettings(Provider.ALIAS, List.of("US", "EU", "GB"), new Limits(1, null, null), 0.2, false);

        ProviderCapacity capacity = CapacityArithmetic.of(alias, demands(0, 0, 0), 0);

        assertThat(capacity.budget()).isEqualTo(new Budget(1, null, null, 0.2, 1, Binding.PER_SECOND, 3600, 86_400));
        assertThat(capacity.utilisation()).isZero();
        assertThat(capacity.fits()).isTrue();
    }

    @Test
    void theDailyLimitBindsWhenItAllowsFewerCallsAnHourThanTheHourlyOne() {
        // 360 HOT keys need 400 calls an hour
        List<TierDemand> demands = demands(360, 0, 0);
        ProviderSettings dailyBinds =
                new ProviderSettings(Provider.EBAY, List.of("US"), new Limits(null, 1000, 12_000), 0, false);
        ProviderSettings hourlyBinds =
                new ProviderSettings(Provider.EBAY, List.of("US"), new Limits(null, 300, 12_000), 0, false);

        ProviderCapacity daily = CapacityArithmetic.of(dailyBinds, demands, 0);
        ProviderCapacity hourly = CapacityArithmetic.of(hourlyBinds, demands, 0);

        // 12,000 a day is 500 an hour, below the 1,000 an hour allowed
        assertThat(daily.budget().bindingLimit()).isEqualTo(Binding.PER_DAY);
        assertThat(daily.budget().backgroundCallsPerHour()).isEqualTo(500);
        assertThat(daily.budget().backgroundCallsPerDay()).isEqualTo(12_000);
        assertThat(daily.utilisation()).isEqualTo(0.8);
        assertThat(daily.fits()).isTrue();
        // 300 an hour is 7,200 a day, below the 12,000 a day allowed; 360 keys at 300 an hour: 1.2 h
        assertThat(hourly.budget().bindingLimit()).isEqualTo(Binding.PER_HOUR);
        assertThat(hourly.budget().backgroundCallsPerHour()).isEqualTo(300);
        assertThat(hourly.budget().backgroundCallsPerDay()).isEqualTo(7200);
        assertThat(hourly.fits()).isFalse();
        assertThat(hourly.tiers().get(0).reachableFreshness()).isEqualTo(Duration.ofMinutes(72));
    }

    @Test
    void thePriorityShareIsKeptOutOfTheBackgroundBudget() {
        // 180 HOT keys need 200 calls an hour; eBay allows 5,000 a day
        List<TierDemand> demands = demands(180, 0, 0);

        ProviderCapacity none = CapacityArithmetic.of(ebay(0), demands, 0);
        ProviderCapacity fifth = CapacityArithmetic.of(ebay(0.2), demands, 0);
        ProviderCapacity half = CapacityArithmetic.of(ebay(0.5), demands, 0);

        // 5,000 a day = 208.3 an hour: HOT fits
        assertThat(none.budget().backgroundCallsPerDay()).isEqualTo(5000);
        assertThat(none.budget().backgroundCallsPerHour()).isEqualTo(208.3);
        assertThat(none.fits()).isTrue();
        // 4,000 a day = 166.7 an hour: 180 keys once in 1.08 h
        assertThat(fifth.budget().backgroundCallsPerDay()).isEqualTo(4000);
        assertThat(fifth.budget().priorityShare()).isEqualTo(0.2);
        assertThat(fifth.tiersFallingShort()).containsExactly(Tier.HOT);
        assertThat(fifth.tiers().get(0).reachableFreshness()).isEqualTo(Duration.parse("PT1H4M48S"));
        // 2,500 a day = 104.2 an hour: 180 keys once in 1.728 h
        assertThat(half.budget().backgroundCallsPerDay()).isEqualTo(2500);
        assertThat(half.tiers().get(0).reachableFreshness()).isEqualTo(Duration.parse("PT1H43M41S"));
    }

    private static ProviderSettings ebay(double priorityShare) {
        return new ProviderSettings(Provider.EBAY, List.of("US"), new Limits(2, null, 5000), priorityShare, false);
    }

    /** The tiers given in reverse order: the arithmetic serves them hot first whatever the order. */
    private static List<TierDemand> demands(long hot, long warm, long cold) {
        return List.of(
                new TierDemand(Tier.COLD, cold, Duration.ofHours(24), COLD_AFTER),
                new TierDemand(Tier.WARM, warm, Duration.ofHours(6), WARM_AFTER),
                new TierDemand(Tier.HOT, hot, Duration.ofHours(1), HOT_AFTER));
    }
}
