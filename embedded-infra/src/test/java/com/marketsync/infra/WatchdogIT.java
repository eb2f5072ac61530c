package com.marketsync.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watchdog against real processes: a stand-in launcher, its children and the lock file. */
class WatchdogIT {

    @TempDir
    Path dataDir;

    private final List<Process> started = new ArrayList<>();
    private ChildProcess watchdog;

    @AfterEach
    void stopProcesses() {
        if (watchdog != null) {
            watchdog.stop();
        }
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void stopsEveryListedProcessWithinSecondsWhenTheLauncherIsKilled() throws Exception {
        Process launcher = sleeper();
        Process server = sleeper();
        Process stubborn = start("bash", "-c", "trap '' TERM INT; while true; do sleep 0.2; done");
        RunLock lock = RunLock.in(dataDir);
        lock.write(List.of(
                entry(RunLock.LAUNCHER, launcher, ChildSpec.StopSignal.TERM),
                entry("postgresql", server, ChildSpec.StopSignal.INT),
                entry("registry", stubborn, ChildSpec.StopSignal.TERM)));
        watchdog = ChildProcess.start(Watchdog.spec(launcher.pid(), lock.file(), dataDir.resolve("watchdog.log")));

        launcher.destroyForcibly();

        await().atMost(Duration.ofSeconds(10)).until(() -> !server.isAlive() && !stubborn.isAlive());
        await().atMost(Duration.ofSeconds(5)).until(() -> !watchdog.isAlive());
        assertThat(Files.exists(lock.file()))
                .as("the lock file of the stopped run")
                .isFalse();
        assertThat(Files.readString(dataDir.resolve("watchdog.log")))
                .contains("stopping postgresql (pid " + server.pid() + ") with SIGINT")
                .contains("killing pid " + stubborn.pid());
    }

    @Test
    void leavesEverythingAloneWhenTheLauncherStoppedCleanly() throws Exception {
        Process launcher = sleeper();
        Process child = sleeper();
        RunLock lock = RunLock.in(dataDir);
        lock.write(List.of(
                entry(RunLock.LAUNCHER, launcher, ChildSpec.StopSignal.TERM),
                entry("kafka", child, ChildSpec.StopSignal.TERM)));
        watchdog = ChildProcess.start(Watchdog.spec(launcher.pid(), lock.file(), dataDir.resolve("watchdog.log")));

        lock.delete();
        launcher.destroy();

        await().atMost(Duration.ofSeconds(10)).until(() -> !watchdog.isAlive());
        assertThat(child.isAlive()).isTrue();
    }

    @Test
    void ctrlCAndAClosedTerminalDoNotStopIt() throws Exception {
        Process launcher = sleeper();
        Process child = sleeper();
        RunLock lock = RunLock.in(dataDir);
        lock.write(List.of(
                entry(RunLock.LAUNCHER, launcher, ChildSpec.StopSignal.TERM),
                entry("kafka", child, ChildSpec.StopSignal.TERM)));
        watchdog = ChildProcess.start(Watchdog.spec(launcher.pid(), lock.file(), dataDir.resolve("watchdog.log")));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> watchdog.process().descendants().findAny().isPresent());

        kill("-INT", watchdog.pid());
        kill("-HUP", watchdog.pid());
        launcher.destroyForcibly();

        await().atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());
    }

    @Test
    void neverStopsAProcessThatMerelyReusedARecordedPid() throws Exception {
        Process launcher = sleeper();
        Process unrelated = sleeper();
        RunLock lock = RunLock.in(dataDir);
        lock.write(List.of(
                entry(RunLock.LAUNCHER, launcher, ChildSpec.StopSignal.TERM),
                new RunLock.Entry(
                        "kafka",
                        unrelated.pid(),
                        RunLock.startTimeOf(unrelated.toHandle()) - 3_600_000,
                        ChildSpec.StopSignal.TERM,
                        0,
                        "-",
                        "RUNNING",
                        0,
                        "-")));
        watchdog = ChildProcess.start(Watchdog.spec(launcher.pid(), lock.file(), dataDir.resolve("watchdog.log")));

        launcher.destroyForcibly();

        await().atMost(Duration.ofSeconds(10)).until(() -> !watchdog.isAlive());
        assertThat(unrelated.isAlive()).isTrue();
    }

    private static RunLock.Entry entry(String name, Process process, ChildSpec.StopSignal signal) {
        return RunLock.Entry.of(name, process.toHandle(), signal, 0, "-", "RUNNING", 0, "-");
    }

    private Process sleeper() throws IOException {
        return start("sleep", "600");
    }

    private Process start(String... command) throws IOException {
        Process process = new ProcessBuilder(command).start();
        started.add(process);
        return process;
    }

    private static void kill(String signal, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", signal, Long.toString(pid))
                        .start()
                        .waitFor())
                .isZero();
    }
}
