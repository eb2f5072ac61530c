package com.marketsync.faults;

import static com.marketsync.faults.FaultTests.log;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Snapshots arriving out of order — a fifth of them after a newer observation of the same variant, as happens when a
 * slow fetch is overtaken by a later one — must never overwrite a newer latest price.
 */
class LateArrivalsIT extends RunningWriterTest {

    private static final int KEYS = 10_000;
    private static final int OBSERVATIONS = 10;
    private static final double LATE_SHARE = 0.20;

    LateArrivalsIT() {
        super("late-arrivals");
    }

    @Test
    void latestPricesEqualTheNewestObservationOfEveryKeyWhenAFifthArrivesLate() {
        SnapshotStream stream = SnapshotStream.generate(
                KEYS, OBSERVATIONS, LATE_SHARE, FaultTests.seed("LateArrivalsIT"), FaultTests.firstObservation());
        assertThat(stream.lateArrivals()).isEqualTo(Math.round(KEYS * OBSERVATIONS * LATE_SHARE));

        kafka.produce(stream.snapshots());
        FaultTests.awaitCaughtUp(kafka, database, Duration.ofMinutes(3));

        Verdict verdict = Verdict.of(stream, database);
        log.info("LateArrivalsIT: {} late arrivals; {}", stream.lateArrivals(), verdict.summary());
        assertThat(verdict.count("latest rows differing from the oracle"))
                .as(verdict.details())
                .isZero();
        assertThat(verdict.count("lost")).as(verdict.details()).isZero();
        assertThat(verdict.count("duplicate history rows"))
                .as(verdict.details())
                .isZero();
    }
}
