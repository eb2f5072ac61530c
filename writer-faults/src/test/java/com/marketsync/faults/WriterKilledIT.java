package com.marketsync.faults;

import static com.marketsync.faults.FaultTests.log;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marketsync.testkit.TestInfra;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The writer killed with SIGKILL five times at random points while a stream of 100,000 snapshots is produced, and
 * started again each time: it must neither lose nor duplicate a snapshot, end with exactly the newest prices, and
 * publish every change, however the kills fall between change publish, database commit and offset commit.
 */
@Tag("slow")
class WriterKilledIT {

    private static final int KEYS = 10_000;
    private static final int OBSERVATIONS = 10;
    private static final int KILLS = 5;
    private static final int CHUNK = 5_000;
    /** Produced but not yet consumed: the producer waits when the writer falls this far behind (a live stream). */
    private static final int BACKLOG = 10_000;

    private KafkaProbe kafka;
    private WriterDatabase database;
    private WriterProcess writer;
    private final ExecutorService producer = Executors.newSingleThreadExecutor();

    @BeforeEach
    void startWriter() {
        kafka = KafkaProbe.withEmptyTopics();
        database = new WriterDatabase(TestInfra.newDatabase("writer_killed"));
        writer = WriterProcess.start(
                "writer-killed",
                FaultTests.writerProperties(
                        database,
                        kafka,
                        // A killed member leaves no goodbye: the group waits out its session before the
                        // restarted writer gets the partitions. 6 s (the broker's minimum) instead of 45 s
                        // keeps five kills affordable; what is stored does not depend on it.
                        Map.of(
                                "spring.kafka.consumer.properties.session.timeout.ms", "6000",
                                "spring.kafka.consumer.properties.heartbeat.interval.ms", "1500")));
    }

    @AfterEach
    void stop() throws InterruptedException {
        producer.shutdownNow();
        producer.awaitTermination(30, TimeUnit.SECONDS);
        if (writer != null) {
            writer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void losesDuplicatesAndMissesNothingWhenKilledFiveTimesWhileTheStreamIsProduced() {
        long seed = FaultTests.seed("WriterKilledIT");
        Random random = new Random(seed);
        SnapshotStream stream = SnapshotStream.generate(KEYS, OBSERVATIONS, 0.0, seed, FaultTests.firstObservation());
        int total = stream.size();

        AtomicInteger produced = new AtomicInteger();
        CompletableFuture<Void> production = CompletableFuture.runAsync(
                () -> {
                    for (int from = 0; from < total; from += CHUNK) {
                        int upTo = Math.min(from + CHUNK, total);
                        await("writer within " + BACKLOG + " snapshots of the producer")
                                .atMost(Duration.ofMinutes(3))
                                .pollInterval(Duration.ofMillis(100))
                                .ignoreExceptions()
                                .until(() -> produced.get() - consumed() < BACKLOG);
                        kafka.produce(stream.slice(from, upTo));
                        produced.set(upTo);
                    }
                },
                producer);

        // Half of the kills come right after a database commit (history grew past a random mark), the other half
        // right after an offset commit (the group's offsets passed one), i.e. mostly in the middle of the next batch.
        List<Integer> marks = randomMarks(random, total);
        for (int kill = 0; kill < KILLS; kill++) {
            int mark = marks.get(kill);
            boolean afterDatabaseCommit = kill % 2 == 0;
            LongSupplier progress = afterDatabaseCommit ? database::historyRows : this::consumed;
            await("kill " + (kill + 1) + " at " + mark + (afterDatabaseCommit ? " stored" : " committed"))
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(20))
                    .ignoreExceptions()
                    .until(() -> progress.getAsLong() >= mark);
            int producedBefore = produced.get();
            writer.kill();
            log.info(
                    "WriterKilledIT: kill {} with SIGKILL after {} {} ({} produced so far)",
                    kill + 1,
                    mark,
                    afterDatabaseCommit ? "history rows" : "committed offsets",
                    producedBefore);
            assertThat(producedBefore)
                    .as("killed while the stream was still being produced")
                    .isLessThan(total);
            writer.restart();
        }

        production.orTimeout(5, TimeUnit.MINUTES).join();
        writer.awaitHealthy();
        FaultTests.awaitCaughtUp(kafka, database, Duration.ofMinutes(4));

        Verdict verdict = Verdict.of(stream, database)
                .withChangeEvents(stream, database, kafka)
                .withChangedAt(stream, database);
        log.info("WriterKilledIT: {} kills; {}", KILLS, verdict.summary());
        assertThat(verdict.count("history rows")).as(verdict.details()).isEqualTo(total);
        assertThat(verdict.count("lost")).as(verdict.details()).isZero();
        assertThat(verdict.count("duplicate history rows"))
                .as(verdict.details())
                .isZero();
        assertThat(verdict.count("unexpected history rows"))
                .as(verdict.details())
                .isZero();
        assertThat(verdict.count("latest rows differing from the oracle"))
                .as(verdict.details())
                .isZero();
        assertThat(verdict.count("change events missing for a changed key"))
                .as(verdict.details())
                .isZero();
        assertThat(verdict.count("keys without any change event"))
                .as(verdict.details())
                .isZero();
        assertThat(verdict.count("last events differing from the latest row"))
                .as(verdict.details())
                .isZero();
    }

    private long consumed() {
        return kafka.committed();
    }

    /**
     * Five increasing marks between 5 % and 75 % of the stream, at least 5 % apart: every kill happens while the
     * producer still has snapshots to send, and the writer makes progress between two kills.
     */
    private static List<Integer> randomMarks(Random random, int total) {
        int slot = (int) (total * 0.70 / KILLS);
        List<Integer> marks = new ArrayList<>();
        for (int kill = 0; kill < KILLS; kill++) {
            int from = (int) (total * 0.05) + kill * slot;
            marks.add(from + random.nextInt(slot - total / 20));
        }
        return marks;
    }
}
