package com.marketsync.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.sim.Faults.Fault;
import com.marketsync.sim.Faults.Kind;
import com.marketsync.sim.Faults.Spec;
import com.marketsync.testkit.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which calls injected faults hit: seeded and repeatable, at the requested rate, only while active. */
class FaultsTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-02T10:00:00Z"));
    private final Faults faults = new Faults(clock, new SimFaultsProperties(7, Duration.ofSeconds(35)));

    @Test
    void theSameSeedHitsTheSameCalls() {
        faults.add(spec(Provider.STOCKX, Kind.STATUS_500, 0.3, null, 42L));
        List<Boolean> first = hits(Provider.STOCKX, 50);
        faults.clear(Optional.empty());
        faults.add(spec(Provider.STOCKX, Kind.STATUS_500, 0.3, null, 42L));

        assertThat(hits(Provider.STOCKX, 50)).isEqualTo(first).contains(true, false);
    }

    @Test
    void hitsRoughlyTheRequestedShareOfCalls() {
        faults.add(spec(Provider.ALIAS, Kind.STATUS_429, 0.25, null, null));

        long hit = hits(Provider.ALIAS, 2000).stream().filter(b -> b).count();

        assertThat(hit).isBetween(400L, 600L);
    }

    @Test
    void rateOneHitsEveryCallAndRateZeroNone() {
        faults.add(spec(Provider.EBAY, Kind.MALFORMED, 1.0, null, null));
        faults.add(spec(Provider.EBAY, Kind.STATUS_500, 0.0, null, null));

        for (int i = 0; i < 100; i++) {
            assertThat(faults.hitting(Provider.EBAY)).extracting(Fault::kind).containsExactly(Kind.MALFORMED);
        }
        assertThat(faults.hitting(Provider.STOCKX)).isEmpty();
    }

    @Test
    void aFaultWithADurationEndsOnTime() {
        Fault fault = faults.add(spec(Provider.STOCKX, Kind.STATUS_500, 1.0, 10, null));

        clock.advance(Duration.ofSeconds(9));
        assertThat(faults.hitting(Provider.STOCKX)).containsExactly(fault);
        clock.advance(Duration.ofSeconds(1));
        assertThat(faults.hitting(Provider.STOCKX)).isEmpty();
        assertThat(faults.list()).isEmpty();
    }

    @Test
    void clearsOneProviderOrAll() {
        faults.add(spec(Provider.STOCKX, Kind.STATUS_500, 1.0, null, null));
        faults.add(spec(Provider.ALIAS, Kind.STATUS_500, 1.0, null, null));
        faults.add(spec(Provider.ALIAS, Kind.LATENCY, 1.0, null, null));

        assertThat(faults.clear(Optional.of(Provider.ALIAS))).isEqualTo(2);
        assertThat(faults.list()).extracting(Fault::provider).containsExactly(Provider.STOCKX);
        assertThat(faults.clear(Optional.empty())).isEqualTo(1);
        assertThat(faults.list()).isEmpty();
    }

    @Test
    void faultsWithoutASeedTakeTheConfiguredSeedPlusTheirNumber() {
        Fault first = faults.add(spec(Provider.STOCKX, Kind.STATUS_500, 0.5, null, null));
        Fault second = faults.add(spec(Provider.STOCKX, Kind.STATUS_500, 0.5, null, null));

        assertThat(first.seed()).isEqualTo(8);
        assertThat(second.seed()).isEqualTo(9);
        assertThat(first.id()).isNotEqualTo(second.id());
    }

    @Test
    void aTimeoutHoldsForItsLatencyOrTheConfiguredDefault() {
        Fault configured = faults.add(new Spec(Provider.STOCKX, Kind.TIMEOUT, 1.0, null, null, null, null));
        Fault explicit = faults.add(new Spec(Provider.STOCKX, Kind.TIMEOUT, 1.0, null, 1500, null, null));

        assertThat(faults.timeoutFor(configured)).isEqualTo(Duration.ofSeconds(35));
        assertThat(faults.timeoutFor(explicit)).isEqualTo(Duration.ofMillis(1500));
    }

    private static Spec spec(Provider provider, Kind kind, double rate, Integer durationSeconds, Long seed) {
        return new Spec(provider, kind, rate, null, kind == Kind.LATENCY ? 10 : null, durationSeconds, seed);
    }

    private List<Boolean> hits(Provider provider, int calls) {
        List<Boolean> result = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            result.add(!faults.hitting(provider).isEmpty());
        }
        return result;
    }
}
