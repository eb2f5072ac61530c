package com.marketsync.faults;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the fault tests share: the random seed, the writer's settings, and waiting until it caught up. */
final class FaultTests {

    static final Logger log = LoggerFactory.getLogger("writer-faults");

    private FaultTests() {}

    /** A fresh seed per run (logged), or {@code -Dfaults.seed=...} to repeat a run. */
    static long seed(String test) {
        long seed = Long.getLong("faults.seed", System.nanoTime());
        log.info("{}: seed {} (repeat with -Dfaults.seed={})", test, seed, seed);
        return seed;
    }

    /** Observations start a day ago: well inside the history retention, never in the future. */
    static Instant firstObservation() {
        return Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MINUTES);
    }

    /** The writer's connection settings for the database and the broker, plus test-specific ones. */
    static Map<String, String> writerProperties(WriterDatabase database, KafkaProbe kafka, Map<String, String> more) {
        Map<String, String> properties = new HashMap<>(database.writerProperties());
        properties.putAll(kafka.writerProperties());
        properties.putAll(more);
        return properties;
    }

    /**
     * Waits until the writer's consumer group has committed every produced snapshot. Offsets are committed only after
     * the database committed, and the database only after the batch's change events were acknowledged, so then every
     * snapshot is stored and every change event it caused is on {@code market.latest-prices}.
     */
    static void awaitCaughtUp(KafkaProbe kafka, WriterDatabase database, Duration atMost) {
        Instant[] lastReport = {Instant.now()};
        await("consumer lag 0")
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> {
                    long lag = kafka.lag();
                    if (Instant.now().isAfter(lastReport[0].plusSeconds(10))) {
                        lastReport[0] = Instant.now();
                        log.info("Catching up: lag {}, history rows {}", lag, database.historyRows());
                    }
                    return lag == 0;
                });
    }
}
