package com.marketsync.infra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What to run as one child process: its command, where its output goes, the port it serves, how to tell that it is
 * ready and healthy, and how to stop it.
 *
 * @param name how reports, the run's lock file and {@code --status} name it
 * @param command the program and its arguments
 * @param workDir working directory, or {@code null} for the parent's
 * @param logFile receives stdout and stderr (truncated on the first start, appended to on restarts)
 * @param port the port it serves, 0 for none
 * @param health readiness at start-up and health afterwards
 * @param startTimeout how long it may take to become ready
 * @param stopSignal the signal that asks it to stop (PostgreSQL's fast shutdown is SIGINT; SIGTERM waits for clients)
 * @param stopGrace how long it may take to stop before it is killed
 */
public record ChildSpec(
        String name,
        List<String> command,
        Path workDir,
        Path logFile,
        int port,
        HealthCheck health,
        Duration startTimeout,
        StopSignal stopSignal,
        Duration stopGrace) {

    /** The signal a child is asked to stop with. */
    public enum StopSignal {
        TERM,
        INT
    }

    public ChildSpec {
        Objects.requireNonNull(name, "name");
        command = List.copyOf(command);
        Objects.requireNonNull(logFile, "logFile");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(stopSignal, "stopSignal");
        Objects.requireNonNull(stopGrace, "stopGrace");
    }

    /** A child without port that is ready as soon as it runs, stopped with SIGTERM and 20 s of grace. */
    public static ChildSpec of(String name, List<String> command, Path logFile) {
        return new ChildSpec(
                name,
                command,
                null,
                logFile,
                0,
                HealthCheck.alive(),
                Duration.ofMinutes(3),
                StopSignal.TERM,
                Duration.ofSeconds(20));
    }

    public ChildSpec withWorkDir(Path dir) {
        return new ChildSpec(name, command, dir, logFile, port, health, startTimeout, stopSignal, stopGrace);
    }

    public ChildSpec withPort(int servedPort) {
        return new ChildSpec(name, command, workDir, logFile, servedPort, health, startTimeout, stopSignal, stopGrace);
    }

    public ChildSpec withHealth(HealthCheck check) {
        return new ChildSpec(name, command, workDir, logFile, port, check, startTimeout, stopSignal, stopGrace);
    }

    public ChildSpec withStartTimeout(Duration timeout) {
        return new ChildSpec(name, command, workDir, logFile, port, health, timeout, stopSignal, stopGrace);
    }

    public ChildSpec withStop(StopSignal signal, Duration grace) {
        return new ChildSpec(name, command, workDir, logFile, port, health, startTimeout, signal, grace);
    }
}
