package com.marketsync.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.sim.ProviderGateway.LimitUsage;
import com.marketsync.sim.SimLimitsProperties.Limit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sliding-window limits per credential: exact window edges, independent credentials, daily quota. */
class CallLimitsTest {

    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    private static CallLimits limits(int perSecond, int perDay) {
        Limit limit = new Limit(perSecond, perDay);
        return new CallLimits(new SimLimitsProperties(limit, limit, limit));
    }

    @Test
    void admitsUpToTheLimitWithinAnySlidingSecond() {
        CallLimits limits = limits(2, 0);

        assertThat(limits.tryAcquire(Provider.ALIAS, "a", T0)).isTrue();
        assertThat(limits.tryAcquire(Provider.ALIAS, "a", T0.plusMillis(500))).isTrue();
        assertThat(limits.tryAcquire(Provider.ALIAS, "a", T0.plusMillis(999))).isFalse();
        // the first call leaves the window exactly one second after it arrived
        assertThat(limits.tryAcquire(Provider.ALIAS, "a", T0.plusMillis(1000))).isTrue();
        assertThat(limits.tryAcquire(Provider.ALIAS, "a", T0.plusMillis(1400))).isFalse();
        assertThat(limits.tryAcquire(Provider.ALIAS, "a", T0.plusMillis(1500))).isTrue();
    }

    @Test
    void refusedCallsDoNotUseUpTheWindow() {
        CallLimits limits = limits(1, 0);
        assertThat(limits.tryAcquire(Provider.STOCKX, "k", T0)).isTrue();
        for (int i = 1; i <= 9; i++) {
            assertThat(limits.tryAcquire(Provider.STOCKX, "k", T0.plusMillis(100L * i)))
                    .isFalse();
        }

        assertThat(limits.tryAcquire(Provider.STOCKX, "k", T0.plusSeconds(1))).isTrue();
    }

    @Test
    void eachCredentialAndProviderHasItsOwnWindow() {
        CallLimits limits = limits(1, 0);

        assertThat(limits.tryAcquire(Provider.ALIAS, "a", T0)).isTrue();
        assertThat(limits.tryAcquire(Provider.ALIAS, "a", T0)).isFalse();
        assertThat(limits.tryAcquire(Provider.ALIAS, "b", T0)).isTrue();
        assertThat(limits.tryAcquire(Provider.EBAY, "a", T0)).isTrue();
    }

    @Test
    void enforcesADailyQuotaOverASliding24Hours() {
        CallLimits limits = limits(0, 3);
        for (int hour = 0; hour < 3; hour++) {
            assertThat(limits.tryAcquire(Provider.EBAY, "c", T0.plus(Duration.ofHours(hour))))
                    .isTrue();
        }

        assertThat(limits.tryAcquire(Provider.EBAY, "c", T0.plus(Duration.ofHours(23))))
                .isFalse();
        assertThat(limits.tryAcquire(Provider.EBAY, "c", T0.plus(Duration.ofHours(24))))
                .isTrue();
        assertThat(limits.tryAcquire(Provider.EBAY, "c", T0.plus(Duration.ofHours(24))))
                .isFalse();
    }

    @Test
    void zeroSwitchesALimitOff() {
        CallLimits limits = limits(0, 0);

        for (int i = 0; i < 1000; i++) {
            assertThat(limits.tryAcquire(Provider.STOCKX, "k", T0)).isTrue();
        }
        assertThat(limits.usage(Provider.STOCKX, "k", T0)).isEmpty();
    }

    @Test
    void reportsUsageOfTheDailyAndPerSecondLimits() {
        CallLimits limits = limits(5, 100);
        limits.tryAcquire(Provider.EBAY, "c", T0);
        limits.tryAcquire(Provider.EBAY, "c", T0.plusMillis(200));
        limits.tryAcquire(Provider.EBAY, "c", T0.plusSeconds(2));

        List<LimitUsage> usage = limits.usage(Provider.EBAY, "c", T0.plusMillis(2500));

        assertThat(usage)
                .containsExactly(
                        new LimitUsage(100, 3, T0.plus(Duration.ofDays(1)), Duration.ofDays(1)),
                        new LimitUsage(5, 1, T0.plusSeconds(3), Duration.ofSeconds(1)));
        assertThat(limits.usage(Provider.EBAY, "unused", T0))
                .containsExactly(
                        new LimitUsage(100, 0, T0, Duration.ofDays(1)),
                        new LimitUsage(5, 0, T0, Duration.ofSeconds(1)));
    }
}
