package com.marketsync.faults;

import static com.marketsync.faults.FaultTests.log;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marketsync.infra.FreePorts;
import com.marketsync.schemas.Topics;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stopped for 30 seconds in the middle of a stream and started again on the same port and data directory:
 * the writer must wait it out — nothing lost, nothing dead-lettered, no rebalance (the same members of its group all
 * along) — report DOWN on its health endpoint meanwhile, and catch up afterwards.
 */
@Tag("slow")
class DatabaseOutageIT {

    /** The writer's consumers of market.price-snapshots (spring.kafka.listener.concurrency). */
    private static final int WRITER_CONSUMERS = 1;

    private static final int KEYS = 5_000;
    private static final int OBSERVATIONS = 10;
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(250);
    /** How long a health probe waits for an answer (Kubernetes waits 1 s by default). */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path workDir;

    private int port;
    private EmbeddedPostgres postgres;
    private KafkaProbe kafka;
    private WriterDatabase database;
    private WriterProcess writer;
    private final ScheduledExecutorService monitor = Executors.newScheduledThreadPool(2);
    private final Queue<Sample> health = new ConcurrentLinkedQueue<>();
    private final Queue<Sample> group = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void startPostgresAndWriter() {
        port = FreePorts.find();
        postgres = startPostgres();
        database = new WriterDatabase(postgres.getJdbcUrl("postgres", "postgres"));
        kafka = KafkaProbe.withEmptyTopics();
        writer = WriterProcess.start("database-outage", FaultTests.writerProperties(database, kafka, Map.of()));
    }

    @AfterEach
    void stop() throws IOException, InterruptedException {
        monitor.shutdownNow();
        monitor.awaitTermination(10, TimeUnit.SECONDS);
        if (writer != null) {
            writer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void waitsOutA30SecondOutageInItsGroupReportingDownThenCatchesUpWithoutLossOrDeadLetters() throws Exception {
        SnapshotStream stream = SnapshotStream.generate(
                KEYS, OBSERVATIONS, 0.0, FaultTests.seed("DatabaseOutageIT"), FaultTests.firstObservation());
        int total = stream.size();

        kafka.produce(stream.slice(0, total * 4 / 10));
        await("writer in the middle of the stream")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> database.historyRows() >= total / 5);
        String member = members(kafka.describeGroup());
        monitor.scheduleAtFixedRate(
                () -> {
                    Instant sent = Instant.now();
                    String status = writer.health(PROBE_TIMEOUT);
                    health.add(new Sample(sent, Instant.now(), status));
                },
                0,
                SAMPLE_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        monitor.scheduleAtFixedRate(
                () -> {
                    Instant sent = Instant.now();
                    try {
                        String state = describe(kafka.describeGroup());
                        group.add(new Sample(sent, Instant.now(), state));
                    } catch (RuntimeException brokerBusy) {
                        // no sample rather than a stopped sampler (a scheduled task that throws never runs again)
                    }
                },
                0,
                SAMPLE_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);

        postgres.close();
        Instant stoppedAt = Instant.now();
        log.info("DatabaseOutageIT: PostgreSQL stopped (writer member {})", member);
        kafka.produce(stream.slice(total * 4 / 10, total * 8 / 10));
        // The outage lasts 30 s by definition: nothing to wait for but the time, and that the server is really down.
        await("PostgreSQL down for " + OUTAGE)
                .pollDelay(OUTAGE.minus(Duration.between(stoppedAt, Instant.now())))
                .atMost(OUTAGE.plusSeconds(10))
                .until(() -> !accepting(port));
        Instant restartedAt = Instant.now();
        postgres = startPostgres();
        log.info(
                "DatabaseOutageIT: PostgreSQL started again after {} ms",
                Duration.between(stoppedAt, restartedAt).toMillis());
        kafka.produce(stream.slice(total * 8 / 10, total));

        FaultTests.awaitCaughtUp(kafka, database, Duration.ofMinutes(3));
        Instant caughtUpAt = Instant.now();
        await("health UP after the outage").atMost(Duration.ofMinutes(1)).until(() -> "UP"
                .equals(writer.health(PROBE_TIMEOUT)));
        monitor.shutdownNow();
        monitor.awaitTermination(10, TimeUnit.SECONDS);

        Verdict verdict = Verdict.of(stream, database).withChangedAt(stream, database);
        long deadLettered = kafka.records(Topics.deadLetter(Topics.PRICE_SNAPSHOTS));
        List<String> healthDuring = statuses(health, stoppedAt, restartedAt);
        List<String> groupSamples = statuses(group, stoppedAt, caughtUpAt);
        String memberAfter = members(kafka.describeGroup());
        List<String> assignments = writer.logLines("partitions assigned");
        log.info(
                "DatabaseOutageIT: outage {} ms, caught up {} ms after; health answers during the outage {} (probe"
                        + " timeout {}), after it {}; group samples {}; member before {}, after {}; partition"
                        + " assignments {}; dead-lettered {}; {}",
                Duration.between(stoppedAt, restartedAt).toMillis(),
                Duration.between(restartedAt, caughtUpAt).toMillis(),
                summary(healthDuring),
                PROBE_TIMEOUT,
                summary(statuses(health, restartedAt, Instant.now())),
                summary(groupSamples),
                member,
                memberAfter,
                assignments.size(),
                deadLettered,
                verdict.summary());

        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(verdict.count("lost")).as(verdict.details()).isZero();
            softly.assertThat(verdict.count("history rows"))
                    .as(verdict.details())
                    .isEqualTo(total);
            softly.assertThat(verdict.count("latest rows differing from the oracle"))
                    .as(verdict.details())
                    .isZero();
            softly.assertThat(deadLettered).as("records dead-lettered").isZero();
            softly.assertThat(memberAfter)
                    .as("the writer's member ids after the outage")
                    .isEqualTo(member);
            softly.assertThat(groupSamples)
                    .as("the writer's group, sampled every %s during and after the outage", SAMPLE_EVERY)
                    .isNotEmpty()
                    .containsOnly("STABLE " + member);
            softly.assertThat(assignments)
                    .as("partition assignments in the writer's log (only the first of each consumer)")
                    .hasSize(WRITER_CONSUMERS);
            // every probe, not just one: a DOWN seen only while a broken pooled connection is discarded is luck
            softly.assertThat(healthDuring)
                    .as(
                            "what /actuator/health answered to probes (timeout %s) sent and answered while PostgreSQL"
                                    + " was down",
                            PROBE_TIMEOUT)
                    .hasSizeGreaterThanOrEqualTo(3)
                    .containsOnly("DOWN");
        });
    }

