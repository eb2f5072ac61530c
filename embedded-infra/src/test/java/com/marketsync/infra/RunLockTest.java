package com.marketsync.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's lock file: what it records, live and dead runs, leftovers, reused pids. */
class RunLockTest {

    @TempDir
    Path dataDir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopProcesses() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void readsBackWhatItWrote() throws IOException {
        RunLock lock = RunLock.in(dataDir);
        RunLock.Entry postgres = new RunLock.Entry(
                "postgresql",
                4242,
                1_764_000_000_000L,
                ChildSpec.StopSignal.INT,
                15432,
                "postgresql://127.0.0.1:15432",
                "RUNNING",
                2,
                "/data/logs/postgresql.log");

        lock.write(List.of(launcherEntry(ProcessHandle.current()), postgres));

        assertThat(lock.file()).isEqualTo(dataDir.resolve("run.lock"));
        assertThat(lock.read()).containsExactly(launcherEntry(ProcessHandle.current()), postgres);
        lock.delete();
        assertThat(lock.read()).isEmpty();
    }

    @Test
    void aRunWhoseLauncherStillRunsIsAlive() throws IOException {
        RunLock lock = RunLock.in(dataDir);
        lock.write(List.of(launcherEntry(ProcessHandle.current())));

        assertThat(lock.liveLauncher())
                .map(RunLock.Entry::pid)
                .contains(ProcessHandle.current().pid());
        assertThatThrownBy(() -> lock.stopLeftovers(Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("still running");
    }

    @Test
    void aRunWhoseLauncherEndedIsDeadAndItsLeftoversAreStopped() throws Exception {
        Process launcher = start("true");
        launcher.waitFor();
        Process child = start("sleep", "600");
        RunLock lock = RunLock.in(dataDir);
        lock.write(List.of(
                launcherEntry(launcher.toHandle()),
                RunLock.Entry.of("kafka", child.toHandle(), ChildSpec.StopSignal.TERM, 9092, "-", "RUNNING", 0, "-")));

        assertThat(lock.liveLauncher()).isEmpty();
        List<RunLock.Entry> stopped = lock.stopLeftovers(Duration.ofSeconds(5));

        assertThat(stopped).extracting(RunLock.Entry::name).containsExactly("kafka");
        assertThat(child.isAlive()).isFalse();
        assertThat(Files.exists(lock.file())).as("the lock file is gone").isFalse();
    }

    @Test
    void aPidNowUsedByAnotherProcessIsNeverTouched() throws Exception {
        Process launcher = start("true");
        launcher.waitFor();
        Process unrelated = start("sleep", "600");
        long recordedStart = RunLock.startTimeOf(unrelated.toHandle()) - 60_000;
        RunLock lock = RunLock.in(dataDir);
        lock.write(List.of(
                launcherEntry(launcher.toHandle()),
                new RunLock.Entry(
                        "registry",
                        unrelated.pid(),
                        recordedStart,
                        ChildSpec.StopSignal.TERM,
                        8081,
                        "-",
                        "RUNNING",
                        0,
                        "-")));

        assertThat(lock.stopLeftovers(Duration.ofSeconds(5))).isEmpty();
        assertThat(unrelated.isAlive())
                .as("same pid, other start time: not the recorded process")
                .isTrue();
        lock.write(List.of(new RunLock.Entry(
                RunLock.LAUNCHER,
                ProcessHandle.current().pid(),
                RunLock.startTimeOf(ProcessHandle.current()) - 60_000,
                ChildSpec.StopSignal.TERM,
                0,
                "-",
                "RUNNING",
                0,
                "-")));
        assertThat(lock.liveLauncher())
                .as("a launcher pid reused by another process")
                .isEmpty();
    }

    @Test
    void ignoresLinesItCannotRead() throws IOException {
        RunLock lock = RunLock.in(dataDir);
        Files.writeString(
                lock.file(),
                "# comment\n\nkafka\tnot-a-pid\n"
                        + launcherEntry(ProcessHandle.current()).line());

        assertThat(lock.read()).containsExactly(launcherEntry(ProcessHandle.current()));
    }

    @Test
    void theEntryOfAChildThatEndedKeepsItsStartTimeSoAReusedPidNeverMatchesIt() throws Exception {
        ChildProcess child =
                ChildProcess.start(ChildSpec.of("kafka", List.of("sleep", "0.3"), dataDir.resolve("kafka.log")));
        long startedWhileAlive = child.startedMillis();
        child.process().waitFor();

        RunLock.Entry entry = RunLock.Entry.of(child);

        assertThat(startedWhileAlive).isPositive();
        assertThat(entry.pid()).isEqualTo(child.pid());
        assertThat(entry.startedMillis())
                .as("start time 0 would match any process that gets the pid next")
                .isEqualTo(startedWhileAlive);
        assertThat(entry.isRunning()).isFalse();
    }

    private static RunLock.Entry launcherEntry(ProcessHandle process) {
        return RunLock.Entry.of(RunLock.LAUNCHER, process, ChildSpec.StopSignal.TERM, 0, "-", "RUNNING", 0, "-");
    }

    private Process start(String... command) throws IOException {
        Process process = new ProcessBuilder(command).start();
        started.add(process);
        return process;
    }
}
