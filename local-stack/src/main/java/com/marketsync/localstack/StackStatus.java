package com.marketsync.localstack;

import com.marketsync.infra.ChildProcess;
import com.marketsync.infra.HealthCheck;
import com.marketsync.infra.RunLock;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

/**
 * {@code ./run-local --status}: reads the running stack's lock file and probes each component again (HTTP health
 * of the services and the registry, {@code SELECT 1} on PostgreSQL, a TCP connection to Kafka). A component held
 * stopped by {@code --stop} shows as {@code HELD}, without a pid.
 */
final class StackStatus {

    static final int HEALTHY = 0;
    static final int NOT_RUNNING = 1;
    static final int UNHEALTHY = 3;

    private StackStatus() {}

    /** Prints the status of the stack whose data lives in {@code dataDir}; returns the exit code. */
    static int print(Path dataDir, PrintStream out) throws IOException {
        RunLock lock = RunLock.in(dataDir);
        List<RunLock.Entry> entries = lock.read();
        Optional<RunLock.Entry> launcher = lock.liveLauncher();
        if (launcher.isEmpty()) {
            List<String> left = entries.stream()
                    .filter(e -> !e.name().equals(RunLock.LAUNCHER) && e.isRunning())
                    .map(e -> e.name() + " (pid " + e.pid() + ")")
                    .toList();
            out.println("market-sync is not running from " + dataDir.toAbsolutePath() + ".");
            if (!entries.isEmpty()) {
                out.println("Its last run ended without stopping cleanly"
                        + (left.isEmpty()
                                ? "; nothing of it runs any more."
                                : "; still running: " + String.join(", ", left)
                                        + ". The next ./run-local stops them."));
            }
            return NOT_RUNNING;
        }
        List<RunLock.Entry> components =
                entries.stream().filter(e -> !e.name().equals(RunLock.LAUNCHER)).toList();
        List<String> health;
        try (var probes = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<String>> checks = components.stream()
                    .map(e -> CompletableFuture.supplyAsync(() -> health(e), probes))
                    .toList();
            health = checks.stream().map(CompletableFuture::join).toList();
        }
        out.printf(
                "market-sync is running from %s (launcher pid %d, started %s)%n%n",
                dataDir.toAbsolutePath(),
                launcher.get().pid(),
                time(launcher.get().startedMillis()));
        out.printf(
                "  %-18s %-8s %-6s %-7s %-11s %-9s %s%n",
                "component", "pid", "port", "health", "state", "restarts", "log");
        boolean allHealthy = true;
        List<String> held = new ArrayList<>();
        for (int i = 0; i < components.size(); i++) {
            RunLock.Entry entry = components.get(i);
            // a child waiting for its restart (or given up on) has no live process; one RUNNING without one just died
            String state = entry.isRunning() || !entry.state().equals(ChildProcess.State.RUNNING.name())
                    ? entry.state()
                    : "EXITED";
            allHealthy &= !health.get(i).equals("DOWN") && state.equals(ChildProcess.State.RUNNING.name());
            boolean isHeld = state.equals(ChildProcess.State.HELD.name());
            if (isHeld) {
                held.add(entry.name());
            }
            out.printf(
                    "  %-18s %-8s %-6s %-7s %-11s %-9d %s%n",
                    entry.name(),
                    isHeld && !entry.isRunning() ? "-" : Long.toString(entry.pid()),
                    entry.port() == 0 ? "-" : Integer.toString(entry.port()),
                    health.get(i),
                    state,
                    entry.restarts(),
                    entry.log());
        }
        if (!held.isEmpty()) {
            out.printf(
                    "%nHeld stopped by --stop (not restarted): %s; ./run-local --start <component> starts one again.%n",
                    String.join(", ", held));
        }
        return allHealthy ? HEALTHY : UNHEALTHY;
    }

    /** UP or DOWN as its health check answers now; {@code -} for a component without one. */
    private static String health(RunLock.Entry entry) {
        HealthCheck check = HealthCheck.parse(entry.health());
        if (check instanceof HealthCheck.Alive) {
            return entry.isRunning() ? "-" : "DOWN";
        }
        return check.healthy() ? "UP" : "DOWN";
    }

    private static String time(long epochMillis) {
        return LocalTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneId.systemDefault())
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
    }
}
