package com.marketsync.bench.writer;

import com.marketsync.events.PriceSnapshot;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.postgresql.PGConnection;

/**
 * Measures, for sampled snapshots, how long after the send their observation is visible (committed) in
 * {@code market.latest_prices}: every {@link #POLL} it reads the latest rows of all samples still waiting, by primary
 * key in one query, until a sample's row holds its observation or a newer one. Samples are taken on the producer's clock, independent of
 * the writer's batches. Times are {@link System#nanoTime()}.
 */
final class LatencyProbe implements AutoCloseable {

    static final Duration POLL = Duration.ofMillis(5);
    private static final Duration GIVE_UP = Duration.ofSeconds(30);
    /** The observed_at of each key asked for, in the order asked, in one round trip. */
    private static final String LATEST = "SELECT l.observed_at FROM unnest(?::text[], ?::text[], ?::text[], ?::text[])"
            + " WITH ORDINALITY AS k(provider, sku, variant_key, region, i)"
            + " LEFT JOIN market.latest_prices l USING (provider, sku, variant_key, region) ORDER BY k.i";

    private final Queue<Sample> incoming = new ConcurrentLinkedQueue<>();
    /** Written by the probe thread only, read after it ended. */
    private final List<Long> latencies = new ArrayList<>();

    private final String databaseUrl;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int timedOut;
    private volatile Exception failure;
    /** The server process of the probe's connection, once connected. */
    private volatile long backendPid = -1;

    LatencyProbe(String databaseUrl) {
        this.databaseUrl = databaseUrl;
        this.thread = Thread.ofPlatform().name("latency-probe").start(this::run);
    }

    /** Samples the snapshot just sent, at {@code sentNanos}. */
    void sample(PriceSnapshot snapshot, long sentNanos) {
        incoming.add(new Sample(snapshot, sentNanos));
    }

    /** Waits until every sample is seen (or given up), stops, and returns the latencies in nanoseconds. */
    List<Long> stop() throws InterruptedException {
        running = false;
        thread.join();
        if (failure != null) {
            throw new IllegalStateException("Latency probe failed", failure);
        }
        return List.copyOf(latencies);
    }

    /** The server process of the probe's connection (-1 until connected), to tell its CPU from the writer's. */
    long backendPid() {
        return backendPid;
    }

    int timedOut() {
        return timedOut;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }

    private void run() {
        List<Sample> waiting = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(databaseUrl);
                PreparedStatement latest = connection.prepareStatement(LATEST)) {
            backendPid = connection.unwrap(PGConnection.class).getBackendPID();
            while (running || !waiting.isEmpty() || !incoming.isEmpty()) {
                for (Sample sample; (sample = incoming.poll()) != null; ) {
                    waiting.add(sample);
                }
                if (!waiting.isEmpty()) {
                    List<Boolean> visible = visible(connection, latest, waiting);
                    long seen = System.nanoTime();
                    Iterator<Boolean> each = visible.iterator();
                    for (Iterator<Sample> samples = waiting.iterator(); samples.hasNext(); ) {
                        Sample sample = samples.next();
                        if (each.next()) {
                            latencies.add(seen - sample.sentNanos());
                            samples.remove();
                        } else if (seen - sample.sentNanos() > GIVE_UP.toNanos()) {
                            timedOut++;
                            samples.remove();
                        }
                    }
                }
                LockSupport.parkNanos(POLL.toNanos());
            }
        } catch (SQLException e) {
            failure = e;
        }
    }

    /** For each sample, in order, whether its latest row holds its observation or a newer one. */
    private static List<Boolean> visible(Connection connection, PreparedStatement latest, List<Sample> samples)
            throws SQLException {
        List<PriceSnapshot> snapshots = samples.stream().map(Sample::snapshot).toList();
        latest.setArray(1, texts(connection, snapshots, s -> s.getProvider().name()));
        latest.setArray(2, texts(connection, snapshots, PriceSnapshot::getSku));
        latest.setArray(3, texts(connection, snapshots, s -> s.getVariant().getVariantKey()));
        latest.setArray(4, texts(connection, snapshots, PriceSnapshot::getRegion));
        List<Boolean> visible = new ArrayList<>(samples.size());
        try (ResultSet rows = latest.executeQuery()) {
            for (int i = 0; rows.next(); i++) {
                Timestamp stored = rows.getTimestamp(1);
                visible.add(stored != null
                        && !stored.toInstant().isBefore(snapshots.get(i).getObservedAt()));
            }
        }
        return visible;
    }

    private static Array texts(
            Connection connection, List<PriceSnapshot> snapshots, Function<PriceSnapshot, String> field)
            throws SQLException {
        return connection.createArrayOf("text", snapshots.stream().map(field).toArray());
    }

    private record Sample(PriceSnapshot snapshot, long sentNanos) {}
}