    /** The dedicated server, on the same port and data directory every time (initialised on the first start). */
    private EmbeddedPostgres startPostgres() {
        try {
            return EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(workDir.resolve("pgdata"))
                    .setCleanDataDirectory(false)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start on port " + port, e);
        }
    }

    private static boolean accepting(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** The writer's members, their ids sorted and joined. */
    private static String members(ConsumerGroupDescription description) {
        assertThat(description.members())
                .as("members of %s", description.groupId())
                .hasSize(WRITER_CONSUMERS);
        return memberIds(description);
    }

    private static String memberIds(ConsumerGroupDescription description) {
        return String.join(
                ",",
                description.members().stream()
                        .map(MemberDescription::consumerId)
                        .sorted()
                        .toList());
    }

    private static String describe(ConsumerGroupDescription description) {
        return description.groupState().name() + " " + memberIds(description);
    }

    /** What was observed by requests sent and answered between the two instants. */
    private static List<String> statuses(Queue<Sample> samples, Instant from, Instant to) {
        return samples.stream()
                .filter(s -> !s.sent().isBefore(from) && s.answered().isBefore(to))
                .map(Sample::status)
                .toList();
    }

    /** Consecutive equal statuses collapsed, e.g. {@code [UP ×3, DOWN ×100, UP ×20]}. */
    private static String summary(List<String> statuses) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < statuses.size(); ) {
            int j = i;
            while (j < statuses.size() && statuses.get(j).equals(statuses.get(i))) {
                j++;
            }
            out.append(out.length() > 1 ? ", " : "")
                    .append(statuses.get(i))
                    .append(" ×")
                    .append(j - i);
            i = j;
        }
        return out.append(']').toString();
    }

    /** What a monitor's request saw. */
    private record Sample(Instant sent, Instant answered, String status) {}
}
