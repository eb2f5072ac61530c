package com.marketsync.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.sim.SimLimitsProperties.Limit;
import com.marketsync.sim.TrafficStats.ProviderStats;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The traffic figures: call counts per credential and the busiest spans shorter than one second and one minute. */
class TrafficStatsTest {

    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    private final TrafficStats stats = new TrafficStats();
    private final CallLimits limits =
            new CallLimits(new SimLimitsProperties(new Limit(25, 0), new Limit(7, 0), new Limit(0, 0)));

    @Test
    void busiestSecondCountsCallsLessThanOneSecondApart() {
        call(Provider.STOCKX, T0, 3);
        call(Provider.STOCKX, T0.plusMillis(500), 2);
        // exactly one second after the first three, so they are not in its window
        call(Provider.STOCKX, T0.plusMillis(1000), 1);

        ProviderStats stockx = stats.snapshot(limits).get(Provider.STOCKX);

        assertThat(stockx.maxCallsIn1s()).isEqualTo(5);
        assertThat(stockx.maxCallsIn60s()).isEqualTo(6);
        assertThat(stockx.calls()).isEqualTo(6);
    }

    @Test
    void busiestMinuteSlidesAndKeepsItsMaximum() {
        call(Provider.ALIAS, T0, 4);
        call(Provider.ALIAS, T0.plusSeconds(59), 4);
        call(Provider.ALIAS, T0.plusSeconds(60), 1);
        call(Provider.ALIAS, T0.plus(Duration.ofMinutes(5)), 1);

        ProviderStats alias = stats.snapshot(limits).get(Provider.ALIAS);

        assertThat(alias.maxCallsIn60s()).isEqualTo(8);
        assertThat(alias.maxCallsIn1s()).isEqualTo(4);
        assertThat(alias.calls()).isEqualTo(10);
    }

    @Test
    void countsCallsPerCredentialAndThrottlesPerProvider() {
        stats.recordCall(Provider.EBAY, "client-a", T0);
        stats.recordCall(Provider.EBAY, "client-a", T0);
        stats.recordCall(Provider.EBAY, "client-b", T0);
        stats.recordThrottled(Provider.EBAY);

        Map<Provider, ProviderStats> snapshot = stats.snapshot(limits);

        assertThat(snapshot.get(Provider.EBAY))
                .isEqualTo(new ProviderStats(3, 3, 3, 1, 0, Map.of("client-a", 2L, "client-b", 1L)));
        assertThat(snapshot.get(Provider.ALIAS)).isEqualTo(new ProviderStats(0, 0, 0, 0, 7, Map.of()));
        assertThat(snapshot.keySet()).containsExactly(Provider.STOCKX, Provider.ALIAS, Provider.EBAY);
    }

    @Test
    void resetClearsEveryFigureButTheLimit() {
        call(Provider.STOCKX, T0, 5);
        stats.recordThrottled(Provider.STOCKX);

        stats.reset();
        call(Provider.STOCKX, T0.plusMillis(10), 1);

        assertThat(stats.snapshot(limits).get(Provider.STOCKX))
                .isEqualTo(new ProviderStats(1, 1, 1, 0, 25, Map.of("key", 1L)));
    }

    private void call(Provider provider, Instant at, int times) {
        for (int i = 0; i < times; i++) {
            stats.recordCall(provider, "key", at);
        }
    }
}
