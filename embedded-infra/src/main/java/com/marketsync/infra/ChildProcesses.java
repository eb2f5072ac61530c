package com.marketsync.infra;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/** Waits for child processes to become ready, and stops them: politely first, forcibly after a grace period. */
public final class ChildProcesses {

    private ChildProcesses() {}

    /**
     * Polls {@code url} until it answers 200, failing early if the process exits.
     *
     * @param name how errors name the process
     * @param logFile where errors point for details
     */
    public static void awaitHttpOk(Process process, URI url, Duration timeout, String name, Path logFile)
            throws IOException {
        HealthCheck check = HealthCheck.http(url);
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException(
                        name + " exited with " + ChildProcess.describeExit(process.exitValue()) + "; see " + logFile);
            }
            if (check.healthy()) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
            if (Thread.currentThread().isInterrupted()) {
                throw new IOException("Interrupted while waiting for " + name);
            }
        }
        throw new IOException(name + " not ready after " + timeout + "; see " + logFile);
    }

    /** Stops a process with SIGTERM, and SIGKILL after {@code grace}. */
    public static void stop(Process process, Duration grace) {
        stop(process.toHandle(), ChildSpec.StopSignal.TERM, grace);
    }

    /**
     * Stops a process and its descendants: {@code signal} first, SIGKILL to whatever is left after {@code grace},
     * then waits (up to 10 s more) until they are gone.
     */
    public static void stop(ProcessHandle process, ChildSpec.StopSignal signal, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        if (!grace.isZero()) {
            signal(process, signal);
            if (signal == ChildSpec.StopSignal.TERM) {
                descendants.forEach(ProcessHandle::destroy);
            }
            awaitExit(process, grace);
        }
        if (process.isAlive()) {
            process.destroyForcibly();
            awaitExit(process, Duration.ofSeconds(10));
        }
        // a server's workers (PostgreSQL's backends) end with it; whatever is left after a moment is killed
        for (ProcessHandle descendant : descendants) {
            if (descendant.isAlive() && !awaitExit(descendant, Duration.ofSeconds(2))) {
                descendant.destroyForcibly();
                awaitExit(descendant, Duration.ofSeconds(5));
            }
        }
    }

    /** Sends SIGTERM or SIGINT to a process. */
    public static void signal(ProcessHandle process, ChildSpec.StopSignal signal) {
        if (signal == ChildSpec.StopSignal.TERM) {
            process.destroy();
            return;
        }
        // ProcessHandle only knows SIGTERM and SIGKILL
        try {
            new ProcessBuilder("kill", "-s", signal.name(), Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the process ended within {@code timeout}. */
    static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException stillRunning) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
