package com.marketsync.localstack;

import com.marketsync.infra.RunControl;
import com.marketsync.infra.RunLock;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code ./run-local --stop <component> [--kill]} and {@code ./run-local --start <component>}: asks the launcher of
 * the running stack (found through its lock file, as {@code --status} finds it) to stop one of its components and
 * hold it stopped, or to start it again, through the run's control directory, and prints its answer.
 */
final class StackControl {

    static final int DONE = 0;
    static final int NOT_RUNNING_OR_FAILED = 1;
    static final int UNKNOWN_COMPONENT = 2;

    /** Long enough for the slowest start (a service may take up to 3 minutes) or stop. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(5);

    private StackControl() {}

    /** Sends the request to the stack whose data lives in {@code dataDir}; returns the exit code. */
    static int run(Path dataDir, RunControl.Request request, PrintStream out, PrintStream err) throws IOException {
        RunLock lock = RunLock.in(dataDir);
        Optional<RunLock.Entry> launcher = lock.liveLauncher();
        if (launcher.isEmpty()) {
            err.printf(
                    "market-sync is not running from %s: nothing to %s.%n",
                    dataDir.toAbsolutePath(), request.action().name().toLowerCase(Locale.ROOT));
            return NOT_RUNNING_OR_FAILED;
        }
        List<String> components = components(lock.read());
        if (!components.contains(request.component())) {
            err.println(unknown(request.component(), components));
            return UNKNOWN_COMPONENT;
        }
        RunControl.Reply reply = RunControl.in(dataDir)
                .send(request, ANSWER_TIMEOUT, () -> launcher.get().isRunning());
        (reply.done() ? out : err).println(reply.message());
        return reply.done() ? DONE : NOT_RUNNING_OR_FAILED;
    }

    /** The components of a run that can be stopped and started: every child but the watchdog. */
    static List<String> components(List<RunLock.Entry> entries) {
        return entries.stream()
                .map(RunLock.Entry::name)
                .filter(name -> !name.equals(RunLock.LAUNCHER) && !name.equals(RunLock.WATCHDOG))
                .toList();
    }

    static String unknown(String component, List<String> components) {
        return "Unknown component '" + component + "'; --stop and --start know " + String.join(", ", components);
    }
}
