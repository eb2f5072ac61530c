package com.marketsync.bench.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marketsync.events.PriceSnapshot;
import com.marketsync.infra.ChildProcess;
import com.marketsync.infra.FreePorts;
import com.marketsync.infra.PostgresServer;
import com.marketsync.infra.PostgresServer.Durability;
import com.marketsync.schemas.EventSerde;
import com.marketsync.schemas.Topics;
import com.marketsync.testkit.TestInfra;
import com.marketsync.writer.ingest.SnapshotBatchWriter;
import com.marketsync.writer.replay.SnapshotReplay.Progress;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Measures market-writer against PostgreSQL's own COPY, in one run on one machine and the same table definitions:
 * COPY of the snapshots into an unindexed plain copy of the history table (a) and into a copy with its partitioning
 * and primary key (b), then the writer end to end from a topic already holding the snapshots to history and latest
 * prices committed, at max-poll-records 1,000 (the default), 100 and 500, a full replay after the first pass, the
 * highest rate the writer keeps up with while the snapshots are produced live on the same host, and the latency from
 * produce to the latest row committed at half that live rate and at half the default passes' rate; and what
 * durability costs: the writer into two PostgreSQL servers that differ only in fsync, full-page writes and
 * synchronous commit. Each COPY and the default writer pass run {@code bench.repeats} times (3), and the ratios use
 * their medians: single runs on a shared host vary more than the changes they are meant to show. A database is
 * dropped once its part is checked, so no part pays for autovacuum working through an earlier part's rows. Profile {@code bench} only ({@code -Dbench.keys=20000
 * -Dbench.observations=10 -Dbench.latency-seconds=60 -Dbench.latency-fraction=0.5 -Dbench.repeats=3}, or a fixed
 * {@code -Dbench.latency-rate=N} for the second latency phase; {@code -Dbench.latency-only=true} (with
 * {@code -Dbench.live-ceiling=30000} or a fixed rate) or {@code -Dbench.direct-only=true} for one part);
 * prints BENCH lines for docs/BENCHMARKS.md and asserts correctness only (row counts, the same rows as COPY, nothing
 * changed and nothing published by the replay), never speed.
 */
class WriterThroughputBenchmark {

    private static final int DEFAULT_BATCH = 1_000;
    private static final int COPY_ROWS_PER_TRANSACTION = 1_000;
    private static final String PLAIN_COPY = "market.bench_copy_plain";
    private static final String KEYED_COPY = "market.bench_copy_keyed";
    private static final String HISTORY = "market.price_snapshots";
    /** A latest price's identity and values; verified_at, changed_at and updated_at depend on how batches fell. */
    private static final String LATEST_VALUES = "provider, sku, variant_key, region, currency, lowest_ask, highest_bid,"
            + " last_sale, flex_lowest_ask, direct_lowest_ask, suggested_sell_faster, suggested_earn_more,"
            + " suggested_beat_us, global_indicator_price, sales_count, listing_count, snapshot_id, observed_at";

    private static final Duration TABLES_POLL = Duration.ofMillis(100);
    /** A warm-up pass at the default batch size during which the JIT compiled for at most this long ends the warm-up. */
    private static final double JIT_WARM = 0.3;
    /**
     * Batch size of every other warm-up pass: ten times the transactions (and produce and offset requests) of a default
     * pass, so the code run once per transaction is compiled in fewer passes.
     */
    private static final int WARM_UP_BATCH = 100;

    private static final int PROBES_PER_SECOND = 20;
    /** Paced production before the latency is measured: the restarted writer's first transactions are not typical. */
    private static final Duration LATENCY_WARM_UP = Duration.ofSeconds(5);
    /** How often a pass looks at the writer's committed offsets to see it done (much cheaper than counting rows). */
    private static final Duration OFFSETS_POLL = Duration.ofMillis(50);
    /** How far ahead of its time a paced send may go, so the producing thread wakes at most about 1,000 times a second. */
    private static final Duration PACING = Duration.ofMillis(1);
    /** How far behind the topic the writer may be when a trial's production ends, in time of that production. */
    private static final Duration LIVE_LAG_ALLOWED = Duration.ofSeconds(1);
    /** Trials of the bisection for the highest live rate: its step is 3/4 of the ceiling / 2^trials. */
    private static final int LIVE_TRIALS = 4;

    private final int keys = Integer.getInteger("bench.keys", 20_000);
    private final int observations = Integer.getInteger("bench.observations", 10);
    private final int latencySeconds = Integer.getInteger("bench.latency-seconds", 60);
    private final double latencyFraction = Double.parseDouble(System.getProperty("bench.latency-fraction", "0.5"));
    /** A fixed rate for the latency phase instead of the fraction of the default passes' median rate. */
    private final int latencyRate = Integer.getInteger("bench.latency-rate", 0);
    /** Runs of each COPY and of the default writer pass; the ratios use their medians. */
    private final int repeats = Integer.getInteger("bench.repeats", 3);
    /**
     * Only the latency phase, after the writer stored the topic untimed: at the fixed {@code bench.latency-rate}, or
     * else at half the highest live rate found below {@code bench.live-ceiling} (snapshots/s).
     */
    private final boolean latencyOnly = Boolean.getBoolean("bench.latency-only");
    /** The highest rate a latency-only run tries live, snapshots/s (a full run uses the default passes' rate). */
    private final int liveCeiling = Integer.getInteger("bench.live-ceiling", 30_000);
    /** Only the COPY ceilings and the batch writer alone ({@code bench.repeats} runs each), after the warm-up passes. */
    private final boolean directOnly = Boolean.getBoolean("bench.direct-only");
    /**
     * Untimed writer passes before the timed ones, at least this many: after one, the JIT still compiled for seconds into
     * the first timed pass, which took up to twice the JVM CPU per snapshot of the same pass later in the run.
     */
    private final int warmUps = Integer.getInteger("bench.warm-ups", 2);
    /**
     * Untimed runs of both COPYs before the timed ones. After a COPY of a tenth of the rows, the first two timed runs
     * took 7–16 µs of JVM CPU per row and the third 3–5: the rendering code is run once per row, but its loops once per
     * transaction, so it too reaches the JIT's top tier only after a few runs.
     */
    private final int copyWarmUps = Integer.getInteger("bench.copy-warm-ups", 2);
    /**
     * At most this many warm-up passes: they go on until one at the default batch size leaves the JIT nearly idle
     * ({@link #JIT_WARM}). Code run once per transaction or per request (the writer's transaction, the consumer's
     * fetches, the broker's produce and offset requests) reaches the JIT's top tier only after thousands of calls, i.e.
     * after several passes of 222 transactions.
     */
    private final int warmUpsMax = Integer.getInteger("bench.warm-ups-max", 10);
    /** How long each live rate is tried when looking for the highest one the writer keeps up with. */
    private final Duration liveTrial = Duration.ofSeconds(Integer.getInteger("bench.live-seconds", 20));

    private final List<SingleConnectionDataSource> connections = new ArrayList<>();
    private KafkaProducer<String, Object> producer;
    private CpuMeter cpu;

    @AfterEach
    void closeClients() {
        connections.forEach(SingleConnectionDataSource::destroy);
        if (producer != null) {
            producer.close();
        }
    }

