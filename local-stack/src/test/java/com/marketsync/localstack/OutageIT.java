package com.marketsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marketsync.events.OutcomeStatus;
import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.SyncOutcome;
import com.marketsync.infra.ApicurioRegistry;
import com.marketsync.infra.HealthCheck;
import com.marketsync.infra.PostgresServer;
import com.marketsync.infra.RunLock;
import com.marketsync.schemas.Topics;
import java.net.URI;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Outages staged with {@code ./run-local --stop/--start} over the real launcher while prices flow: PostgreSQL
 * stopped for 30 s, then Kafka killed with SIGKILL and held down for 15 s. Each time every service's
 * {@code /actuator/health} must answer DOWN (503) during the outage and UP after it, with no service and not the
 * registry restarted (same pids, no restarts in the lock file); afterwards no snapshot may be lost: every distinct
 * snapshot id on {@code market.price-snapshots} is one history row, and every successful request's snapshots are
 * on the topic. Runs with {@code -Pfaults} only (about 4 to 5 minutes on 2 cores).
 */
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutageIT {

    private static final List<String> SERVICES =
            List.of("planner-service", "stockx-fetcher", "alias-fetcher", "ebay-fetcher", "market-writer");
    private static final String REGISTRY = "registry";
    private static final List<String> NOT_RESTARTED = List.of(
            REGISTRY,
            "provider-sim",
            "planner-service",
            "stockx-fetcher",
            "alias-fetcher",
            "ebay-fetcher",
            "market-writer");
    /** Every product due again 3 minutes after its last success, so prices keep flowing through the whole test. */
    private static final List<String> SHORT_FRESHNESS = List.of(
            "market.planner.freshness.hot=3m", "market.planner.freshness.warm=3m", "market.planner.freshness.cold=3m");

    private static final List<String> REQUEST_LANES = List.of(
            Topics.SYNC_REQUESTS_STOCKX,
            Topics.SYNC_REQUESTS_ALIAS,
            Topics.SYNC_REQUESTS_EBAY,
            Topics.SYNC_REQUESTS_STOCKX_PRIORITY,
            Topics.SYNC_REQUESTS_ALIAS_PRIORITY,
            Topics.SYNC_REQUESTS_EBAY_PRIORITY);

    private static LocalStack.Settings settings;
    private static LauncherProcess launcher;
    private static TopicReader topics;

    @BeforeAll
    static void startStackAndAwaitPrices() throws Exception {
        settings = TestStacks.onFreePorts("outage-it-", 1, SHORT_FRESHNESS);
        launcher = LauncherProcess.start(settings);
        launcher.awaitRunning(Duration.ofMinutes(5));
        topics = new TopicReader(
                "127.0.0.1:" + settings.ports().kafka(),
                ApicurioRegistry.coreApiUrl(settings.ports().registry()));
        await("first prices stored")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> historyRows() > 0);
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (launcher != null && launcher.process().isAlive()) {
            launcher.stop();
        }
    }

    @Test
    @Order(1)
    void postgresqlStoppedFor30SecondsTakesEveryServiceDownAndBackUpWithoutARestart() throws Exception {
        outage("postgresql", false, Duration.ofSeconds(30));
    }

    @Test
    @Order(2)
    void kafkaKilledAndHeldDownFor15SecondsTakesEveryServiceDownAndBackUpWithoutARestart() throws Exception {
        outage("kafka", true, Duration.ofSeconds(15));
    }

    @Test
    @Order(3)
    void noSnapshotIsLost() throws Exception {
        // no new requests from here on; what is queued is fetched, published and stored
        LauncherProcess.Finished planner =
                LauncherProcess.run(Duration.ofMinutes(2), settings.keepingData(), "--stop", "planner-service");
        assertThat(planner.exitCode()).as(planner.output()).isZero();
        Instant quietSince = Instant.now();
        await("fetchers and writer caught up")
                .atMost(Duration.ofMinutes(8))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> REQUEST_LANES.stream().allMatch(lane -> topics.caughtUp(fetcherGroup(lane), lane))
                        && topics.caughtUp("market-writer", Topics.PRICE_SNAPSHOTS));
        Duration drained = Duration.between(quietSince, Instant.now());

        List<PriceSnapshot> published = topics.values(Topics.PRICE_SNAPSHOTS, PriceSnapshot.class);
        Map<String, Set<String>> idsByRequest = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (PriceSnapshot snapshot : published) {
            ids.add(snapshot.getSnapshotId());
            idsByRequest
                    .computeIfAbsent(snapshot.getRequestId(), r -> new HashSet<>())
                    .add(snapshot.getSnapshotId());
        }
        await("history rows equal to the distinct snapshot ids published")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> historyRows() == ids.size());
        long stored = storedOf(ids);
        Map<String, SyncOutcome> outcomes = new LinkedHashMap<>();
        topics.values(Topics.SYNC_OUTCOMES, SyncOutcome.class)
                .forEach(outcome -> outcomes.putIfAbsent(outcome.getRequestId(), outcome));
        List<String> incomplete = new ArrayList<>();
        long succeeded = 0;
        for (SyncOutcome outcome : outcomes.values()) {
            if (outcome.getStatus() != OutcomeStatus.SUCCEEDED) {
                continue;
            }
            succeeded++;
            int onTopic =
                    idsByRequest.getOrDefault(outcome.getRequestId(), Set.of()).size();
            if (onTopic != outcome.getSnapshotsPublished()) {
                incomplete.add(outcome.getRequestId() + " (" + outcome.getProvider() + " " + outcome.getSku() + "): "
                        + outcome.getSnapshotsPublished() + " published, " + onTopic + " on the topic");
            }
        }
        long deadLettered = topics.records(Topics.deadLetter(Topics.PRICE_SNAPSHOTS));
        System.out.printf(
                "OutageIT: drained %d s after the planner stopped; %d snapshot records on the topic, %d distinct ids,"
                        + " %d history rows (%d of the ids stored); %d SUCCEEDED requests, %d with snapshots missing"
                        + " on the topic; %d dead-lettered%n",
                drained.toSeconds(),
                published.size(),
                ids.size(),
                historyRows(),
                stored,
                succeeded,
                incomplete.size(),
                deadLettered);

        assertThat(ids).as("snapshots published").isNotEmpty();
        assertThat(historyRows()).as("history rows").isEqualTo(ids.size());
        assertThat(stored).as("snapshot ids of the topic stored in the history").isEqualTo(ids.size());
        assertThat(incomplete)
                .as("successful requests whose snapshots are not all on the topic")
                .isEmpty();
        assertThat(deadLettered).as("snapshots dead-lettered").isZero();
    }

    /**
     * Stops a component (or kills it), holds it down for {@code length}, starts it again, and checks what every
     * service and the registry did meanwhile.
     */
    private static void outage(String component, boolean kill, Duration length) throws Exception {
        Map<String, RunLock.Entry> before = new HashMap<>();
        for (String name : NOT_RESTARTED) {
            before.put(name, launcher.entry(name));
        }
        RunLock.Entry target = launcher.entry(component);
        HealthCheck targetHealth = HealthCheck.parse(target.health());
        awaitPricesFlowing();
        Map<String, URI> endpoints = new LinkedHashMap<>();
        for (String name : SERVICES) {
            endpoints.put(name, URI.create(before.get(name).health()));
        }
        endpoints.put(REGISTRY, URI.create(before.get(REGISTRY).health()));

        try (HealthMonitor health = HealthMonitor.start(endpoints)) {
            await("every service UP before the outage")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> endpoints.values().stream()
                            .allMatch(url -> HealthCheck.http(url).healthy()));

            LauncherProcess.Finished stop = kill
                    ? LauncherProcess.run(Duration.ofMinutes(2), settings.keepingData(), "--stop", component, "--kill")
                    : LauncherProcess.run(Duration.ofMinutes(2), settings.keepingData(), "--stop", component);
            Instant stopped = Instant.now();
            assertThat(stop.exitCode()).as(stop.output()).isZero();
            assertThat(stop.output())
                    .contains((kill ? "Killed " : "Stopped ") + component + " (pid " + target.pid() + ") with SIG"
                            + (kill ? "KILL" : ""))
                    .contains("it stays stopped until ./run-local --start " + component + ".");

            LauncherProcess.Finished status = LauncherProcess.run(settings.keepingData(), "--status");
            assertThat(status.exitCode()).as(status.output()).isEqualTo(StackStatus.UNHEALTHY);
            assertThat(status.output().lines()).as(status.output()).anySatisfy(line -> assertThat(
                            line.strip().split("\\s+"))
                    .startsWith(component, "-", Integer.toString(target.port()), "DOWN", "HELD"));

            // held: the supervisor would have started it again within 2 s; it must stay down the whole time
            Duration left = length.minus(Duration.between(stopped, Instant.now()));
            await(component + " held down for " + length)
                    .during(left)
                    .atMost(left.plusSeconds(15))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> !targetHealth.healthy()
                            && launcher.entry(component).state().equals("HELD"));

            Instant startRequested = Instant.now();
            LauncherProcess.Finished start =
                    LauncherProcess.run(Duration.ofMinutes(4), settings.keepingData(), "--start", component);
            Instant started = Instant.now();
            assertThat(start.exitCode()).as(start.output()).isZero();
            assertThat(start.output()).contains("Started " + component + " (pid ");

            await("every service and the registry UP again")
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> endpoints.values().stream()
                            .allMatch(url -> HealthCheck.http(url).healthy()));
            Instant recovered = Instant.now();
            long rowsAtRecovery = historyRows();
            health.close();

            report(component, kill, health, endpoints, stopped, startRequested, started, recovered);
            SoftAssertions.assertSoftly(softly -> {
                for (String name : SERVICES) {
                    List<String> during = health.statuses(name, stopped, startRequested);
                    softly.assertThat(during)
                            .as(
                                    "what %s's /actuator/health answered while %s was down: %s",
                                    name, component, HealthMonitor.summary(during))
                            .contains(HealthMonitor.DOWN);
                    List<String> after = health.statuses(name, started, Instant.now());
                    softly.assertThat(after.isEmpty() ? "none" : after.getLast())
                            .as(
                                    "what %s's /actuator/health answered last after %s was started again: %s",
                                    name, component, HealthMonitor.summary(after))
                            .isEqualTo(HealthMonitor.UP);
                }
                for (String name : NOT_RESTARTED) {
                    RunLock.Entry now = entry(name);
                    softly.assertThat(now.pid())
                            .as("%s's pid (not restarted)", name)
                            .isEqualTo(before.get(name).pid());
                    softly.assertThat(now.restarts()).as("%s's restarts", name).isZero();
                    softly.assertThat(now.state()).as("%s's state", name).isEqualTo("RUNNING");
                }
                RunLock.Entry back = entry(component);
                softly.assertThat(back.state()).as("%s's state", component).isEqualTo("RUNNING");
                softly.assertThat(back.pid()).as("%s's pid", component).isNotEqualTo(target.pid());
                softly.assertThat(back.restarts())
                        .as("a start on request is no restart")
                        .isEqualTo(target.restarts());
                softly.assertThat(launcher.output())
                        .as("launcher output")
                        .doesNotContain("exited unexpectedly")
                        .contains(component + " on request");
            });

            await("prices stored again after " + component + " came back")
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> historyRows() > rowsAtRecovery);
        }
    }

    private static void report(
            String component,
            boolean kill,
            HealthMonitor health,
            Map<String, URI> endpoints,
            Instant stopped,
            Instant startRequested,
            Instant started,
            Instant recovered) {
        StringBuilder text = new StringBuilder(String.format(
                "OutageIT: %s %s, held down %d s, --start took %d s, every service UP %d s after it was back:%n",
                component,
                kill ? "killed with SIGKILL" : "stopped",
                Duration.between(stopped, startRequested).toSeconds(),
                Duration.between(startRequested, started).toSeconds(),
                Duration.between(started, recovered).toSeconds()));
        for (String name : endpoints.keySet()) {
            text.append(String.format(
                    "  %-16s DOWN after %s; UP %s after the start; during %s, after %s%n",
                    name,
                    health.first(name, HealthMonitor.DOWN, stopped)
                            .filter(at -> at.isBefore(startRequested))
                            .map(at -> Duration.between(stopped, at).toMillis() + " ms")
                            .orElse("-"),
                    health.first(name, HealthMonitor.UP, started)
                            .map(at -> Duration.between(started, at).toMillis() + " ms")
                            .orElse("-"),
                    HealthMonitor.summary(health.statuses(name, stopped, startRequested)),
                    HealthMonitor.summary(health.statuses(name, started, recovered.plusSeconds(5)))));
        }
        System.out.print(text);
    }

    /** Waits until new snapshots reach the topic: fetchers are publishing. */
    private static void awaitPricesFlowing() {
        long published = topics.records(Topics.PRICE_SNAPSHOTS);
        await("snapshots being published")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> topics.records(Topics.PRICE_SNAPSHOTS) > published);
    }

    /** The consumer group of a fetcher lane: {@code <fetcher>} or {@code <fetcher>-priority}. */
    private static String fetcherGroup(String lane) {
        String provider = lane.replaceFirst("^market\\.sync-requests\\.", "").replaceFirst("\\.priority$", "");
        return provider + "-fetcher" + (lane.endsWith(".priority") ? "-priority" : "");
    }

    private static RunLock.Entry entry(String name) {
        try {
            return launcher.entry(name);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long historyRows() throws SQLException {
        try (Connection connection = connect();
                ResultSet rs =
                        connection.createStatement().executeQuery("SELECT count(*) FROM market.price_snapshots")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** How many of the snapshot ids have a history row. */
    private static long storedOf(Set<String> ids) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT count(*) FROM market.price_snapshots WHERE snapshot_id = ANY (?)")) {
            Array array = connection.createArrayOf("text", ids.toArray());
            query.setArray(1, array);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(
                PostgresServer.jdbcUrl(settings.ports().postgresql(), "postgres"),
                PostgresServer.USER,
                PostgresServer.PASSWORD);
    }
}
