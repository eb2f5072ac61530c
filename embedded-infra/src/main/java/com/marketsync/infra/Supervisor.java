package com.marketsync.infra;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts child processes, watches them, and starts a child that exits unexpectedly again with back-off: the exit is
 * reported at once (name, exit code, last log lines), then the child is restarted after its {@link RestartBackoff}
 * delay until it is healthy again, or given up on when the back-off's attempts are spent. {@link #close()} stops
 * every child, newest first. The owner hears of every change (a start, a restart, a new pid, giving up) so it can
 * record the children's pids and states.
 */
public final class Supervisor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);
    private static final int REPORTED_LOG_LINES = 10;
    // a child that exits because the whole process group got Ctrl-C may go a moment before our own shutdown begins
    private static final Duration SHUTDOWN_SETTLE = Duration.ofMillis(300);

    private final Supplier<RestartBackoff> backoffs;
    private final Runnable onChange;
    private final Clock clock;
    private final List<ChildProcess> children = new CopyOnWriteArrayList<>();
    private final Map<ChildProcess, RestartBackoff> backoff = new ConcurrentHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private boolean closed;

    /**
     * @param backoffs a fresh back-off for each child
     * @param onChange called (from any thread) whenever a child's process, state or restart count changed
     */
    public Supervisor(Supplier<RestartBackoff> backoffs, Runnable onChange) {
        this(backoffs, onChange, Clock.systemUTC());
    }

    Supervisor(Supplier<RestartBackoff> backoffs, Runnable onChange, Clock clock) {
        this.backoffs = backoffs;
        this.onChange = onChange;
        this.clock = clock;
    }

    /** Starts a child and waits until it is ready; from then on it is restarted when it exits. */
    public ChildProcess start(ChildSpec spec) throws IOException {
        ChildProcess child = launch(spec);
        awaitReady(child);
        return child;
    }

    /** Starts a child without waiting; {@link #awaitReady} waits and begins watching it. */
    public ChildProcess launch(ChildSpec spec) throws IOException {
        ChildProcess child;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("stopped");
            }
            child = ChildProcess.start(spec);
            children.add(child);
            backoff.put(child, backoffs.get());
        }
        onChange.run();
        return child;
    }

    /**
     * Waits until a launched child is ready (failing as {@link ChildProcess#awaitReady()} does: an exit during
     * start-up is not restarted but reported to the caller), then watches it.
     */
    public void awaitReady(ChildProcess child) throws IOException {
        child.awaitReady();
        watch(child);
    }

    private void watch(ChildProcess child) {
        Process process;
        synchronized (this) {
            if (closed) {
                return;
            }
            child.state(ChildProcess.State.RUNNING);
            process = child.process();
        }
        onChange.run();
        // runs at once if the process has already ended
        process.onExit().thenRun(() -> exited(child, process));
    }

    private void exited(ChildProcess child, Process process) {
        synchronized (this) {
            if (closed || child.process() != process || child.state() != ChildProcess.State.RUNNING) {
                return;
            }
            child.state(ChildProcess.State.RESTARTING);
        }
        Thread.ofVirtual().name("recover-" + child.name()).start(() -> recover(child, process.exitValue()));
    }

    private void recover(ChildProcess child, int exitCode) {
        if (awaitClosing(SHUTDOWN_SETTLE)) {
            return;
        }
        onChange.run();
        log.warn(
                "{} exited unexpectedly with {}; last lines of {}:{}{}",
                child.name(),
                ChildProcess.describeExit(exitCode),
                child.spec().logFile(),
                System.lineSeparator(),
                ChildProcess.indented(child.lastLogLines(REPORTED_LOG_LINES)));
        RestartBackoff policy = backoff.get(child);
        String lastFailure = ChildProcess.describeExit(exitCode);
        while (true) {
            Optional<Duration> delay = policy.next(clock.instant());
            if (delay.isEmpty()) {
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    child.state(ChildProcess.State.GAVE_UP);
                }
                onChange.run();
                log.error(
                        "Gave up on {}: it failed {} times within {} min (last: {}); see {}",
                        child.name(),
                        policy.maxAttempts() + 1,
                        policy.window().toMinutes(),
                        lastFailure,
                        child.spec().logFile());
                return;
            }
            log.warn(
                    "Restarting {} in {} s (attempt {} of {})",
                    child.name(),
                    delay.get().toSeconds(),
                    policy.attempts(),
                    policy.maxAttempts());
            if (awaitClosing(delay.get())) {
                return;
            }
            try {
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    child.relaunch();
                }
                onChange.run();
                child.awaitReady();
            } catch (IOException e) {
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    child.state(ChildProcess.State.RESTARTING);
                }
                child.kill();
                onChange.run();
                lastFailure = e.getMessage().lines().findFirst().orElse("failed");
                log.warn("{} did not come back: {}", child.name(), e.getMessage());
                continue;
            }
            log.info("{} is back (pid {}, restart {})", child.name(), child.pid(), child.restarts());
            watch(child);
            return;
        }
    }

    /** Waits up to {@code time}; true if the supervisor is closing meanwhile. */
    private boolean awaitClosing(Duration time) {
        try {
            return closing.await(time.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Every child started, in start order. */
    public List<ChildProcess> children() {
        return List.copyOf(children);
    }

    public Optional<ChildProcess> child(String name) {
        return children.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** Stops every child, newest first; none is restarted any more. */
    @Override
    public void close() {
        List<ChildProcess> toStop;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closing.countDown();
            toStop = new ArrayList<>(children).reversed();
        }
        for (ChildProcess child : toStop) {
            try {
                child.stop();
            } catch (RuntimeException e) {
                log.warn("Stopping {} failed: {}", child.name(), e.getMessage());
            }
        }
        onChange.run();
    }
}
