package com.marketsync.bench.writer;

import static org.awaitility.Awaitility.await;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * CPU time spent by this JVM (the writer, the in-JVM broker, the producer) and by the PostgreSQL server (postmaster,
 * its live processes and those that ended), read from {@code /proc}: on a shared machine, where wall times depend on
 * what else runs, CPU per snapshot says more about the work itself. Not available off Linux (reads as NaN).
 */
final class CpuMeter {

    /** Linux's USER_HZ, the unit of the CPU times in /proc/[pid]/stat. */
    private static final double TICKS_PER_SECOND = 100;

    /** Titles of the server's own processes; any other child is a client connection. */
    private static final List<String> BACKGROUND = List.of(
            "checkpointer",
            "background writer",
            "walwriter",
            "autovacuum launcher",
            "autovacuum worker",
            "logical replication launcher",
            "io worker",
            "walsummarizer");

    /** The JIT counts as settled once it compiled for at most this long within {@link #JIT_WINDOW}. */
    private static final Duration JIT_QUIET = Duration.ofMillis(20);

    /** The window {@link #JIT_QUIET} applies to. */
    private static final Duration JIT_WINDOW = Duration.ofSeconds(1);

    /** The longest wait for the JIT to settle; a measurement then starts anyway, and says so. */
    private static final Duration JIT_PATIENCE = Duration.ofSeconds(60);

    private final long postmaster;

    private CpuMeter(long postmaster) {
        this.postmaster = postmaster;
    }

    /** A meter for the server the client is connected to (which must run on this machine). */
    static CpuMeter of(JdbcClient db) {
        String dataDirectory = db.sql("SELECT current_setting('data_directory')")
                .query(String.class)
                .single();
        try {
            String pid =
                    Files.readAllLines(Path.of(dataDirectory, "postmaster.pid")).getFirst();
            return new CpuMeter(Long.parseLong(pid.strip()));
        } catch (IOException | RuntimeException e) {
            return new CpuMeter(-1);
        }
    }

    /**
     * Waits until this JVM's JIT compilers are nearly idle: with 2 cores, compilations left over from starting the writer
     * (a Spring context, a consumer) or from the phase before take a core from the code being measured. Logs if they did
     * not settle within a minute.
     */
    static void awaitJitSettled() {
        AtomicLong last = new AtomicLong(jitMillis());
        try {
            await().atMost(JIT_PATIENCE)
                    .pollDelay(JIT_WINDOW)
                    .pollInterval(JIT_WINDOW)
                    .until(() -> {
                        long now = jitMillis();
                        return now - last.getAndSet(now) <= JIT_QUIET.toMillis();
                    });
        } catch (ConditionTimeoutException e) {
            System.out.printf(
                    "BENCH note: the JIT was still compiling after %d s; measuring anyway%n", JIT_PATIENCE.toSeconds());
        }
    }

    /** Milliseconds this JVM's JIT compilers have spent compiling so far (0 where the JVM does not tell). */
    static long jitMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /** CPU seconds used so far. */
    Sample sample() {
        double jvm = ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
                ? os.getProcessCpuTime() / 1e9
                : Double.NaN;
        double server = postmaster < 0
                ? Double.NaN
                : serverByKind(Map.of()).values().stream()
                        .mapToDouble(Double::doubleValue)
                        .sum();
        long jitMillis = jitMillis();
        long gcMillis = 0;
        long collections = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcMillis += Math.max(0, collector.getCollectionTime());
            collections += Math.max(0, collector.getCollectionCount());
        }
        return new Sample(System.nanoTime(), jvm, server, jitMillis, gcMillis, collections);
    }

    /**
     * CPU seconds used so far by the server's processes, by kind: the process title the server gives each (checkpointer,
     * walwriter, autovacuum worker, ...), "connections" for client backends except those named in {@code named} (by
     * pid), and "ended processes" for the postmaster with the processes that ended (autovacuum workers, closed
     * connections), whose times the kernel adds to it.
     */
    Map<String, Double> serverByKind(Map<Long, String> named) {
        Map<String, Double> kinds = new TreeMap<>();
        if (postmaster < 0) {
            return kinds;
        }
        kinds.put("ended processes", seconds(postmaster, true));
        for (ProcessHandle child :
                ProcessHandle.of(postmaster).map(p -> p.children().toList()).orElse(List.of())) {
            String kind = named.getOrDefault(child.pid(), kind(child.pid()));
            kinds.merge(kind, seconds(child.pid(), false), Double::sum);
        }
        return kinds;
    }

    /** CPU per item of each kind between two {@link #serverByKind} readings, largest first, in µs. */
    static String perItem(Map<String, Double> before, Map<String, Double> after, long items) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> String.format("%s %.1f", e.getKey(), e.getValue() * 1e6 / items))
                .collect(Collectors.joining(", ", "", " us per snapshot"));
    }

    /** The kind of a server process, from the title it runs under ("postgres: walwriter", "postgres: user db ..."). */
    private static String kind(long pid) {
        try {
            String title = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"))
                    .replace('\0', ' ')
                    .strip();
            String name = title.startsWith("postgres: ") ? title.substring("postgres: ".length()) : title;
            return BACKGROUND.stream().filter(name::startsWith).findFirst().orElse("connections");
        } catch (IOException | RuntimeException e) {
            return "connections";
        }
    }

    /** User and system CPU of a process, with that of its waited-for children if asked. */
    private static double seconds(long pid, boolean withEndedChildren) {
        if (pid < 0) {
            return Double.NaN;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after the command name, which is in parentheses and may contain spaces
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            if (withEndedChildren) {
                ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            }
            return ticks / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            // a backend that ended between listing and reading: its time is in the postmaster's children times
            return 0;
        }
    }

    /**
     * CPU seconds used up to one instant.
     *
     * @param nanos the instant ({@link System#nanoTime()})
     * @param jvm this JVM
     * @param server the PostgreSQL server
     * @param jitMillis time this JVM's JIT compilers spent compiling (part of {@code jvm}: on few cores the JIT competes
     *     with the code it compiles until the hot paths are compiled)
     * @param gcMillis time this JVM's garbage collectors report (mostly pauses)
     * @param collections garbage collections of this JVM
     */
    record Sample(long nanos, double jvm, double server, long jitMillis, long gcMillis, long collections) {

        /**
         * CPU used since an earlier sample, as "JVM x s + PostgreSQL y s = z µs per item", and how many of the
         * machine's cores that kept busy on average: a COPY keeps one server process busy, the writer can use them all,
         * so on a small machine the cores busy say which of them had more to gain from more cores.
         */
        String since(Sample earlier, long items) {
            double jvmSeconds = jvm - earlier.jvm();
            double serverSeconds = server - earlier.server();
            double wallSeconds = (nanos - earlier.nanos()) / 1e9;
            return String.format(
                    "CPU JVM %.1f s + PostgreSQL %.1f s = %.0f + %.0f us per snapshot, %.2f of %d cores busy; JIT"
                            + " compiling %.1f s; GC %,d ms in %d collections",
                    jvmSeconds,
                    serverSeconds,
                    jvmSeconds * 1e6 / items,
                    serverSeconds * 1e6 / items,
                    (jvmSeconds + serverSeconds) / wallSeconds,
                    Runtime.getRuntime().availableProcessors(),
                    jitSeconds(earlier),
                    gcMillis - earlier.gcMillis(),
                    collections - earlier.collections());
        }

        /** Seconds the JIT compilers spent since an earlier sample. */
        double jitSeconds(Sample earlier) {
            return (jitMillis - earlier.jitMillis()) / 1e3;
        }
    }
}
