package com.marketsync.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lock file of a run of child processes ({@code run.lock} in the data directory): one line per process — the
 * launcher itself, its watchdog and every child — with pid, start time, stop signal, port, health check, state,
 * restarts and log file. It exists while the run lasts and is deleted when the run stops cleanly, so a file whose
 * launcher is gone marks a run that ended without stopping its children: the next start (or the {@link Watchdog})
 * stops whatever it lists that still runs. A pid counts as the recorded process only if its start time matches,
 * so a pid reused by an unrelated process is never touched. Written atomically (a new file moved into place).
 */
public final class RunLock {

    public static final String FILE = "run.lock";
    public static final String LAUNCHER = "launcher";
    public static final String WATCHDOG = "watchdog";

    private static final long START_TOLERANCE_MILLIS = 2000;
    private static final String HEADER = """
            # The processes of a running local stack, read by its watchdog, by the next start and by --status.
            # Deleted when the stack stops cleanly; if it remains while its launcher is gone, the next start stops
            # what it lists. Columns: name pid started-ms stop-signal port health state restarts log
            """;

    private final Path file;

    private RunLock(Path file) {
        this.file = file;
    }

    /** The lock file of the run whose data lives in {@code dataDir}. */
    public static RunLock in(Path dataDir) {
        return new RunLock(dataDir.toAbsolutePath().resolve(FILE));
    }

    public Path file() {
        return file;
    }

    /**
     * One process of a run.
     *
     * @param startedMillis the process's start time (epoch millis), telling it apart from a later one with its pid
     * @param port the port it serves, 0 for none
     * @param health its {@link HealthCheck#target()}
     */
    public record Entry(
            String name,
            long pid,
            long startedMillis,
            ChildSpec.StopSignal stopSignal,
            int port,
            String health,
            String state,
            int restarts,
            String log) {

        /** The entry of a running process. */
        public static Entry of(
                String name,
                ProcessHandle process,
                ChildSpec.StopSignal stopSignal,
                int port,
                String health,
                String state,
                int restarts,
                String log) {
            return new Entry(name, process.pid(), startTimeOf(process), stopSignal, port, health, state, restarts, log);
        }

        /**
         * The entry of a supervised child, as it is now; with the start time taken when its process started, so an
         * ended process (a child waiting for its restart, or held stopped) is never mistaken for a later one that
         * reuses its pid.
         */
        public static Entry of(ChildProcess child) {
            ChildSpec spec = child.spec();
            return new Entry(
                    spec.name(),
                    child.pid(),
                    child.startedMillis(),
                    spec.stopSignal(),
                    spec.port(),
                    spec.health().target(),
                    child.state().name(),
                    child.restarts(),
                    spec.logFile().toAbsolutePath().toString());
        }

        /** The recorded process, if it still runs (same pid and same start time). */
        public Optional<ProcessHandle> process() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::startedAsRecorded);
        }

        public boolean isRunning() {
            return process().isPresent();
        }

        private boolean startedAsRecorded(ProcessHandle handle) {
            long started = startTimeOf(handle);
            return startedMillis == 0 || started == 0 || Math.abs(started - startedMillis) <= START_TOLERANCE_MILLIS;
        }

        String line() {
            return String.join(
                    "\t",
                    name,
                    Long.toString(pid),
                    Long.toString(startedMillis),
                    stopSignal.name(),
                    Integer.toString(port),
                    health,
                    state,
                    Integer.toString(restarts),
                    log);
        }

        static Optional<Entry> parse(String line) {
            if (line.isBlank() || line.startsWith("#")) {
                return Optional.empty();
            }
            String[] fields = line.split("\t", -1);
            if (fields.length < 9) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Entry(
                        fields[0],
                        Long.parseLong(fields[1]),
                        Long.parseLong(fields[2]),
                        ChildSpec.StopSignal.valueOf(fields[3]),
                        Integer.parseInt(fields[4]),
                        fields[5],
                        fields[6],
                        Integer.parseInt(fields[7]),
                        fields[8]));
            } catch (IllegalArgumentException malformed) {
                return Optional.empty();
            }
        }
    }

    static long startTimeOf(ProcessHandle process) {
        return process.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L);
    }

    /** The recorded processes; empty if there is no lock file. */
    public List<Entry> read() throws IOException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .flatMap(line -> Entry.parse(line).stream())
                    .toList();
        } catch (NoSuchFileException noRun) {
            return List.of();
        }
    }

    /** Replaces the file's content at once (readers see the old or the new list, never a mix). */
    public synchronized void write(List<Entry> entries) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder text = new StringBuilder(HEADER);
        entries.forEach(entry -> text.append(entry.line()).append('\n'));
        Path temporary = Files.createTempFile(file.getParent(), FILE, ".tmp");
        try {
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    public synchronized void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    /** The launcher of the recorded run, if it still runs: that run is alive. */
    public Optional<Entry> liveLauncher() throws IOException {
        return read().stream()
                .filter(entry -> entry.name().equals(LAUNCHER))
                .filter(Entry::isRunning)
                .findFirst();
    }

    /**
     * Stops what a run whose launcher is gone left running — every recorded process that still runs, with its stop
     * signal, then SIGKILL after {@code grace} — and deletes the lock file. Returns the processes it stopped.
     *
     * @throws IllegalStateException if the recorded launcher still runs
     */
    public List<Entry> stopLeftovers(Duration grace) throws IOException {
        List<Entry> entries = read();
        if (entries.isEmpty()) {
            delete();
            return List.of();
        }
        if (liveLauncher().isPresent()) {
            throw new IllegalStateException("the run recorded in " + file + " is still running");
        }
        List<Entry> running = new ArrayList<>();
        for (Entry entry : entries) {
            if (!entry.name().equals(LAUNCHER) && entry.isRunning()) {
                running.add(entry);
            }
        }
        running.parallelStream().forEach(entry -> entry.process()
                .ifPresent(process -> ChildProcesses.stop(process, entry.stopSignal(), grace)));
        delete();
        return List.copyOf(running);
    }
}
