package com.marketsync.infra;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * delay until it is healthy again, or given up on when the back-off's attempts are spent. On request a child is
 * stopped and held stopped ({@link #hold}: no restart) until it is started again ({@link #release}), so an outage of
 * a given length can be staged. {@link #close()} stops every child, newest first. The owner hears of every change (a
 * start, a restart, a new pid, a hold, giving up) so it can record the children's pids and states.
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
            if (closed || child.state() == ChildProcess.State.HELD) {
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
        Thread.ofVirtual().name("recover-" + child.name()).start(() -> recover(child, process));
    }

    /**
     * Whether a recovery that last saw {@code process} must end: the supervisor is closing, the child is held, or
     * someone else (a {@link #release}) started a new process of it meanwhile.
     */
    private boolean superseded(ChildProcess child, Process process) {
        return closed || child.state() == ChildProcess.State.HELD || child.process() != process;
    }

    private void recover(ChildProcess child, Process exited) {
        int exitCode = exited.exitValue();
        Process current = exited;
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
                    if (superseded(child, current)) {
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
                    if (superseded(child, current)) {
                        return;
                    }
                    child.relaunch();
                    current = child.process();
                }
                onChange.run();
                child.awaitReady();
            } catch (IOException e) {
                synchronized (this) {
                    if (superseded(child, current)) {
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

    /**
     * Stops a child on request and holds it stopped: it is not restarted (a restart pending after a failure is
     * cancelled) until {@link #release}. A clean stop uses the child's stop signal and grace; {@code kill} sends
     * SIGKILL at once, as a crash would. Returns when the process is gone, saying what was done (one sentence
     * without its full stop).
     *
     * @throws IllegalArgumentException if there is no child of that name
     * @throws IllegalStateException if the supervisor is closing
     */
    public String hold(String name, boolean kill) {
        ChildProcess child = known(name);
        Process process;
        ChildProcess.State before;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the stack is stopping");
            }
            before = child.state();
            if (before == ChildProcess.State.HELD) {
                return name + " is already held stopped";
            }
            child.state(ChildProcess.State.HELD);
            process = child.process();
        }
        onChange.run();
        boolean wasAlive = process.isAlive();
        long started = System.nanoTime();
        if (kill) {
            child.kill();
        } else {
            child.terminate();
        }
        onChange.run();
        String done;
        if (!wasAlive) {
            done = String.format("%s (was %s) is held stopped", name, before);
        } else if (kill) {
            done = String.format("Killed %s (pid %d) with SIGKILL", name, process.pid());
        } else {
            done = String.format(
                    Locale.ROOT,
                    "Stopped %s (pid %d) with SIG%s in %.1f s%s",
                    name,
                    process.pid(),
                    child.spec().stopSignal(),
                    (System.nanoTime() - started) / 1e9,
                    !process.isAlive() && process.exitValue() == 137
                            ? " (killed with SIGKILL after its grace period)"
                            : "");
        }
        log.info("{} on request; it is not restarted until it is started again", done);
        return done;
    }

    /**
     * Starts a child held by {@link #hold} (or given up on) again with its usual spec and waits until it is ready;
     * from then on it is supervised as before, with a fresh back-off. This is not a restart after a failure: the
     * child's restart count stays as it was. A child that fails to become ready is stopped and stays held. Returns
     * what was done (one sentence without its full stop).
     *
     * @throws IllegalArgumentException if there is no child of that name
     * @throws IllegalStateException if the supervisor is closing
     * @throws IOException if the child did not become ready (with the reason and the last lines of its log)
     */
    public String release(String name) throws IOException {
        ChildProcess child = known(name);
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the stack is stopping");
            }
            switch (child.state()) {
                case HELD, GAVE_UP -> {
                    child.startAgain();
                    backoff.put(child, backoffs.get());
                }
                case RUNNING -> {
                    return name + " is already running (pid " + child.pid() + ")";
                }
                default -> {
                    return name + " is already being started (" + child.state() + ")";
                }
            }
        }
        onChange.run();
        log.info("Starting {} on request (pid {})", name, child.pid());
        long started = System.nanoTime();
        Process process = child.process();
        try {
            child.awaitReady();
        } catch (IOException e) {
            synchronized (this) {
                if (closed || child.process() != process) {
                    throw e;
                }
                child.state(ChildProcess.State.HELD);
            }
            child.kill();
            onChange.run();
            log.warn("{} did not start on request: {}", name, e.getMessage());
            throw new IOException(e.getMessage() + System.lineSeparator() + name + " stays held stopped.", e);
        }
        watch(child);
        String done = String.format(
                "Started %s (pid %d): ready after %d s",
                name, child.pid(), (System.nanoTime() - started) / 1_000_000_000);
        log.info("{}", done);
        return done;
    }

    private ChildProcess known(String name) {
        return child(name)
                .orElseThrow(() -> new IllegalArgumentException("Unknown component '" + name + "'; known: "
                        + String.join(
                                ", ", children.stream().map(ChildProcess::name).toList())));
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