    @Test
    void writerAgainstCopy() throws Exception {
        BenchDataset dataset = new BenchDataset(keys, 20261130L);
        Instant firstRound =
                Instant.now().minus(BenchDataset.span(observations)).truncatedTo(ChronoUnit.SECONDS);
        List<PriceSnapshot> snapshots = dataset.rounds(observations, firstRound);
        int total = snapshots.size();
        System.out.printf(
                "BENCH writer: %,d snapshots = %,d keys x %d observations (%s .. %s), topic %s with 3 partitions;"
                        + " %d cores, JDK %s, max heap %,d MiB, JVM options %s; load average %s%n",
                total,
                keys,
                observations,
                firstRound,
                snapshots.getLast().getObservedAt(),
                Topics.PRICE_SNAPSHOTS,
                Runtime.getRuntime().availableProcessors(),
                Runtime.version(),
                Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(option -> option.startsWith("-XX:"))
                        .toList(),
                loadAverage());

        createSnapshotTopic();
        long produceStart = System.nanoTime();
        produce(snapshots);
        double produceSeconds = seconds(System.nanoTime() - produceStart);
        System.out.printf(
                "BENCH produce: %,d snapshots (Avro via the registry, acks=all) in %.1f s = %,.0f/s; load average %s%n",
                total, produceSeconds, total / produceSeconds, loadAverage());
        if (latencyOnly) {
            latencyAlone(dataset, total);
            return;
        }

        // COPY ceilings, in a database of their own migrated like the writer's
        String copyUrl = TestInfra.newDatabase("bench_copy");
        migrate(copyUrl);
        JdbcClient copyDb = jdbc(copyUrl);
        printServer(copyDb);
        cpu = CpuMeter.of(copyDb);
        createCopies(copyDb, months(snapshots));
        List<Copy> plains = new ArrayList<>();
        List<Copy> keyeds = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(copyUrl)) {
            for (int run = 1; run <= copyWarmUps; run++) {
                copyWarmUp(copyDb, connection, snapshots);
            }
            for (int run = 1; run <= repeats; run++) {
                copyDb.sql("TRUNCATE " + PLAIN_COPY + ", " + KEYED_COPY).update();
                plains.add(copy(copyDb, connection, PLAIN_COPY, snapshots));
                print("(a) " + PLAIN_COPY + ", no keys or indexes, not partitioned", run, plains.getLast(), total);
                keyeds.add(copy(copyDb, connection, KEYED_COPY, snapshots));
                print(
                        "(b) " + KEYED_COPY + ", monthly partitions and the history primary key",
                        run,
                        keyeds.getLast(),
                        total);
            }
        }
        Copy plain = median(plains, copy -> copy.rate(total));
        Copy keyed = median(keyeds, copy -> copy.rate(total));
        System.out.printf(
                "BENCH COPY medians of %d runs: (a) %,.0f rows/s, (b) %,.0f rows/s%n",
                repeats, plain.rate(total), keyed.rate(total));
        String copiedRows = fingerprint(copyDb, KEYED_COPY);
        assertThat(fingerprint(copyDb, PLAIN_COPY)).isEqualTo(copiedRows);
        drop(copyDb);
        if (directOnly) {
            directAlone(snapshots, copiedRows, keyed.rate(total));
            return;
        }

        // the writer: a fresh database per pass and its consumer group deleted, so every pass reads the same records
        String firstUrl = TestInfra.newDatabase("bench_writer_" + DEFAULT_BATCH);
        JdbcClient firstDb = jdbc(firstUrl);
        Pass first;
        Replay replay;
        warmUpUntilCompiled(total);
        checkpoint(firstDb);
        try (WriterRun writer = WriterRun.startSettled(firstUrl, DEFAULT_BATCH)) {
            first = pass(writer, firstDb, DEFAULT_BATCH, total, copiedRows);
            replay = replay(writer, firstDb, total);
        }
        String latestAfterFirst = latestValues(firstDb);
        // kept for the latency phase: its vacuum now, not in the passes after it
        firstDb.sql("VACUUM (ANALYZE)").update();
        List<Pass> defaults = new ArrayList<>(List.of(first));
        while (defaults.size() < repeats) {
            defaults.add(separatePass(DEFAULT_BATCH, total, copiedRows, latestAfterFirst));
        }
        Pass typical = median(defaults, Pass::rate);
        System.out.printf(
                "BENCH writer max-poll-records %d, median of %d passes: %,.0f snapshots/s%n",
                DEFAULT_BATCH, repeats, typical.rate());
        Pass small = separatePass(100, total, copiedRows, latestAfterFirst);
        Pass medium = separatePass(500, total, copiedRows, latestAfterFirst);
        double direct = directWrites(snapshots, copiedRows, latestAfterFirst, 1).rate();
        double directTwo =
                directWrites(snapshots, copiedRows, latestAfterFirst, 2).rate();

        Pass durable = durabilityPass(Durability.DURABLE, total, copiedRows, latestAfterFirst);
        Pass unsafe = durabilityPass(Durability.FAST_UNSAFE, total, copiedRows, latestAfterFirst);

        // latency: the writer on the first pass's database again, its group at the end of the topic (caught up), fed
        // at half the highest rate it keeps up with live, then at half the default passes' median rate
        Latency latency;
        Latency drainHalf;
        int live;
        try (WriterRun writer = WriterRun.start(firstUrl, DEFAULT_BATCH)) {
            writer.awaitAssigned();
            live = sustainableLiveRate(writer, dataset, typical.rate());
            latency = latency(writer, dataset, firstDb, firstUrl, fraction(live), liveBasis(live));
            drainHalf = latency(
                    writer,
                    dataset,
                    firstDb,
                    firstUrl,
                    latencyRate > 0 ? latencyRate : fraction(typical.rate()),
                    drainHalfBasis());
        }

