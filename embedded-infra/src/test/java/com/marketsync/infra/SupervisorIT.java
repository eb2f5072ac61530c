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

    @Test
    void aHeldChildIsStoppedWithItsSignalAndNotRestartedUntilReleased() throws Exception {
        Path order = dir.resolve("stopped");
        ChildProcess child = supervisor.start(ChildSpec.of("postgresql", stopsInto(order, "postgresql"), log("pg")));
        await().atMost(Duration.ofSeconds(5)).until(() -> child.lastLogLines(1).contains("ready"));
        long firstPid = child.pid();
        int changesBefore = changes.get();

        String done = supervisor.hold("postgresql", false);

        assertThat(done).startsWith("Stopped postgresql (pid " + firstPid + ") with SIGTERM in ");
        assertThat(java.nio.file.Files.readAllLines(order))
                .as("stopped with its signal, not killed")
                .containsExactly("postgresql");
        assertThat(changes).hasValueGreaterThan(changesBefore);
        // the back-off would restart it after 100 ms
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> child.state() == ChildProcess.State.HELD && !child.isAlive() && child.pid() == firstPid);
        assertThat(messages()).noneMatch(report -> report.contains("exited unexpectedly"));

        String started = supervisor.release("postgresql");

        assertThat(started).startsWith("Started postgresql (pid " + child.pid() + "): ready after ");
        assertThat(child.pid()).isNotEqualTo(firstPid);
        assertThat(child.isAlive()).isTrue();
        assertThat(child.state()).isEqualTo(ChildProcess.State.RUNNING);
        assertThat(child.restarts())
                .as("a start on request is no restart after a failure")
                .isZero();
        await("the log goes on")
                .atMost(Duration.ofSeconds(5))
                .until(() ->
                        child.lastLogLines(10).stream().filter("ready"::equals).count() == 2);

        long secondPid = child.pid();
        child.process().toHandle().destroyForcibly();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> child.state() == ChildProcess.State.RUNNING && child.pid() != secondPid);
        assertThat(child.restarts())
                .as("supervised as before once started again")
                .isEqualTo(1);
    }

    @Test
    void killingAHeldChildUsesSigkillAndTheExitIsNotReportedAsACrash() throws Exception {
        Path order = dir.resolve("stopped");
        ChildProcess child = supervisor.start(ChildSpec.of("kafka", stopsInto(order, "kafka"), log("kafka")));
        await().atMost(Duration.ofSeconds(5)).until(() -> child.lastLogLines(1).contains("ready"));
        long pid = child.pid();

        String done = supervisor.hold("kafka", true);

        assertThat(done).isEqualTo("Killed kafka (pid " + pid + ") with SIGKILL");
        assertThat(child.process().exitValue()).isEqualTo(137);
        assertThat(order).as("no chance to stop cleanly").doesNotExist();
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> child.state() == ChildProcess.State.HELD && child.pid() == pid);
        assertThat(supervisor.hold("kafka", true)).isEqualTo("kafka is already held stopped");
        assertThat(messages())
                .noneMatch(report -> report.contains("exited unexpectedly") || report.startsWith("Restarting"));
    }

    @Test
    void holdingAChildThatWaitsForItsRestartCancelsTheRestart() throws Exception {
        supervisor.close();
        supervisor = new Supervisor(
                () -> new RestartBackoff(List.of(Duration.ofMillis(700)), Duration.ofMinutes(10)),
                changes::incrementAndGet);
        ChildProcess child = supervisor.start(ChildSpec.of("registry", List.of("sleep", "600"), log("registry")));
        long pid = child.pid();
        child.process().toHandle().destroyForcibly();
        await().atMost(Duration.ofSeconds(5)).until(() -> child.state() == ChildProcess.State.RESTARTING);

        assertThat(supervisor.hold("registry", false)).isEqualTo("registry (was RESTARTING) is held stopped");

        await().during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(3))
                .until(() -> child.state() == ChildProcess.State.HELD && child.pid() == pid);
        assertThat(child.restarts()).isZero();
    }

    @Test
    void aChildGivenUpOnCanBeStartedAgainWithAFreshBackoff() throws Exception {
        Path marker = dir.resolve("fail");
        ChildProcess child = supervisor.start(ChildSpec.of(
                "planner",
                List.of("bash", "-c", "if [ -e '" + marker + "' ]; then exit 3; fi; exec sleep 600"),
                log("planner")));
        java.nio.file.Files.createFile(marker);
        child.process().toHandle().destroyForcibly();
        await().atMost(Duration.ofSeconds(15)).until(() -> child.state() == ChildProcess.State.GAVE_UP);
        java.nio.file.Files.delete(marker);

        assertThat(supervisor.release("planner")).startsWith("Started planner (pid ");
        assertThat(child.state()).isEqualTo(ChildProcess.State.RUNNING);

        long pid = child.pid();
        child.process().toHandle().destroyForcibly();
        await("restarted again: the back-off starts afresh")
                .atMost(Duration.ofSeconds(10))
                .until(() -> child.state() == ChildProcess.State.RUNNING && child.pid() != pid);
    }

    @Test
    void aChildThatDoesNotComeUpWhenStartedAgainStaysHeldAndSaysWhy() throws Exception {
        Path marker = dir.resolve("broken");
        try (java.net.ServerSocket listening = new java.net.ServerSocket(0)) {
            ChildProcess child = supervisor.start(ChildSpec.of(
                            "registry",
                            List.of(
                                    "bash",
                                    "-c",
                                    "if [ -e '" + marker + "' ]; then echo 'database registry does not exist'; exit 1;"
                                            + " fi; exec sleep 600"),
                            log("registry"))
                    .withHealth(HealthCheck.tcp(listening.getLocalPort())));
            supervisor.hold("registry", false);
            java.nio.file.Files.createFile(marker);
            listening.close();

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> supervisor.release("registry"))
                    .isInstanceOf(java.io.IOException.class)
                    .hasMessageStartingWith("registry exited with exit code 1 during start-up; last lines of")
                    .hasMessageContaining("database registry does not exist")
                    .hasMessageEndingWith("registry stays held stopped.");
            await().during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(3))
                    .until(() -> child.state() == ChildProcess.State.HELD && !child.isAlive());
            assertThat(child.restarts()).isZero();
        }
    }

    @Test
    void startingARunningChildOrControllingAnUnknownOneChangesNothing() throws Exception {
        ChildProcess child = supervisor.start(ChildSpec.of("kafka", List.of("sleep", "600"), log("kafka")));
        supervisor.start(ChildSpec.of("registry", List.of("sleep", "600"), log("registry")));
        long pid = child.pid();

        assertThat(supervisor.release("kafka")).isEqualTo("kafka is already running (pid " + pid + ")");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> supervisor.hold("kafak", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown component 'kafak'; known: kafka, registry");
        assertThat(child.pid()).isEqualTo(pid);
        assertThat(child.state()).isEqualTo(ChildProcess.State.RUNNING);

        supervisor.close();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> supervisor.hold("kafka", false))
                .isInstanceOf(IllegalStateException.class);
    }

    private Path log(String name) {
        return dir.resolve(name + ".log");
    }

    private List<String> messages() {
        return reports.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
