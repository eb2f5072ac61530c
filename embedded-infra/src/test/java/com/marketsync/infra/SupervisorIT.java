package com.marketsync.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Supervision of real child processes: reports, restarts with back-off, giving up, stopping. */
class SupervisorIT {

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> reports = new ListAppender<>();
    private final AtomicInteger changes = new AtomicInteger();
    private Supervisor supervisor;

    @BeforeEach
    void captureReports() {
        reports.start();
        ((Logger) LoggerFactory.getLogger(Supervisor.class)).addAppender(reports);
        supervisor = new Supervisor(
                () -> new RestartBackoff(
                        List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400)),
                        Duration.ofMinutes(10)),
                changes::incrementAndGet);
    }

    @AfterEach
    void stop() {
        supervisor.close();
        ((Logger) LoggerFactory.getLogger(Supervisor.class)).detachAppender(reports);
    }

    @Test
    void aKilledChildIsReportedWithItsExitCodeAndLastLogLinesAndRestarted() throws Exception {
        ChildProcess child = supervisor.start(ChildSpec.of(
                "fetcher", List.of("bash", "-c", "echo fetching batch 7; exec sleep 600"), log("fetcher")));
        long firstPid = child.pid();
        await().atMost(Duration.ofSeconds(5)).until(() -> child.lastLogLines(5).contains("fetching batch 7"));

        child.process().toHandle().destroyForcibly();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> child.state() == ChildProcess.State.RUNNING && child.pid() != firstPid);
        assertThat(child.restarts()).isEqualTo(1);
        assertThat(child.isAlive()).isTrue();
        assertThat(messages())
                .anySatisfy(report -> assertThat(report)
                        .startsWith("fetcher exited unexpectedly with exit code 137 (killed by SIGKILL)")
                        .contains(log("fetcher").toString())
                        .contains("fetching batch 7"))
                .anySatisfy(report -> assertThat(report).isEqualTo("Restarting fetcher in 0 s (attempt 1 of 3)"))
                .anySatisfy(report -> assertThat(report).startsWith("fetcher is back (pid " + child.pid()));
        assertThat(changes).hasValueGreaterThan(2);
    }

    @Test
    void givesUpWhenTheAttemptsAreSpentAndSaysOnWhat() throws Exception {
        Path marker = dir.resolve("started-once");
        ChildProcess child = supervisor.start(ChildSpec.of(
                "registry",
                List.of(
                        "bash",
                        "-c",
                        "if [ -e '" + marker + "' ]; then echo 'port already in use'; exit 3; fi; touch '" + marker
                                + "'; exec sleep 600"),
                log("registry")));
        ChildProcess other = supervisor.start(ChildSpec.of("kafka", List.of("sleep", "600"), log("kafka")));
        await().atMost(Duration.ofSeconds(5)).until(() -> java.nio.file.Files.exists(marker));

        child.process().toHandle().destroyForcibly();

        await().atMost(Duration.ofSeconds(15)).until(() -> child.state() == ChildProcess.State.GAVE_UP);
        assertThat(child.restarts()).isEqualTo(3);
        assertThat(messages()).anySatisfy(report -> assertThat(report)
                .startsWith("Gave up on registry")
                .contains("exit code 3")
                .contains(log("registry").toString()));
        assertThat(other.isAlive()).as("the others keep running").isTrue();
    }

    @Test
    void closeStopsEveryChildNewestFirstAndRestartsNone() throws Exception {
        Path order = dir.resolve("stopped");
        ChildProcess first = supervisor.start(ChildSpec.of("postgresql", stopsInto(order, "postgresql"), log("pg")));
        ChildProcess second = supervisor.start(ChildSpec.of("kafka", stopsInto(order, "kafka"), log("kafka")));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> first.lastLogLines(1).contains("ready")
                        && second.lastLogLines(1).contains("ready"));

        supervisor.close();

        assertThat(List.of(first, second)).allSatisfy(child -> {
            assertThat(child.isAlive()).isFalse();
            assertThat(child.state()).isEqualTo(ChildProcess.State.STOPPED);
            assertThat(child.restarts()).isZero();
        });
        assertThat(java.nio.file.Files.readAllLines(order)).containsExactly("kafka", "postgresql");
        assertThat(messages()).noneMatch(report -> report.contains("exited unexpectedly"));
    }

    /** A child that writes its name to {@code file} when asked to stop. */
    private static List<String> stopsInto(Path file, String name) {
        return List.of(
                "bash",
                "-c",
                "trap 'echo " + name + " >> \"" + file
                        + "\"; exit 0' TERM; echo ready; while true; do sleep 0.1; done");
    }

    @Test
    void aChildThatExitsDuringStartUpFailsTheStartWithItsExitCodeAndLogInsteadOfBeingRestarted() {
        ChildSpec failing = ChildSpec.of(
                        "registry", List.of("bash", "-c", "echo 'Port 8081 seems to be in use'; exit 1"), log("reg"))
                .withHealth(HealthCheck.tcp(FreePorts.find()));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> supervisor.start(failing))
                .hasMessageStartingWith("registry exited with exit code 1 during start-up; last lines of")
                .hasMessageContaining("Port 8081 seems to be in use");
        assertThat(messages()).noneMatch(report -> report.contains("Restarting"));
    }

    private Path log(String name) {
        return dir.resolve(name + ".log");
    }

    private List<String> messages() {
        return reports.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