        System.out.printf(
                "BENCH ratio writer (max-poll-records 1000, the default) / COPY (b) = %.2f (target >= 0.6; medians of"
                        + " %d runs each)%n",
                typical.rate() / keyed.rate(total), repeats);
        System.out.printf("BENCH ratio writer (default) / COPY (a) = %.2f%n", typical.rate() / plain.rate(total));
        System.out.printf(
                "BENCH ratio replay / first pass = %.2f (target >= 1.0), with %d history rows, %d latest rows and %d"
                        + " change events caused%n",
                replay.rate() / first.rate(),
                replay.newHistoryRows(),
                replay.latestChanged(),
                replay.topicAfter() - replay.topicBefore());
        System.out.printf(
                "BENCH ratio writer (default) / its batch writer alone = %.2f; batch writer alone / COPY (b) = %.2f;"
                        + " over 2 connections / COPY (b) = %.2f%n",
                typical.rate() / direct, direct / keyed.rate(total), directTwo / keyed.rate(total));
        System.out.printf(
                "BENCH ratio batch 100 / batch 1000 = %.2f (%,.0f/s), batch 500 / batch 1000 = %.2f (%,.0f/s)%n",
                small.rate() / typical.rate(), small.rate(), medium.rate() / typical.rate(), medium.rate());
        System.out.printf(
                "BENCH ratio writer into a durable server / into the same server without fsync and synchronous commit"
                        + " = %.2f (%,.0f vs %,.0f snapshots/s)%n",
                durable.rate() / unsafe.rate(), durable.rate(), unsafe.rate());
        printLatency(liveBasis(live), latency);
        printLatency(drainHalfBasis(), drainHalf);
    }

    /** What the first latency phase's rate is. */
    private String liveBasis(int live) {
        return String.format("%s x the live rate %,d", latencyFraction, live);
    }

    /** What the second latency phase's rate is: the fixed one, or a fraction of the default passes' median rate. */
    private String drainHalfBasis() {
        return latencyRate > 0 ? "fixed" : latencyFraction + " x the default passes' median rate";
    }

    private static void printLatency(String rate, Latency latency) {
        System.out.printf(
                "BENCH latency at %s, p50 / p99: %.0f / %.0f ms to the commit (all snapshots; target p99 <= 100 ms),"
                        + " %.0f / %.0f ms visible in latest_prices (polled samples), %.0f / %.0f ms to the transaction"
                        + " start%n",
                rate,
                latency.committedP50(),
                latency.committedP99(),
                latency.probeP50(),
                latency.probeP99(),
                latency.dbP50(),
                latency.dbP99());
    }

    /** {@code bench.latency-fraction} of a rate, in snapshots/s. */
    private int fraction(double rate) {
        return Math.max(1, (int) Math.round(rate * latencyFraction));
    }

    // ---------------------------------------------------------------------------------------------------- COPY

    private record Copy(long nanos, String cpu, String load) {
        double rate(int rows) {
            return rows / seconds(nanos);
        }
    }

    private static void createCopies(JdbcClient db, TreeSet<YearMonth> months) {
        db.sql("CREATE TABLE " + PLAIN_COPY + " (LIKE " + HISTORY + " INCLUDING DEFAULTS)")
                .update();
        db.sql("CREATE TABLE " + KEYED_COPY + " (LIKE " + HISTORY + " INCLUDING ALL) PARTITION BY RANGE (observed_at)")
                .update();
        for (YearMonth month : months) {
            Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant to =
                    month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            db.sql(String.format(
                            "CREATE TABLE %s_%d_%02d PARTITION OF %s FOR VALUES FROM ('%s') TO ('%s')",
                            KEYED_COPY, month.getYear(), month.getMonthValue(), KEYED_COPY, from, to))
                    .update();
        }
        String historyKey = primaryKey(db, HISTORY);
        assertThat(primaryKey(db, KEYED_COPY)).isEqualTo(historyKey).isNotEmpty();
        assertThat(indexes(db, PLAIN_COPY)).isEmpty();
        System.out.printf(
                "BENCH copy tables: %s %s, partitions %s; %s indexes %s, %s indexes %s%n",
                KEYED_COPY, historyKey, months, HISTORY, indexes(db, HISTORY), KEYED_COPY, indexes(db, KEYED_COPY));
    }

    /** One untimed run of COPY (a) and (b), as the timed ones do it. */
    private void copyWarmUp(JdbcClient db, Connection connection, List<PriceSnapshot> snapshots) throws SQLException {
        db.sql("TRUNCATE " + PLAIN_COPY + ", " + KEYED_COPY).update();
        CpuMeter.Sample before = cpu.sample();
        long nanos = CopyLoad.copy(connection, PLAIN_COPY, snapshots, COPY_ROWS_PER_TRANSACTION)
                + CopyLoad.copy(connection, KEYED_COPY, snapshots, COPY_ROWS_PER_TRANSACTION);
        System.out.printf(
                "BENCH COPY warm-up (not timed): (a) and (b), %,d rows each, in %.2f s; %s%n",
                snapshots.size(), seconds(nanos), cpu.sample().since(before, 2L * snapshots.size()));
    }

    private Copy copy(JdbcClient db, Connection connection, String table, List<PriceSnapshot> snapshots)
            throws SQLException {
        checkpoint(db);
        CpuMeter.awaitJitSettled();
        CpuMeter.Sample before = cpu.sample();
        long nanos = CopyLoad.copy(connection, table, snapshots, COPY_ROWS_PER_TRANSACTION);
        String used = cpu.sample().since(before, snapshots.size());
        String load = loadAverage();
        assertThat(count(db, "SELECT count(*) FROM " + table)).isEqualTo(snapshots.size());
        return new Copy(nanos, used, load);
    }

    private static void print(String what, int run, Copy copy, int rows) {
        System.out.printf(
                "BENCH COPY %s, run %d: %,d rows in %,d-row transactions in %.2f s = %,.0f rows/s; %s; load average"
                        + " %s%n",
                what,
                run,
                rows,
                COPY_ROWS_PER_TRANSACTION,
                seconds(copy.nanos()),
                copy.rate(rows),
                copy.cpu(),
                copy.load());
    }

    /** The middle one by the given rate (the upper middle of an even count). */
    private static <T> T median(List<T> runs, ToDoubleFunction<T> rate) {
        return runs.stream().sorted(Comparator.comparingDouble(rate)).toList().get(runs.size() / 2);
    }

    // -------------------------------------------------------------------------------------------------- writer

    /**
     * One pass of the writer over the whole topic.
     *
     * @param nanos from the listener's partitions assigned to its group's committed offsets seen at the end of the
     *     topic (polled every 50 ms; the writer commits them right after the database transaction)
     * @param transactions write transactions (distinct written_at, the transaction start)
     * @param firstCommitSeconds from the assignment to the start of the first write transaction (written_at)
     * @param changeEvents change events the writer published (before committing each transaction)
     */
    private record Pass(
            int batch,
            int snapshots,
            long nanos,
            long transactions,
            double firstCommitSeconds,
            long changeEvents,
            String load) {
        double rate() {
            return snapshots / seconds(nanos);
        }
    }

    private Pass separatePass(int batch, int total, String copiedRows, String latestExpected)
            throws SQLException, InterruptedException {
        String url = TestInfra.newDatabase("bench_writer_" + batch);
        JdbcClient db = jdbc(url);
        checkpoint(db);
        Pass pass;
        try (WriterRun writer = WriterRun.startSettled(url, batch)) {
            pass = pass(writer, db, batch, total, copiedRows);
            assertThat(latestValues(db))
                    .as("latest prices after batch %d", batch)
                    .isEqualTo(latestExpected);
        }
        drop(db);
        return pass;
    }

    /**
     * Warm-up passes, {@link #warmUps} to {@link #warmUpsMax} of them, alternately at max-poll-records
     * {@link #WARM_UP_BATCH} and the default, until one at the default leaves the JIT nearly idle: the small batches
     * bring the code run once per transaction to the JIT's top tier in fewer passes, the default ones compile the
     * loops for the batch size the timed passes use.
     */
    private void warmUpUntilCompiled(int rows) throws SQLException, InterruptedException {
        for (int run = 1; run <= warmUpsMax; run++) {
            int batch = run % 2 == 1 ? WARM_UP_BATCH : DEFAULT_BATCH;
            double jit = warmUp(rows, batch);
            if (batch == DEFAULT_BATCH && run >= warmUps && jit <= JIT_WARM) {
                return;
            }
        }
        System.out.printf(
                "BENCH note: the JIT still compiled for more than %.1f s in the last of %d warm-up passes%n",
                JIT_WARM, warmUpsMax);
    }

    /**
     * Runs the writer in a throwaway database until it stored {@code rows} snapshots, then stops it: the passes after
     * it then all find the writer's code compiled and the registry's schema lookup done, as a running writer would.
     * Returns the seconds the JIT compiled while the writer consumed (not while it started).
     */
    private double warmUp(int rows, int batch) throws SQLException, InterruptedException {
        String url = TestInfra.newDatabase("bench_writer_warmup");
        JdbcClient db = jdbc(url);
        long start = System.nanoTime();
        CpuMeter.Sample before;
        CpuMeter.Sample after;
        try (WriterRun writer = WriterRun.startSettled(url, batch)) {
            writer.awaitAssigned();
            before = cpu.sample();
            await().atMost(Duration.ofMinutes(10))
                    .pollInterval(TABLES_POLL)
                    .until(() -> count(db, "SELECT count(*) FROM " + HISTORY) >= rows);
            after = cpu.sample();
        }
        drop(db);
        System.out.printf(
                "BENCH writer warm-up (not timed, max-poll-records %d): %,d+ snapshots into a throwaway database, %.1f s"
                        + " with start and stop; %s%n",
                batch, rows, seconds(System.nanoTime() - start), after.since(before, rows));
        return after.jitSeconds(before);
    }

    private Pass pass(WriterRun writer, JdbcClient db, int batch, int total, String copiedRows) {
        return pass(writer, db, cpu, batch, total, copiedRows);
    }

    private Pass pass(WriterRun writer, JdbcClient db, CpuMeter meter, int batch, int total, String copiedRows) {
        long end = writer.endOffsets();
        assertThat(end).as("records on %s", Topics.PRICE_SNAPSHOTS).isEqualTo(total);
        long assigned = writer.awaitAssigned();
        CpuMeter.Sample before = meter.sample();
        await().atMost(Duration.ofMinutes(30))
                .pollDelay(Duration.ZERO)
                .pollInterval(OFFSETS_POLL)
                .until(() -> writer.committedOffsets() >= end);
        long done = System.nanoTime();
        String used = meter.sample().since(before, total);
        Instant assignedAt = Instant.now().minusNanos(done - assigned);
        String load = loadAverage();

        assertThat(count(db, "SELECT count(*) FROM " + HISTORY)).isEqualTo(total);
        assertThat(count(db, "SELECT count(*) FROM market.latest_prices")).isEqualTo(keys);
        assertThat(count(
                        db,
                        "SELECT count(*) FROM market.latest_prices l JOIN (SELECT provider, sku, variant_key, region,"
                                + " max(observed_at) AS newest FROM " + HISTORY + " GROUP BY 1, 2, 3, 4) h"
                                + " USING (provider, sku, variant_key, region) WHERE l.observed_at = h.newest"))
                .as("latest prices holding each key's newest observation")
                .isEqualTo(keys);
        assertThat(fingerprint(db, HISTORY))
                .as("history rows equal to the COPYed rows")
                .isEqualTo(copiedRows);
        long transactions = count(db, "SELECT count(DISTINCT written_at) FROM " + HISTORY);
        Instant firstWrite = db.sql("SELECT min(written_at) FROM " + HISTORY)
                .query(Timestamp.class)
                .single()
                .toInstant();
        Pass pass = new Pass(
                batch,
                total,
                done - assigned,
                transactions,
                seconds(Duration.between(assignedAt, firstWrite).toNanos()),
                writer.changeEventsPublished(),
                load);
        System.out.printf(
                "BENCH writer max-poll-records %d: %,d snapshots -> %,d history rows, %,d latest rows in %.2f s from"
                        + " partitions assigned = %,.0f snapshots/s (%,.0f/s from the first write transaction, %.2f s"
                        + " after assignment); %,d transactions (%.0f snapshots each); %,d change events; %s; load"
                        + " average %s%n",
                batch,
                total,
                total,
                keys,
                seconds(pass.nanos()),
                pass.rate(),
                total / (seconds(pass.nanos()) - pass.firstCommitSeconds()),
                pass.firstCommitSeconds(),
                transactions,
                (double) total / transactions,
                pass.changeEvents(),
                used,
                load);
        return pass;
    }

    /**
     * The writer's database path alone: its SnapshotBatchWriter called with the snapshots in batches of 1,000 straight
     * from memory (no Kafka, no Avro decoding, no validation), into a fresh database, the writer otherwise running
     * (its listener idle at the end of the topic), change events published as in every write; its history must equal the
     * COPYed rows, and its latest prices the expected ones unless null. With more than one thread, each writes the skus
     * of its share in order over a connection of its own, as that many consumers of their own partitions would.
     */
    private Direct directWrites(List<PriceSnapshot> snapshots, String copiedRows, String latestExpected, int threads)
            throws SQLException, InterruptedException, ExecutionException {
        String url = TestInfra.newDatabase("bench_writer_direct");
        JdbcClient db = jdbc(url);
        try (WriterRun writer = WriterRun.start(url, DEFAULT_BATCH)) {
            SnapshotBatchWriter batchWriter = writer.batchWriter();
            checkpoint(db);
            CpuMeter.awaitJitSettled();
            CpuMeter.Sample before = cpu.sample();
            Map<String, Double> serverBefore = cpu.serverByKind(Map.of());
            List<List<PriceSnapshot>> shares = IntStream.range(0, threads)
                    .mapToObj(share -> snapshots.stream()
                            .filter(s -> Math.floorMod(s.getSku().hashCode(), threads) == share)
                            .toList())
                    .toList();
            long start = System.nanoTime();
            try (ExecutorService writers = Executors.newFixedThreadPool(threads)) {
                List<Future<?>> done = new ArrayList<>();
                for (List<PriceSnapshot> share : shares) {
                    done.add(writers.submit(() -> {
                        for (int from = 0; from < share.size(); from += DEFAULT_BATCH) {
                            batchWriter.write(share.subList(from, Math.min(share.size(), from + DEFAULT_BATCH)));
                        }
                    }));
                }
                for (Future<?> share : done) {
                    share.get();
                }
            }
            long nanos = System.nanoTime() - start;
            String used = cpu.sample().since(before, snapshots.size());
            String serverByKind = CpuMeter.perItem(serverBefore, cpu.serverByKind(Map.of()), snapshots.size());
            String load = loadAverage();
            assertThat(fingerprint(db, HISTORY)).isEqualTo(copiedRows);
            String latest = latestValues(db);
            if (latestExpected != null) {
                assertThat(latest).isEqualTo(latestExpected);
            }
            drop(db);
            double rate = snapshots.size() / seconds(nanos);
            System.out.printf(
                    "BENCH batch writer alone (SnapshotBatchWriter.write, %d snapshots per call, from memory, %d"
                            + " connection%s): %,d snapshots in %.2f s = %,.0f snapshots/s; %s; PostgreSQL by process:"
                            + " %s; load average %s%n",
                    DEFAULT_BATCH,
                    threads,
                    threads == 1 ? "" : "s",
                    snapshots.size(),
                    seconds(nanos),
                    rate,
                    used,
                    serverByKind,
                    load);
            return new Direct(rate, latest);
        }
    }

    /**
     * One batch writer run.
     *
     * @param rate snapshots/s
     * @param latest the latest prices it left
     */
    private record Direct(double rate, String latest) {}

    /**
     * The batch writer alone, {@code bench.repeats} times, each run's latest prices equal to the first's, after the
     * warm-up passes over the topic (which also leave the writer's group at the end of it, so its listener stays idle).
     */
    private void directAlone(List<PriceSnapshot> snapshots, String copiedRows, double keyedCopyRate)
            throws SQLException, InterruptedException, ExecutionException {
        warmUpUntilCompiled(snapshots.size());
        String latest = null;
        for (int threads = 1; threads <= 2; threads++) {
            List<Direct> runs = new ArrayList<>();
            for (int run = 1; run <= repeats; run++) {
                runs.add(directWrites(snapshots, copiedRows, latest, threads));
                latest = runs.getFirst().latest();
            }
            double rate = median(runs, Direct::rate).rate();
            System.out.printf(
                    "BENCH ratio batch writer alone over %d connection%s (median of %d runs, %,.0f snapshots/s) / COPY"
                            + " (b) = %.2f%n",
                    threads, threads == 1 ? "" : "s", repeats, rate, rate / keyedCopyRate);
        }
    }

    // ---------------------------------------------------------------------------------------------- durability

    /**
     * A writer pass (default batch) into a PostgreSQL server of its own, started from the same binaries as the local stack's
     * with the given durability and otherwise default settings, so the two passes differ only in fsync, full-page
     * writes and synchronous commit.
     */
    private Pass durabilityPass(Durability durability, int total, String copiedRows, String latestExpected)
            throws Exception {
        Path dir = Files.createTempDirectory("bench-pg-" + durability.name().toLowerCase(Locale.ROOT));
        PostgresServer server =
                PostgresServer.prepare(dir.resolve("data"), FreePorts.find(), dir.resolve("pg.log"), durability);
        ChildProcess postgres = ChildProcess.start(server.spec("postgres-" + durability));
        try {
            postgres.awaitReady();
            server.createDatabaseIfMissing("bench");
            String url =
                    server.jdbcUrl("bench") + "?user=" + PostgresServer.USER + "&password=" + PostgresServer.PASSWORD;
            JdbcClient db = jdbc(url);
            System.out.printf(
                    "BENCH durability %s: fsync=%s, synchronous_commit=%s, full_page_writes=%s, shared_buffers=%s%n",
                    durability,
                    setting(db, "fsync"),
                    setting(db, "synchronous_commit"),
                    setting(db, "full_page_writes"),
                    setting(db, "shared_buffers"));
            try (WriterRun writer = WriterRun.startSettled(url, DEFAULT_BATCH)) {
                Pass pass = pass(writer, db, CpuMeter.of(db), DEFAULT_BATCH, total, copiedRows);
                assertThat(latestValues(db)).as("latest prices, %s", durability).isEqualTo(latestExpected);
                return pass;
            }
        } finally {
            postgres.stop();
            deleteRecursively(dir);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    // -------------------------------------------------------------------------------------------------- replay

    private record Replay(
            long nanos,
            long read,
            long newHistoryRows,
            long latestChanged,
            long topicBefore,
            long topicAfter,
            String load) {
        double rate() {
            return read / seconds(nanos);
        }
    }

    private Replay replay(WriterRun writer, JdbcClient db, int total) throws Exception {
        try (KafkaConsumer<byte[], byte[]> offsets = offsetReader()) {
            long topicBefore = endOffsets(offsets, Topics.LATEST_PRICES);
            String historyBefore = fullRows(db, HISTORY);
            String latestBefore = fullRows(db, "market.latest_prices");
            checkpoint(db);
            CpuMeter.awaitJitSettled();

            CpuMeter.Sample before = cpu.sample();
            long start = System.nanoTime();
            Progress progress = writer.replay().runNow(null);
            long nanos = System.nanoTime() - start;
            String used = cpu.sample().since(before, total);
            String load = loadAverage();

            assertThat(progress.error()).isNull();
            assertThat(progress.recordsRead()).isEqualTo(total);
            assertThat(progress.recordsSkipped()).isZero();
            Replay replay = new Replay(
                    nanos,
                    progress.recordsRead(),
                    progress.newHistoryRows(),
                    progress.latestPricesChanged(),
                    topicBefore,
                    endOffsets(offsets, Topics.LATEST_PRICES),
                    load);
            System.out.printf(
                    "BENCH replay from the beginning after the first pass: %,d records in %.2f s = %,.0f/s; %d new"
                            + " history rows, %d latest prices changed (replay's count);"
                            + " %s end offsets %,d -> %,d; %s; load average %s%n",
                    replay.read(),
                    seconds(nanos),
                    replay.rate(),
                    replay.newHistoryRows(),
                    replay.latestChanged(),
                    Topics.LATEST_PRICES,
                    topicBefore,
                    replay.topicAfter(),
                    used,
                    load);
            assertThat(replay.newHistoryRows()).isZero();
            assertThat(replay.latestChanged()).isZero();
            assertThat(replay.topicAfter()).isEqualTo(topicBefore);
            assertThat(fullRows(db, HISTORY)).isEqualTo(historyBefore);
            assertThat(fullRows(db, "market.latest_prices")).isEqualTo(latestBefore);
            return replay;
        }
    }

    // ------------------------------------------------------------------------------------------------- latency

    /** What this JVM (the in-JVM broker, the idle producer) costs doing nothing, in cores. */
    private void idle(Duration duration) {
        CpuMeter.Sample before = cpu.sample();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (long left = end - start; left > 0; left = end - System.nanoTime()) {
            LockSupport.parkNanos(left); // the measuring window itself: nothing to wait for
        }
        double seconds = seconds(System.nanoTime() - start);
        CpuMeter.Sample after = cpu.sample();
        System.out.printf(
                "BENCH idle (broker and registry client up, nothing produced or consumed) for %.0f s: JVM %.2f cores,"
                        + " PostgreSQL %.2f cores%n",
                seconds, (after.jvm() - before.jvm()) / seconds, (after.server() - before.server()) / seconds);
    }

    /**
     * What the benchmark's own producer costs at a rate, with no writer running: the latency phase's CPU per snapshot
     * includes it, since it runs on the same cores. Returns the snapshots produced.
     */
    private int producerAlone(BenchDataset dataset, int rate, Duration duration) {
        CpuMeter.Sample before = cpu.sample();
        int produced = producePaced(dataset, rate, duration);
        System.out.printf(
                "BENCH producer alone (no writer running) at %,d snapshots/s for %d s: %s%n",
                rate, duration.toSeconds(), cpu.sample().since(before, produced));
        return produced;
    }

    /** Produces new observations of existing keys at the rate for the duration, each stamped when sent; all acknowledged. */
    private int producePaced(BenchDataset dataset, int rate, Duration duration) {
        AtomicReference<Exception> failed = new AtomicReference<>();
        long start = System.nanoTime();
        int produced = producePaced(dataset, rate, start, start + duration.toNanos(), 0, failed);
        producer.flush();
        assertThat(failed.get()).isNull();
        return produced;
    }

    /**
     * Sends the snapshots of a run paced at the rate from {@code start}, from the {@code from}th to the last one due
     * before {@code end}; returns the number of the next one. A failure is kept in failed.
     */
    private int producePaced(
            BenchDataset dataset, int rate, long start, long end, int from, AtomicReference<Exception> failed) {
        int produced = from;
        while (awaitTurn(start, end, produced, rate) >= 0) {
            sendNow(dataset, produced, failed);
            produced++;
        }
        return produced;
    }

    /**
     * The latency phase's measured window: {@link #producePaced(BenchDataset, int, long, long, int, AtomicReference)}
     * with the time to every acknowledgement kept in acks and every {@code sampleEvery}th snapshot given to the probe.
     * A loop of its own, so the JIT compiles a small method rather than the whole phase while it is measured.
     */
    private Measured produceMeasured(
            BenchDataset dataset,
            LatencyProbe probe,
            AtomicLongArray acks,
            AtomicReference<Exception> failed,
            long start,
            long end,
            int rate,
            int from,
            int sampleEvery) {
        int count = 0;
        Instant first = null;
        for (int produced = from; awaitTurn(start, end, produced, rate) >= 0; produced++) {
            long sent = System.nanoTime();
            int index = count;
            PriceSnapshot snapshot = index < acks.length()
                    ? sendNow(dataset, produced, failed, nanos -> acks.set(index, nanos))
                    : sendNow(dataset, produced, failed);
            if (first == null) {
                first = snapshot.getObservedAt();
            }
            if (count % sampleEvery == 0) {
                probe.sample(snapshot, sent);
            }
            count++;
        }
        return new Measured(count, first);
    }

    /** What the measured window of a latency phase produced: how many snapshots, and the first one's observedAt. */
    private record Measured(int count, Instant from) {}

    /**
     * Waits until the {@code n}th send of a run paced at {@code rate} per second from {@code start} is due and returns
     * when it was due, or -1 if that is at or after {@code end}. Sends due within {@link #PACING} go at once (each
     * still stamped when sent): a thread woken thousands of times a second costs more CPU than the sends.
     */
    private static long awaitTurn(long start, long end, int n, int rate) {
        long due = start + (long) (n * 1e9 / rate);
        if (due >= end) {
            return -1;
        }
        long wait = due - System.nanoTime();
        if (wait > PACING.toNanos()) {
            LockSupport.parkNanos(wait);
        }
        return due;
    }

    /** Sends the {@code n}th paced snapshot, a new observation of a key stamped now; a failure is kept in failed. */
    private PriceSnapshot sendNow(BenchDataset dataset, int n, AtomicReference<Exception> failed) {
        return sendNow(dataset, n, failed, acked -> {});
    }

    /** {@link #sendNow(BenchDataset, int, AtomicReference)}, telling {@code acked} the nanoseconds to the broker's ack. */
    private PriceSnapshot sendNow(BenchDataset dataset, int n, AtomicReference<Exception> failed, LongConsumer acked) {
        long sent = System.nanoTime();
        PriceSnapshot snapshot = dataset.next(n % dataset.keys(), Instant.ofEpochMilli(System.currentTimeMillis()));
        producer.send(new ProducerRecord<>(Topics.PRICE_SNAPSHOTS, snapshot.getSku(), snapshot), (m, e) -> {
            if (e != null) {
                failed.compareAndSet(null, e);
            } else {
                acked.accept(System.nanoTime() - sent);
            }
        });
        return snapshot;
    }

    /**
     * The latency phase alone: the writer stores the topic (not timed), then is fed at the fixed rate, or at half the
     * highest live rate it keeps up with below {@code bench.live-ceiling}.
     */
    private void latencyAlone(BenchDataset dataset, int total) throws Exception {
        String url = TestInfra.newDatabase("bench_writer_latency");
        JdbcClient db = jdbc(url);
        cpu = CpuMeter.of(db);
        idle(Duration.ofSeconds(10));
        int producedAlone =
                producerAlone(dataset, latencyRate > 0 ? latencyRate : liveCeiling / 2, Duration.ofSeconds(20));
        WriterRun.forgetOffsets();
        try (WriterRun writer = WriterRun.start(url, DEFAULT_BATCH)) {
            long end = writer.endOffsets();
            await().atMost(Duration.ofMinutes(10))
                    .pollInterval(OFFSETS_POLL)
                    .until(() -> writer.committedOffsets() >= end);
            assertThat(count(db, "SELECT count(*) FROM " + HISTORY)).isEqualTo(total + producedAlone);
            if (latencyRate > 0) {
                latency(writer, dataset, db, url, latencyRate, "fixed");
            } else {
                int live = sustainableLiveRate(writer, dataset, liveCeiling);
                printLatency(liveBasis(live), latency(writer, dataset, db, url, fraction(live), liveBasis(live)));
            }
        }
    }

    /**
     * The highest rate the writer keeps up with while the snapshots are produced live beside it, on the same cores: a
     * pass over a full topic has the host to itself, while here the benchmark's producer and the broker's produce path
     * take their share. Bisected between a quarter of {@code ceiling} (assumed kept up) and {@code ceiling} in
     * {@link #LIVE_TRIALS} trials of {@link #liveTrial}; a trial keeps up if, when its production ends, the writer's
     * committed offsets trail the topic by at most {@link #LIVE_LAG_ALLOWED} of that production (a writer that cannot
     * keep up falls further behind every second). Returns the highest rate that kept up.
     */
    private int sustainableLiveRate(WriterRun writer, BenchDataset dataset, double ceiling) {
        int low = (int) Math.round(ceiling / 4);
        int high = (int) Math.round(ceiling);
        for (int trial = 1; trial <= LIVE_TRIALS; trial++) {
            int rate = (low + high) / 2;
            if (keepsUp(writer, dataset, rate)) {
                low = rate;
            } else {
                high = rate;
            }
        }
        System.out.printf(
                "BENCH live rate: the writer keeps up with %,d snapshots/s produced live on the same host, not with"
                        + " %,d (%d trials of %d s between %,d and %,d)%n",
                low, high, LIVE_TRIALS, liveTrial.toSeconds(), Math.round(ceiling / 4), Math.round(ceiling));
        return low;
    }

    /** One trial of {@link #sustainableLiveRate}: produces at the rate, says whether the writer kept up, lets it catch up. */
    private boolean keepsUp(WriterRun writer, BenchDataset dataset, int rate) {
        CpuMeter.awaitJitSettled();
        CpuMeter.Sample before = cpu.sample();
        int produced = producePaced(dataset, rate, liveTrial);
        long topicEnd = writer.endOffsets();
        long behind = topicEnd - writer.committedOffsets();
        String used = cpu.sample().since(before, produced);
        boolean keptUp = behind <= rate * LIVE_LAG_ALLOWED.toSeconds();
        long caughtUpFrom = System.nanoTime();
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(OFFSETS_POLL)
                .until(() -> writer.committedOffsets() >= topicEnd);
        System.out.printf(
                "BENCH live rate %,d snapshots/s for %d s: %,d snapshots behind when production ended (%.2f s of it),"
                        + " caught up %.1f s later: %s; %s; load average %s%n",
                rate,
                liveTrial.toSeconds(),
                behind,
                (double) behind / rate,
                seconds(System.nanoTime() - caughtUpFrom),
                keptUp ? "kept up" : "fell behind",
                used,
                loadAverage());
        return keptUp;
    }

    /**
     * Latency percentiles in ms.
     *
     * @param probeP50 produce to a poll seeing it in latest_prices, sampled
     * @param dbP50 produce to the start of the write transaction, every snapshot
     * @param committedP50 produce to the commit of the write transaction, every snapshot
     */
    private record Latency(
            double probeP50, double probeP99, double dbP50, double dbP99, double committedP50, double committedP99) {}

    /**
     * Produces new observations of existing keys at {@code rate} per second, first for a warm-up, then for the
     * configured time, each stamped with its produce time as observedAt, and measures the latter on the one host
     * clock: for every snapshot, the commit timestamp of its history row's transaction (also its latest row's) and
     * that transaction's start (written_at, its now(), also the latest row's updated_at) minus observedAt; and for 20
     * samples a second, the time until a poll sees it in latest_prices.
     */
    private Latency latency(WriterRun writer, BenchDataset dataset, JdbcClient db, String url, int rate, String basis)
            throws Exception {
        // a quiet server at the start, as after the passes: no vacuum or checkpoint owed to rows stored before
        db.sql("VACUUM (ANALYZE)").update();
        checkpoint(db);
        CpuMeter.awaitJitSettled();
        Instant phaseStart = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> checkpointsBefore = checkpoints(db);
        AtomicReference<Exception> failed = new AtomicReference<>();
        int produced;
        int measured;
        Instant measuredFrom;
        List<Long> probed;
        int timedOut;
        long elapsed;
        int sampleEvery = Math.max(1, rate / PROBES_PER_SECOND);
        CpuMeter.Sample before;
        String used;
        Map<String, Double> serverBefore;
        String serverByKind;
        // batches of the measured window the consumer thread wrote itself, and those written beside its next poll
        double consumerBatches;
        double overlappedBatches;
        // produce to the broker's acknowledgement of every measured snapshot: the producer's and the broker's share
        AtomicLongArray acks = new AtomicLongArray(rate * (latencySeconds + 1));
        try (LatencyProbe probe = new LatencyProbe(url)) {
            long start = System.nanoTime();
            long measureStart = start + LATENCY_WARM_UP.toNanos();
            long end = measureStart + Duration.ofSeconds(latencySeconds).toNanos();
            int warmUp = producePaced(dataset, rate, start, measureStart, 0, failed);
            before = cpu.sample();
            serverBefore = cpu.serverByKind(Map.of(probe.backendPid(), "latency probe"));
            consumerBatches = writer.batchesWrittenBy("consumer");
            overlappedBatches = writer.batchesWrittenBy("overlapped");
            Measured window = produceMeasured(dataset, probe, acks, failed, start, end, rate, warmUp, sampleEvery);
            measured = window.count();
            measuredFrom = window.from();
            produced = warmUp + measured;
            elapsed = System.nanoTime() - measureStart;
            used = cpu.sample().since(before, measured);
            serverByKind = CpuMeter.perItem(
                    serverBefore, cpu.serverByKind(Map.of(probe.backendPid(), "latency probe")), measured);
            consumerBatches = writer.batchesWrittenBy("consumer") - consumerBatches;
            overlappedBatches = writer.batchesWrittenBy("overlapped") - overlappedBatches;
            producer.flush();
            assertThat(failed.get()).isNull();
            long topicEnd = writer.endOffsets();
            await().atMost(Duration.ofMinutes(5))
                    .pollInterval(OFFSETS_POLL)
                    .until(() -> writer.committedOffsets() >= topicEnd);
            probed = probe.stop();
            timedOut = probe.timedOut();
        }
        String load = loadAverage();
        assertThat(count(db, "SELECT count(*) FROM " + HISTORY + " WHERE observed_at >= ?", phaseStart))
                .isEqualTo(produced);
        assertThat(timedOut).isZero();
        // every measured snapshot: to the start of its write transaction (written_at) and to its commit (the commit
        // timestamp of the history row's transaction, xmin: history rows are never updated)
        String latencies = "SELECT observed_at, written_at, extract(epoch FROM written_at - observed_at) * 1000 AS ms,"
                + " extract(epoch FROM pg_xact_commit_timestamp(xmin) - observed_at) * 1000 AS committed_ms FROM "
                + HISTORY + " WHERE observed_at >= ?";
        Map<String, Object> stored = db.sql("SELECT count(*) AS rows, count(DISTINCT written_at) AS transactions,"
                        + " percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,"
                        + " percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99, max(ms) AS max,"
                        + " percentile_cont(0.5) WITHIN GROUP (ORDER BY committed_ms) AS committed_p50,"
                        + " percentile_cont(0.99) WITHIN GROUP (ORDER BY committed_ms) AS committed_p99,"
                        + " max(committed_ms) AS committed_max FROM (" + latencies + ") t")
                .param(measuredFrom.atOffset(ZoneOffset.UTC))
                .query()
                .singleRow();
        // whether the tail is spread over the run or comes from a few bad seconds
        List<Map<String, Object>> seconds = db.sql("SELECT floor(extract(epoch FROM observed_at - ?))::int"
                        + " AS second, count(*) AS snapshots, max(committed_ms) AS worst,"
                        + " count(*) FILTER (WHERE committed_ms > 100) AS slow FROM (" + latencies + ") t"
                        + " GROUP BY 1 ORDER BY worst DESC")
                .params(measuredFrom.atOffset(ZoneOffset.UTC), measuredFrom.atOffset(ZoneOffset.UTC))
                .query()
                .listOfRows();
        long slowSeconds = seconds.stream()
                .filter(row -> ((Number) row.get("slow")).longValue() > 0)
                .count();
        String worstSeconds = seconds.stream()
                .limit(5)
                .map(row -> String.format(
                        "+%s s %.0f ms (%s of %s over 100 ms)",
                        row.get("second"),
                        ((Number) row.get("worst")).doubleValue(),
                        row.get("slow"),
                        row.get("snapshots")))
                .collect(Collectors.joining(", "));
        // where a slow second's time went: long write transactions (the server, or the writer between its statement
        // and its commit) or long gaps between one commit and the next transaction's start (the consumer, the
        // broker or the host)
        List<Map<String, Object>> written = db.sql("SELECT extract(epoch FROM written_at - ?) AS at, n,"
                        + " extract(epoch FROM committed - written_at) * 1000 AS duration,"
                        + " extract(epoch FROM written_at - lag(committed) OVER (ORDER BY written_at)) * 1000 AS gap"
                        + " FROM (SELECT written_at, pg_xact_commit_timestamp(xmin) AS committed, count(*) AS n FROM "
                        + HISTORY + " WHERE observed_at >= ? GROUP BY written_at, xmin) t")
                .params(measuredFrom.atOffset(ZoneOffset.UTC), measuredFrom.atOffset(ZoneOffset.UTC))
                .query()
                .listOfRows();
        String longest = worst(written, "duration", row -> " (" + row.get("n") + " snapshots)");
        String gaps = worst(written, "gap", row -> "");
        String serverEvents = serverEvents(db, measuredFrom, checkpointsBefore);
        List<Long> sorted = probed.stream().sorted().toList();
        Latency latency = new Latency(
                percentile(sorted, 0.5),
                percentile(sorted, 0.99),
                ((Number) stored.get("p50")).doubleValue(),
                ((Number) stored.get("p99")).doubleValue(),
                ((Number) stored.get("committed_p50")).doubleValue(),
                ((Number) stored.get("committed_p99")).doubleValue());
        long transactions = ((Number) stored.get("transactions")).longValue();
        System.out.printf(
                "BENCH latency at %,d snapshots/s (%s) for %.0f s after a %d s warm-up at that"
                        + " rate (not measured): %,d produced (%,.0f/s) as new observations of existing keys; %,d"
                        + " transactions (%.1f snapshots each; batches written by the consumer thread %,.0f, overlapped"
                        + " with its next poll %,.0f); %s (producer and latency probe included)%n",
                rate,
                basis,
                seconds(elapsed),
                LATENCY_WARM_UP.toSeconds(),
                measured,
                measured / seconds(elapsed),
                transactions,
                (double) measured / transactions,
                consumerBatches,
                overlappedBatches,
                used);
        System.out.printf(
                "BENCH latency produce -> write transaction start (written_at = updated_at - observedAt, all %,d):"
                        + " p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                ((Number) stored.get("rows")).longValue(),
                latency.dbP50(),
                latency.dbP99(),
                ((Number) stored.get("max")).doubleValue());
        System.out.printf(
                "BENCH latency produce -> committed (pg_xact_commit_timestamp(xmin) - observedAt, all %,d): p50 %.1f"
                        + " ms, p99 %.1f ms, max %.1f ms%n",
                ((Number) stored.get("rows")).longValue(),
                latency.committedP50(),
                latency.committedP99(),
                ((Number) stored.get("committed_max")).doubleValue());
        List<Long> acked = IntStream.range(0, Math.min(measured, acks.length()))
                .mapToObj(acks::get)
                .sorted()
                .toList();
        System.out.printf(
                "BENCH latency produce -> acknowledged by the broker (the benchmark's producer and the broker on the"
                        + " same cores; all %,d): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                acked.size(),
                percentile(acked, 0.5),
                percentile(acked, 0.99),
                acked.isEmpty() ? Double.NaN : acked.getLast() / 1e6);
        System.out.printf(
                "BENCH latency by second of the run: %d of %d seconds had a snapshot over 100 ms to its commit;"
                        + " worst seconds %s%n",
                slowSeconds, seconds.size(), worstSeconds);
        System.out.printf(
                "BENCH latency server work during the phase (seconds from the start of the measured window): %s%n",
                serverEvents);
        System.out.printf("BENCH latency PostgreSQL CPU by process during the phase: %s%n", serverByKind);
        System.out.printf(
                "BENCH latency longest write transactions (start to commit): %s; longest gaps from a commit to the"
                        + " next transaction's start: %s%n",
                longest, gaps);
        System.out.printf(
                "BENCH latency produce -> visible in latest_prices (committed; %,d samples, polled every %d ms):"
                        + " p50 %.1f ms, p99 %.1f ms, max %.1f ms; load average %s%n",
                sorted.size(),
                LatencyProbe.POLL.toMillis(),
                latency.probeP50(),
                latency.probeP99(),
                sorted.isEmpty() ? Double.NaN : sorted.getLast() / 1e6,
                load);
        return latency;
    }

    /** The five transactions with the largest value of a column, as {@code +at s value ms}. */
    private static String worst(
            List<Map<String, Object>> transactions, String column, Function<Map<String, Object>, String> detail) {
        return transactions.stream()
                .filter(row -> row.get(column) != null)
                .sorted(Comparator.comparingDouble(row -> -((Number) row.get(column)).doubleValue()))
                .limit(5)
                .map(row -> String.format(
                                "+%.2f s %.0f ms",
                                ((Number) row.get("at")).doubleValue(), ((Number) row.get(column)).doubleValue())
                        + detail.apply(row))
                .collect(Collectors.joining(", "));
    }

    /** The server's checkpoint counters and the start of its last completed checkpoint. */
    private static Map<String, Object> checkpoints(JdbcClient db) {
        return db.sql("SELECT num_timed, num_requested, (SELECT checkpoint_time FROM pg_control_checkpoint()) AS last"
                        + " FROM pg_stat_checkpointer")
                .query()
                .singleRow();
    }

    /**
     * Checkpoints and autovacuum runs of the phase, to set beside its slow seconds: how many checkpoints were timed
     * or requested (by WAL volume) and when the last completed one began, and when autovacuum or autoanalyze last
     * finished on each of the writer's tables, as seconds from {@code from}.
     */
    private static String serverEvents(JdbcClient db, Instant from, Map<String, Object> before) {
        Map<String, Object> after = checkpoints(db);
        long timed = ((Number) after.get("num_timed")).longValue() - ((Number) before.get("num_timed")).longValue();
        long requested =
                ((Number) after.get("num_requested")).longValue() - ((Number) before.get("num_requested")).longValue();
        List<String> events = new ArrayList<>();
        events.add(String.format(
                "checkpoints %d timed + %d requested, the last completed one began at %s",
                timed, requested, offset(from, after.get("last"))));
        db.sql("SELECT relname, last_autovacuum, last_autoanalyze FROM pg_stat_user_tables WHERE schemaname = 'market'"
                        + " AND (last_autovacuum >= ? OR last_autoanalyze >= ?) ORDER BY relname")
                .params(from.atOffset(ZoneOffset.UTC), from.atOffset(ZoneOffset.UTC))
                .query()
                .listOfRows()
                .forEach(row -> events.add(String.format(
                        "autovacuum of %s ended at %s, autoanalyze at %s",
                        row.get("relname"),
                        offset(from, row.get("last_autovacuum")),
                        offset(from, row.get("last_autoanalyze")))));
        return String.join("; ", events);
    }

    private static String offset(Instant from, Object timestamp) {
        if (!(timestamp instanceof Timestamp at)) {
            return "-";
        }
        return String.format("%+.1f s", Duration.between(from, at.toInstant()).toMillis() / 1000.0);
    }

    /** Nearest-rank percentile of sorted nanosecond values, in milliseconds. */
    private static double percentile(List<Long> sorted, double fraction) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(fraction * sorted.size());
        return sorted.get(Math.max(0, rank - 1)) / 1e6;
    }

    // ------------------------------------------------------------------------------------------ infrastructure

    private static void createSnapshotTopic() throws InterruptedException {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers()))) {
            // the writer creates its topics with 3 partitions (market.kafka.partitions)
            admin.createTopics(List.of(new NewTopic(Topics.PRICE_SNAPSHOTS, 3, (short) 1)))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create " + Topics.PRICE_SNAPSHOTS, e.getCause());
            }
        }
    }

    /** Produces the snapshots keyed by sku, as the fetchers do, and waits for every acknowledgement. */
    private void produce(List<PriceSnapshot> snapshots) {
        Map<String, Object> config =
                new HashMap<>(EventSerde.properties(TestInfra.registry().coreApiUrl()));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerde.SERIALIZER);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer = new KafkaProducer<>(config);
        AtomicReference<Exception> failed = new AtomicReference<>();
        for (PriceSnapshot snapshot : snapshots) {
            producer.send(new ProducerRecord<>(Topics.PRICE_SNAPSHOTS, snapshot.getSku(), snapshot), (m, e) -> {
                if (e != null) {
                    failed.compareAndSet(null, e);
                }
            });
        }
        producer.flush();
        assertThat(failed.get()).isNull();
    }

    private static KafkaConsumer<byte[], byte[]> offsetReader() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
    }

    private static long endOffsets(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        return consumer.endOffsets(partitions).values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }

    private static void migrate(String url) {
        Flyway.configure()
                .dataSource(url, "postgres", "postgres")
                .schemas("market")
                .defaultSchema("market")
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    private JdbcClient jdbc(String url) throws SQLException {
        SingleConnectionDataSource dataSource = new SingleConnectionDataSource(url, true);
        connections.add(dataSource);
        return JdbcClient.create(dataSource);
    }

    private static void printServer(JdbcClient db) {
        System.out.printf(
                "BENCH server: %s; fsync %s, synchronous_commit %s, full_page_writes %s, shared_buffers %s,"
                        + " max_wal_size %s%n",
                setting(db, "server_version"),
                setting(db, "fsync"),
                setting(db, "synchronous_commit"),
                setting(db, "full_page_writes"),
                setting(db, "shared_buffers"),
                setting(db, "max_wal_size"));
    }

    private static String setting(JdbcClient db, String name) {
        return db.sql("SELECT current_setting(?)")
                .param(name)
                .query(String.class)
                .single();
    }

    /**
     * Drops a database a part is done with, so that autovacuum does not work through its rows while later parts are
     * timed.
     */
    private static void drop(JdbcClient db) {
        String name = db.sql("SELECT current_database()").query(String.class).single();
        try (Connection connection = TestInfra.postgres().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop database " + name, e);
        }
    }

    /** Starts each timed part from a clean checkpoint, so none pays for the previous one's dirty pages. */
    private static void checkpoint(JdbcClient db) {
        db.sql("CHECKPOINT").update();
    }

    private static long count(JdbcClient db, String sql, Object... params) {
        Object[] bound = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            bound[i] = params[i] instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : params[i];
        }
        return db.sql(sql).params(bound).query(Long.class).single();
    }

    /** Row count and a hash over the inserted columns of every row, order-independent. */
    private static String fingerprint(JdbcClient db, String table) {
        return db.sql("SELECT count(*) || '/' || coalesce(sum(hashtextextended(ROW("
                        + String.join(", ", CopyLoad.COLUMNS) + ")::text, 0)), 0) FROM " + table)
                .query(String.class)
                .single();
    }

    /** Row count and a hash over whole rows, timestamps set by the database included. */
    private static String fullRows(JdbcClient db, String table) {
        return db.sql("SELECT count(*) || '/' || coalesce(sum(hashtextextended(t::text, 0)), 0) FROM " + table + " t")
                .query(String.class)
                .single();
    }

    private static String latestValues(JdbcClient db) {
        return db.sql("SELECT count(*) || '/' || coalesce(sum(hashtextextended(ROW(" + LATEST_VALUES
                        + ")::text, 0)), 0) FROM market.latest_prices")
                .query(String.class)
                .single();
    }

    private static String primaryKey(JdbcClient db, String table) {
        return db.sql("SELECT coalesce(string_agg(pg_get_constraintdef(oid), '; '), '') FROM pg_constraint"
                        + " WHERE conrelid = ?::regclass AND contype = 'p'")
                .param(table)
                .query(String.class)
                .single();
    }

    private static List<String> indexes(JdbcClient db, String table) {
        return db.sql("SELECT indexrelid::regclass::text || ' ' || pg_get_indexdef(indexrelid) FROM pg_index"
                        + " WHERE indrelid = ?::regclass ORDER BY 1")
                .param(table)
                .query(String.class)
                .list();
    }

    private static TreeSet<YearMonth> months(List<PriceSnapshot> snapshots) {
        TreeSet<YearMonth> months = new TreeSet<>();
        snapshots.forEach(s -> months.add(YearMonth.from(s.getObservedAt().atZone(ZoneOffset.UTC))));
        return months;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "n/a";
        }
    }
}
