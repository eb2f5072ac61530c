package com.marketsync.infra;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One child process run from a {@link ChildSpec}: started, awaited until ready, stopped, started again by a
 * {@link Supervisor} when it exits unexpectedly, or held stopped on request. Its stdout and stderr go to the spec's
 * log file.
 */
public final class ChildProcess {

    /** Where a child is in its life. */
    public enum State {
        STARTING,
        RUNNING,
        RESTARTING,
        GAVE_UP,
        /** Stopped on request ({@link Supervisor#hold}): not restarted until {@link Supervisor#release}. */
        HELD,
        STOPPED
    }

    private static final int TAIL_BYTES = 16 * 1024;
    private static final File NO_INPUT = new File("/dev/null");

    private final ChildSpec spec;
    private volatile Process process;
    private volatile long startedMillis;
    private volatile State state = State.STARTING;
    private volatile int restarts;

    private ChildProcess(ChildSpec spec) {
        this.spec = spec;
    }

    /** Starts the child (a fresh log file); it is not yet known to be ready. */
    public static ChildProcess start(ChildSpec spec) throws IOException {
        ChildProcess child = new ChildProcess(spec);
        child.launch(false);
        return child;
    }

    /** Starts the child again after it exited, appending to its log so the reason for the exit stays readable. */
    synchronized void relaunch() throws IOException {
        restarts++;
        startAgain();
    }

    /** Starts the child again on request (not a restart after a failure), appending to its log. */
    synchronized void startAgain() throws IOException {
        state = State.STARTING;
        launch(true);
    }

    private void launch(boolean append) throws IOException {
        Path logFile = spec.logFile().toAbsolutePath();
        Files.createDirectories(logFile.getParent());
        ProcessBuilder builder = new ProcessBuilder(spec.command())
                .redirectErrorStream(true)
                .redirectOutput(
                        append
                                ? ProcessBuilder.Redirect.appendTo(logFile.toFile())
                                : ProcessBuilder.Redirect.to(logFile.toFile()));
        if (NO_INPUT.exists()) {
            builder.redirectInput(NO_INPUT);
        }
        if (spec.workDir() != null) {
            builder.directory(spec.workDir().toFile());
        }
        Process started = builder.start();
        startedMillis = RunLock.startTimeOf(started.toHandle());
        process = started;
    }

    /**
     * Waits until the spec's health check passes, failing early (with the exit code and the last lines of the log)
     * if the process exits, or after the spec's start timeout.
     */
    public void awaitReady() throws IOException {
        Process current = process;
        Instant deadline = Instant.now().plus(spec.startTimeout());
        while (Instant.now().isBefore(deadline)) {
            if (!current.isAlive()) {
                throw new IOException(String.format(
                        "%s exited with %s during start-up; last lines of %s:%n%s",
                        spec.name(), describeExit(current.exitValue()), spec.logFile(), indented(lastLogLines(15))));
            }
            if (spec.health().healthy() && current.isAlive()) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
            if (Thread.currentThread().isInterrupted()) {
                throw new IOException("Interrupted while waiting for " + spec.name());
            }
        }
        throw new IOException(String.format(
                "%s not ready after %d s; last lines of %s:%n%s",
                spec.name(), spec.startTimeout().toSeconds(), spec.logFile(), indented(lastLogLines(15))));
    }

    /** Stops the child: its stop signal first, SIGKILL after the grace period. It is not restarted. */
    public void stop() {
        state = State.STOPPED;
        Process current = process;
        if (current != null) {
            ChildProcesses.stop(current.toHandle(), spec.stopSignal(), spec.stopGrace());
        }
    }

    /** Kills the current process with SIGKILL and waits until it is gone, without changing the state. */
    void kill() {
        Process current = process;
        if (current != null) {
            ChildProcesses.stop(current.toHandle(), spec.stopSignal(), Duration.ZERO);
        }
    }

    /** Stops the current process as {@link #stop()} does (its signal, SIGKILL after the grace), keeping the state. */
    void terminate() {
        Process current = process;
        if (current != null) {
            ChildProcesses.stop(current.toHandle(), spec.stopSignal(), spec.stopGrace());
        }
    }

    public ChildSpec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    /** The current process (a new one after each restart). */
    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    /**
     * When the current process started (epoch millis; 0 if unknown), taken at its start so the run's lock file still
     * tells it apart from a later process with the same pid after it ended.
     */
    public long startedMillis() {
        return startedMillis;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public State state() {
        return state;
    }

    void state(State newState) {
        state = newState;
    }

    /** How often the child was started again after an unexpected exit. */
    public int restarts() {
        return restarts;
    }

    /** The last lines of the child's log (fewer if the log is shorter). */
    public List<String> lastLogLines(int lines) {
        return lastLines(spec.logFile(), lines);
    }

    static List<String> lastLines(Path file, int lines) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            long from = Math.max(0, length - TAIL_BYTES);
            byte[] tail = new byte[(int) (length - from)];
            in.seek(from);
            in.readFully(tail);
            List<String> all = Arrays.asList(
                    new String(tail, StandardCharsets.UTF_8).stripTrailing().split("\r?\n"));
            // the first line may be cut in the middle when the file is longer than the tail read
            int first = Math.max(from > 0 ? 1 : 0, all.size() - lines);
            return List.copyOf(all.subList(Math.min(first, all.size()), all.size()));
        } catch (IOException unreadable) {
            return List.of();
        }
    }

    static String indented(List<String> lines) {
        return lines.isEmpty() ? "    (empty)" : "    " + String.join(System.lineSeparator() + "    ", lines);
    }

    /** {@code exit code 1}, or {@code exit code 137 (killed by SIGKILL)} for a process ended by a signal. */
    public static String describeExit(int code) {
        if (code > 128 && code < 128 + 32) {
            return "exit code " + code + " (killed by " + signalName(code - 128) + ")";
        }
        return "exit code " + code;
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 1 -> "SIGHUP";
            case 2 -> "SIGINT";
            case 3 -> "SIGQUIT";
            case 6 -> "SIGABRT";
            case 9 -> "SIGKILL";
            case 11 -> "SIGSEGV";
            case 15 -> "SIGTERM";
            default -> "signal " + signal;
        };
    }

    @Override
    public String toString() {
        Process current = process;
        return spec.name() + (current == null ? "" : " (pid " + current.pid() + ")");
    }
}
