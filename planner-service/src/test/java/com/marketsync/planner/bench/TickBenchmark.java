package com.marketsync.planner.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.events.Priority;
import com.marketsync.events.Provider;
import com.marketsync.events.SyncRequest;
import com.marketsync.events.Tier;
import com.marketsync.planner.schedule.DuePlanner;
import com.marketsync.planner.schedule.SyncRequestPublisher;
import com.marketsync.planner.schedule.TickReport;
import com.marketsync.schemas.Topics;
import com.marketsync.testkit.MovableClock;
import com.marketsync.testkit.TestInfra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Times one planner tick for one provider over catalogs of 1,000,000 and 10,000,000 products × 3 regions in
 * PostgreSQL, with the same due work at every size (about 30,000 due keys, of which a tick emits exactly 10,000), so
 * the figures show whether a tick costs what the due work costs or what the catalog costs. Profile {@code bench}
 * only ({@code -Dbench.products=1000000,10000000 -Dbench.due=30000 -Dbench.ticks=5}); prints BENCH lines for
 * docs/BENCHMARKS.md and asserts only that every tick emits exactly 10,000 requests, the most overdue ones.
 */
@SpringBootTest(
        properties = {
            "market.planner.scheduling=false",
            "market.planner.demo-catalog=false",
            // Alias has one credential for all its regions: 100 calls/s over a 100 s tick is exactly 10,000 requests
            "market.planner.tick-interval=100s",
            "market.planner.lease=10m",
            "market.planner.buffer=0",
            "market.planner.max-requests-per-tick=10000",
            "market.providers.alias.regions=US,EU,GB",
            "market.providers.alias.budget.per-second=100",
            "logging.level.org.apache.kafka.clients.consumer.internals.OffsetFetcherUtils=ERROR",
        })
@DirtiesContext
class TickBenchmark {

    private static final Instant START = Instant.parse("2026-12-01T12:00:00Z");
    private static final MovableClock CLOCK = new MovableClock(START);
    private static final int PER_TICK = 10_000;
    private static final List<String> REGIONS = List.of("US", "EU", "GB");
    /** Bytes per key (row, its share of the product, indexes) assumed before the first size has been measured. */
    private static final long ASSUMED_BYTES_PER_KEY = 450;

    private final List<Integer> sizes = Arrays.stream(
                    System.getProperty("bench.products", "1000000,10000000").split(","))
            .map(String::trim)
            .map(Integer::parseInt)
            .toList();
    private final int due = Integer.getInteger("bench.due", 30_000);
    private final int ticks = Integer.getInteger("bench.ticks", 5);

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfra.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        String url = BenchPostgres.newDatabase("planner_tick_bench");
        registry.add("spring.datasource.url", () -> url);
    }

    @TestConfiguration
    static class TestClock {
        @Bean
        @Primary
        Clock movableClock() {
            return CLOCK;
        }
    }

    @Autowired
    DuePlanner planner;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    SyncRequestPublisher publisher;

    private KafkaConsumer<byte[], byte[]> offsets;
    private String claimSql;
    private String countSql;

    @BeforeEach
    void connect() {
        offsets = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }

    @AfterEach
    void disconnect() {
        offsets.close();
        clear();
    }

    @Test
    void aTickCostsWhatTheDueWorkCostsNotWhatTheCatalogCosts() {
        System.out.printf(
                "BENCH tick: sizes %s products x %d regions, ~%d due keys, %d requests per tick, %d timed ticks"
                        + " per mode, %d cores, max heap %d MiB, load average %s%n",
                sizes,
                REGIONS.size(),
                due,
                PER_TICK,
                ticks,
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                loadAverage());
        List<Result> results = new ArrayList<>();
        long bytesPerKey = ASSUMED_BYTES_PER_KEY;
        for (int products : sizes) {
            long keys = (long) products * REGIONS.size();
            // the data, its indexes while they are built, and WAL
            long needed = keys * bytesPerKey * 3 / 2 + (2L << 30);
            long free = freeDiskBytes();
            System.out.printf(
                    "BENCH tick %,d products: disk %,d MiB free under %s, ~%,d MiB needed%n",
                    products, free >> 20, dataDirectory(), needed >> 20);
            if (free < needed) {
                System.out.printf("BENCH tick %,d products: SKIPPED, not enough disk for %,d keys%n", products, keys);
                continue;
            }
            Result result = measure(products);
            results.add(result);
            bytesPerKey = Math.max(1, result.databaseBytes() / keys);
            clear();
        }
        System.out.println("BENCH tick summary (ms; claim and SQL are server time per tick):");
        System.out.println("BENCH   products | keys | load s | db MiB | first tick | median tick, new keys each tick"
                + " | claim | all SQL | publish alone | median tick, same keys re-armed | claim"
                + " | heap MiB before -> after | load average");
        for (Result r : results) {
            System.out.printf(
                    "BENCH   %,d | %,d | %.0f | %,d | %d | %d %s | %.0f | %.0f | %d | %d %s | %.0f | %d -> %d | %s%n",
                    r.products(),
                    (long) r.products() * REGIONS.size(),
                    r.loadSeconds(),
                    r.databaseBytes() >> 20,
                    r.first().millis(),
                    r.fresh().median(),
                    r.fresh().millis(),
                    r.fresh().claimMillis(),
                    r.fresh().sqlMillis(),
                    r.publishMillis(),
                    r.rearmed().median(),
                    r.rearmed().millis(),
                    r.rearmed().claimMillis(),
                    r.heapBefore() >> 20,
                    r.heapAfter() >> 20,
                    r.loadAverage());
        }
        if (results.size() > 1) {
            Result smallest = results.getFirst();
            Result largest = results.getLast();
            System.out.printf(
                    "BENCH tick ratio %,d -> %,d products (x%.0f catalog): median tick x%.2f, claim x%.2f,"
                            + " heap after GC %+d MiB%n",
                    smallest.products(),
                    largest.products(),
                    (double) largest.products() / smallest.products(),
                    (double) largest.fresh().median() / smallest.fresh().median(),
                    largest.fresh().claimMillis() / smallest.fresh().claimMillis(),
                    (largest.heapAfter() - smallest.heapAfter()) >> 20);
        }
        assertThat(results).as("at least one size fits on this disk").isNotEmpty();
    }

    private Result measure(int products) {
        CLOCK.set(START);
        double loadSeconds = load(products);
        long databaseBytes = jdbc.sql("SELECT pg_database_size(current_database())")
                .query(Long.class)
                .single();
        System.out.printf(
                "BENCH tick %,d products: database %,d MiB; sync_state heap %,d MiB, indexes %s%n",
                products, databaseBytes >> 20, relationBytes("sync_state") >> 20, indexSizes());
        long publishMillis = publishAlone(products);

        // right after the load and a checkpoint, with the JVM warm from the publishing above
        Tick first = tick(products, "first");
        long heapBefore = heapAfterGc();
        // As in production, each tick leases keys no tick has touched yet: the keys the last tick leased are settled
        // as a success would settle them, and the clock moves on until about 10,000 more keys have come due.
        Duration step = stepForTenThousandNewlyDue(products);
        List<Tick> fresh = new ArrayList<>();
        for (int i = 0; i < ticks; i++) {
            settleLeased();
            CLOCK.set(CLOCK.instant().plus(step));
            fresh.add(tick(products, "new keys " + (i + 1)));
        }
        long heapAfter = heapAfterGc();
        printStatements(products, fresh.getLast().statements());
        // The same keys again and again (their leases cleared, nothing vacuumed in between): each key gathers dead
        // row versions, so this is a pessimistic figure, kept for comparison.
        List<Tick> rearmed = new ArrayList<>();
        for (int i = 0; i < ticks; i++) {
            rearm();
            rearmed.add(tick(products, "same keys " + (i + 1)));
        }
        settleLeased();
        CLOCK.set(CLOCK.instant().plus(step));
        explain(products);

        Series freshSeries = Series.of(fresh);
        Series rearmedSeries = Series.of(rearmed);
        System.out.printf(
                "BENCH tick %,d products: first tick %d ms; new keys each tick %s ms, median %d ms, claim %.0f ms and all"
                        + " SQL %.0f ms per tick (server), %.1f MiB allocated by the ticking thread per tick; same keys"
                        + " re-armed %s ms, median %d ms, claim %.0f ms per tick; publishing 10,000 requests alone %d"
                        + " ms; heap after GC %d MiB before, %d MiB after the ticks%n",
                products,
                first.millis(),
                freshSeries.millis(),
                freshSeries.median(),
                freshSeries.claimMillis(),
                freshSeries.sqlMillis(),
                freshSeries.allocatedBytes() / 1048576.0,
                rearmedSeries.millis(),
                rearmedSeries.median(),
                rearmedSeries.claimMillis(),
                publishMillis,
                heapBefore >> 20,
                heapAfter >> 20);
        return new Result(
                products,
                loadSeconds,
                databaseBytes,
                first,
                freshSeries,
                rearmedSeries,
                publishMillis,
                heapBefore,
                heapAfter,
                loadAverage());
    }

    /** One tick, timed, with its SQL timed by the server; checks it emitted exactly the most overdue keys. */
    private Tick tick(int products, String name) {
        Map<Tier, Integer> expected = expectedClaims(dueByTier());
        long onTopic = requestsOnTopic();
        jdbc.sql("SELECT public.pg_stat_statements_reset()").query().listOfRows();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long started = System.nanoTime();
        TickReport report = planner.tick();
        long millis = (System.nanoTime() - started) / 1_000_000;
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        List<Statement> statements = statements();

        TickReport.ProviderTick alias = report.providers().get(Provider.ALIAS);
        assertThat(report.emitted()).as("requests emitted by one tick").isEqualTo(PER_TICK);
        assertThat(alias.emittedByTier()).containsAllEntriesOf(expected);
        assertThat(requestsOnTopic() - onTopic)
                .as("requests that reached the Alias request topic")
                .isEqualTo(PER_TICK);
        assertThat(jdbc.sql("SELECT count(*) FROM sync_state WHERE provider = 'ALIAS'"
                                + " AND in_flight_request_id IS NOT NULL")
                        .query(Long.class)
                        .single())
                .as("keys leased")
                .isEqualTo(PER_TICK);
        for (Tier tier : List.of(Tier.HOT, Tier.WARM, Tier.COLD)) {
            assertMostOverdueClaimed(tier);
        }
        double claim = statements.stream()
                .filter(s -> s.query().contains("FOR UPDATE SKIP LOCKED")
                        && s.query().contains("tier_rank"))
                .mapToDouble(Statement::millis)
                .sum();
        double sql = statements.stream().mapToDouble(Statement::millis).sum();
        System.out.printf(
                "BENCH tick %,d products: tick %s at %s: %d ms, claims %s (due %s), claim %.0f ms, all SQL %.0f ms"
                        + " (server); load average %s%n",
                products, name, CLOCK.instant(), millis, alias.emittedByTier(), expected, claim, sql, loadAverage());
        return new Tick(millis, claim, sql, allocated, statements);
    }

    /**
     * Publishes 10,000 requests through the planner's publisher, without a tick, three times: what Kafka alone costs
     * of a tick (and the producer's warm-up before the first tick). Returns the median in milliseconds.
     */
    private long publishAlone(int products) {
        List<Long> millis = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            List<SyncRequest> requests = new ArrayList<>(PER_TICK);
            for (int i = 0; i < PER_TICK; i++) {
                requests.add(SyncRequest.newBuilder()
                        .setRequestId(UUID.randomUUID().toString())
                        .setSku("BN" + String.format("%09d", i + 1))
                        .setProvider(Provider.ALIAS)
                        .setRegion(REGIONS.get(i % REGIONS.size()))
                        .setPriority(Priority.BACKGROUND)
                        .setTier(Tier.WARM)
                        .setReason("DUE")
                        .setRequestedAt(CLOCK.instant())
                        .setRequestedBy("tick-benchmark")
                        .setNotAfter(CLOCK.instant().plusSeconds(600))
                        .build());
            }
            long started = System.nanoTime();
            publisher.publish(requests);
            millis.add((System.nanoTime() - started) / 1_000_000);
        }
        System.out.printf(
                "BENCH tick %,d products: publishing 10,000 requests alone (no tick): %s ms%n", products, millis);
        return millis.stream().sorted().toList().get(1);
    }

    /** How far the clock must move for about 10,000 keys not yet due to come due, from how the load spread them. */
    private static Duration stepForTenThousandNewlyDue(int products) {
        double keys = (double) products * REGIONS.size();
        double perMinute = keys * (0.1 / 54 + 0.3 / 324 + 0.6 / 1296);
        return Duration.ofMillis(Math.round(PER_TICK / perMinute * 60_000));
    }

    /** Ends the leases of the last tick as successes would: the keys are due again after their refresh interval. */
    private void settleLeased() {
        jdbc.sql("""
                        UPDATE sync_state
                        SET in_flight_request_id = NULL, in_flight_priority = NULL, lease_expires_at = NULL,
                            last_success_at = ?, last_outcome_status = 'SUCCEEDED', last_outcome_at = ?,
                            next_due_at = ?::timestamptz + (CASE tier_rank WHEN 0 THEN 54 WHEN 1 THEN 324 ELSE 1296 END)
                                * interval '1 minute'
                        WHERE provider = 'ALIAS' AND in_flight_request_id IS NOT NULL
                        """)
                .params(
                        Timestamp.from(CLOCK.instant()),
                        Timestamp.from(CLOCK.instant()),
                        Timestamp.from(CLOCK.instant()))
                .update();
    }

    /** No key left due in a tier is more overdue than a key the tick leased in it. */
    private void assertMostOverdueClaimed(Tier tier) {
        Timestamp latestClaimed = jdbc.sql("""
                        SELECT max(next_due_at) FROM sync_state
                        WHERE provider = 'ALIAS' AND in_flight_request_id IS NOT NULL AND tier_rank = ?
                        """)
                .param(rank(tier))
                .query(Timestamp.class)
                .optional()
                .orElse(null);
        Timestamp earliestLeft = jdbc.sql("""
                        SELECT min(next_due_at) FROM sync_state
                        WHERE provider = 'ALIAS' AND tier_rank = ? AND scheduled AND in_flight_request_id IS NULL
                          AND next_due_at <= ?
                        """)
                .params(rank(tier), Timestamp.from(CLOCK.instant()))
                .query(Timestamp.class)
                .optional()
                .orElse(null);
        if (latestClaimed != null && earliestLeft != null) {
            assertThat(latestClaimed).as("%s: most overdue first", tier).isBeforeOrEqualTo(earliestLeft);
        }
    }

    /** Makes the keys the last tick leased due again, as if their requests had been lost. */
    private void rearm() {
        jdbc.sql("""
                        UPDATE sync_state
                        SET in_flight_request_id = NULL, in_flight_priority = NULL, lease_expires_at = NULL
                        WHERE provider = 'ALIAS' AND in_flight_request_id IS NOT NULL
                        """).update();
    }

    /**
     * Loads the catalog: products and one Alias key per region, 10 % HOT, 30 % WARM, 60 % COLD; about {@code due}
     * keys overdue by up to their refresh interval, the rest due within it. Keys and indexes are dropped for the load
     * and rebuilt from their own definitions, as a bulk import would. Returns the seconds it took.
     */
    private double load(int products) {
        long started = System.nanoTime();
        double dueShare = Math.min(1.0, (double) due / ((long) products * REGIONS.size()));
        long[] phases = new long[4];
        transactions.executeWithoutResult(status -> {
            jdbc.sql("SET LOCAL maintenance_work_mem = '1GB'").update();
            List<String> restore = dropKeysAndIndexes();
            long t0 = System.nanoTime();
            jdbc.sql("""
                            INSERT INTO products (sku, name, brand, tier)
                            SELECT 'BN' || lpad(i::text, 9, '0'), 'Bench sneaker ' || i,
                                   (ARRAY['Nike', 'Jordan', 'Adidas', 'New Balance', 'Asics'])[1 + i % 5],
                                   CASE WHEN i % 10 = 0 THEN 'HOT' WHEN i % 10 <= 3 THEN 'WARM' ELSE 'COLD' END
                            FROM generate_series(1, ?) AS i
                            """).param(products).update();
            long t1 = System.nanoTime();
            jdbc.sql("SELECT setseed(0.42)").query().listOfRows();
            // refresh intervals are the tiers' targets (1 h, 6 h, 24 h) less the default 10 % refresh-ahead
            jdbc.sql("""
                            INSERT INTO sync_state (sku, provider, region, tier_rank, scheduled, next_due_at,
                                                    last_requested_at, last_success_at, last_outcome_status,
                                                    last_outcome_at)
                            SELECT sku, 'ALIAS', region, tier_rank, true, next_due_at, next_due_at - refresh,
                                   next_due_at - refresh, 'SUCCEEDED', next_due_at - refresh
                            FROM (SELECT sku, region, tier_rank, refresh,
                                         CASE WHEN random() < ? THEN ?::timestamptz - random() * refresh
                                              ELSE ?::timestamptz + interval '1 second' + random() * refresh
                                         END AS next_due_at
                                  FROM (SELECT 'BN' || lpad(i::text, 9, '0') AS sku, r.region,
                                               (CASE WHEN i % 10 = 0 THEN 0 WHEN i % 10 <= 3 THEN 1 ELSE 2 END)
                                                   ::smallint AS tier_rank,
                                               (CASE WHEN i % 10 = 0 THEN 54 WHEN i % 10 <= 3 THEN 324 ELSE 1296 END)
                                                   * interval '1 minute' AS refresh
                                        FROM generate_series(1, ?) AS i
                                        CROSS JOIN (VALUES ('US'), ('EU'), ('GB')) AS r(region)) AS keys
                                  OFFSET 0) AS spread
                            """)
                    .params(dueShare, Timestamp.from(START), Timestamp.from(START), products)
                    .update();
            long t2 = System.nanoTime();
            restore.forEach(sql -> jdbc.sql(sql).update());
            long t3 = System.nanoTime();
            phases[0] = t1 - t0;
            phases[1] = t2 - t1;
            phases[2] = t3 - t2;
        });
        long t4 = System.nanoTime();
        jdbc.sql("VACUUM (ANALYZE) products").update();
        jdbc.sql("VACUUM (ANALYZE) sync_state").update();
        jdbc.sql("CHECKPOINT").update();
        phases[3] = System.nanoTime() - t4;
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                "BENCH tick %,d products: loaded in %.0f s (products %.0f s, sync_state %.0f s, keys and indexes"
                        + " %.0f s, vacuum analyze and checkpoint %.0f s)%n",
                products, seconds, phases[0] / 1e9, phases[1] / 1e9, phases[2] / 1e9, phases[3] / 1e9);
        return seconds;
    }

    /**
     * Drops the keys and indexes of products and sync_state (and the foreign keys pointing at products) and returns
     * the statements that put them back, in order.
     */
    private List<String> dropKeysAndIndexes() {
        List<Map<String, Object>> constraints = jdbc.sql("""
                        SELECT conrelid::regclass::text AS tbl, conname, contype, pg_get_constraintdef(oid) AS def
                        FROM pg_constraint
                        WHERE contype IN ('p', 'u', 'f')
                          AND (conrelid IN ('products'::regclass, 'sync_state'::regclass)
                               OR confrelid = 'products'::regclass)
                        ORDER BY contype
                        """).query().listOfRows();
        List<Map<String, Object>> indexes = jdbc.sql("""
                        SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS def
                        FROM pg_index i
                        WHERE indrelid IN ('products'::regclass, 'sync_state'::regclass)
                          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                        """).query().listOfRows();
        // foreign keys ('f') first, then primary and unique keys
        constraints.forEach(c -> jdbc.sql("ALTER TABLE " + c.get("tbl") + " DROP CONSTRAINT " + c.get("conname"))
                .update());
        indexes.forEach(i -> jdbc.sql("DROP INDEX " + i.get("name")).update());
        List<String> restore = new ArrayList<>();
        constraints.reversed().stream()
                .filter(c -> !"f".equals(String.valueOf(c.get("contype"))))
                .forEach(c -> restore.add(
                        "ALTER TABLE " + c.get("tbl") + " ADD CONSTRAINT " + c.get("conname") + " " + c.get("def")));
        indexes.forEach(i -> restore.add(String.valueOf(i.get("def"))));
        constraints.stream()
                .filter(c -> "f".equals(String.valueOf(c.get("contype"))))
                .forEach(c -> restore.add(
                        "ALTER TABLE " + c.get("tbl") + " ADD CONSTRAINT " + c.get("conname") + " " + c.get("def")));
        return restore;
    }

    private void clear() {
        jdbc.sql("TRUNCATE sync_state, provider_mappings, manual_requests, products, sync_runs")
                .update();
        jdbc.sql("CHECKPOINT").update();
    }

    private Map<Tier, Integer> dueByTier() {
        Map<Tier, Integer> due = new EnumMap<>(Tier.class);
        for (Tier tier : List.of(Tier.HOT, Tier.WARM, Tier.COLD)) {
            due.put(
                    tier,
                    jdbc.sql("""
                                    SELECT count(*) FROM sync_state
                                    WHERE provider = 'ALIAS' AND tier_rank = ? AND scheduled
                                      AND in_flight_request_id IS NULL AND next_due_at <= ?
                                    """)
                            .params(rank(tier), Timestamp.from(CLOCK.instant()))
                            .query(Integer.class)
                            .single());
        }
        return due;
    }

    /** What a tick leases per tier: HOT first, then WARM, then COLD, until 10,000. */
    private static Map<Tier, Integer> expectedClaims(Map<Tier, Integer> dueByTier) {
        Map<Tier, Integer> claims = new EnumMap<>(Tier.class);
        int room = PER_TICK;
        for (Tier tier : List.of(Tier.HOT, Tier.WARM, Tier.COLD)) {
            int claimed = Math.min(room, dueByTier.get(tier));
            claims.put(tier, claimed);
            room -= claimed;
        }
        assertThat(room).as("enough due keys for a full tick").isZero();
        return claims;
    }

    /** Every statement the last tick ran, timed by the server. */
    private List<Statement> statements() {
        List<Statement> statements = jdbc.sql("""
                        SELECT query, calls, total_exec_time, rows, shared_blks_hit, shared_blks_read
                        FROM public.pg_stat_statements
                        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                          AND query NOT LIKE '%pg_stat_statements%'
                        ORDER BY total_exec_time DESC
                        """)
                .query((rs, row) -> new Statement(
                        rs.getString("query"),
                        rs.getLong("calls"),
                        rs.getDouble("total_exec_time"),
                        rs.getLong("rows"),
                        rs.getLong("shared_blks_hit"),
                        rs.getLong("shared_blks_read")))
                .list();
        for (Statement statement : statements) {
            if (statement.query().contains("FOR UPDATE SKIP LOCKED")
                    && statement.query().contains("tier_rank")) {
                claimSql = statement.query();
            } else if (statement.query().contains("SELECT count(*) FROM (")) {
                countSql = statement.query();
            }
        }
        return statements;
    }

    private static void printStatements(int products, List<Statement> statements) {
        System.out.printf("BENCH tick %,d products: statements of the last tick (server time)%n", products);
        for (Statement s : statements) {
            System.out.printf(
                    "BENCH   %8.2f ms  %2d calls  %6d rows  %6d blocks hit  %6d read  %s%n",
                    s.millis(), s.calls(), s.rows(), s.blocksHit(), s.blocksRead(), s.summary());
        }
    }

    /**
     * EXPLAIN (ANALYZE, BUFFERS) of the tick's own claim statement (its text as the server saw it) for HOT and WARM
     * as the next tick would run them, and of the held-back count of COLD, each rolled back.
     */
    private void explain(int products) {
        assertThat(claimSql)
                .as("the claim statement seen by pg_stat_statements")
                .isNotNull();
        Instant now = CLOCK.instant();
        String at = "'" + now + "'::timestamptz";
        String lease = "'" + now.plusSeconds(600) + "'::timestamptz";
        int warmLimit = PER_TICK - Math.min(PER_TICK, dueByTier().get(Tier.HOT));
        System.out.printf(
                "BENCH tick %,d products: claim statement as the server saw it: %s%n",
                products, claimSql.replaceAll("\\s+", " "));
        printPlan(
                products,
                "claim HOT, LIMIT " + PER_TICK,
                "EXPLAIN (ANALYZE, BUFFERS) "
                        + withParameters(claimSql, claimParameters(0, at, PER_TICK, "HOT", lease)));
        if (warmLimit > 0) {
            printPlan(
                    products,
                    "claim WARM, LIMIT " + warmLimit,
                    "EXPLAIN (ANALYZE, BUFFERS) "
                            + withParameters(claimSql, claimParameters(1, at, warmLimit, "BACKGROUND", lease)));
        }
        if (countSql != null) {
            printPlan(
                    products,
                    "held-back count COLD",
                    "EXPLAIN (ANALYZE, BUFFERS) " + withParameters(countSql, countParameters(countSql, at)));
        }
    }

    /**
     * The claim's parameters in order: provider, tier rank, now, [regions,] limit, priority, lease end, now (the
     * regions filter exists in the versions of the statement that take one).
     */
    private List<String> claimParameters(int rank, String at, int limit, String priority, String lease) {
        List<String> parameters = new ArrayList<>(List.of("'ALIAS'", rank + "::smallint", at));
        if (claimSql.contains("$8")) {
            parameters.add("ARRAY['US', 'EU', 'GB']");
        }
        parameters.addAll(List.of(String.valueOf(limit), "'" + priority + "'", lease, at));
        return parameters;
    }

    /** The held-back count's parameters: provider, tier rank, now, [regions,] cap, and the constant of SELECT 1. */
    private static List<String> countParameters(String sql, String at) {
        List<String> parameters = new ArrayList<>(List.of("'ALIAS'", "2::smallint", at));
        if (sql.contains("ANY ($4")) {
            parameters.add("ARRAY['US', 'EU', 'GB']");
        }
        parameters.addAll(List.of("100000", "1"));
        return parameters;
    }

    /** Prints the plan of one statement, run in a transaction that is rolled back. */
    private void printPlan(int products, String title, String explain) {
        System.out.printf("BENCH tick %,d products: EXPLAIN %s%n", products, title);
        try {
            transactions.executeWithoutResult(status -> {
                jdbc.sql(explain).query(String.class).list().forEach(line -> System.out.println("BENCH   " + line));
                status.setRollbackOnly();
            });
        } catch (RuntimeException e) {
            System.out.printf("BENCH   (no plan: %s)%n", e.getMessage());
        }
    }

    /** The claim statement with its parameters in place, as the server saw it. */
    private static String withParameters(String sql, List<String> literals) {
        String bound = sql;
        for (int n = literals.size(); n >= 1; n--) {
            bound = bound.replace("$" + n, literals.get(n - 1));
        }
        return bound;
    }

    private long requestsOnTopic() {
        String topic = Topics.syncRequests(Provider.ALIAS);
        List<TopicPartition> partitions = offsets.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        return offsets.endOffsets(partitions).values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }

    private String dataDirectory() {
        return jdbc.sql("SHOW data_directory").query(String.class).single();
    }

    private long freeDiskBytes() {
        try {
            return Files.getFileStore(Path.of(dataDirectory())).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long relationBytes(String relation) {
        return jdbc.sql("SELECT pg_relation_size(?::regclass)")
                .param(relation)
                .query(Long.class)
                .single();
    }

    private String indexSizes() {
        return jdbc.sql("""
                        SELECT indexrelid::regclass::text || ' ' || (pg_relation_size(indexrelid) >> 20) || ' MiB'
                        FROM pg_index WHERE indrelid = 'sync_state'::regclass ORDER BY 1
                        """).query(String.class).list().toString();
    }

    /** The machine's 1, 5 and 15 minute load averages: other work on the 2 cores shows in every figure. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static int rank(Tier tier) {
        return switch (tier) {
            case HOT -> 0;
            case WARM -> 1;
            case COLD -> 2;
            case FROZEN -> 3;
        };
    }

    /** One statement's server-side figures from pg_stat_statements. */
    private record Statement(String query, long calls, double millis, long rows, long blocksHit, long blocksRead) {

        String summary() {
            String flat = query.replaceAll("\\s+", " ").trim();
            return flat.length() > 110 ? flat.substring(0, 110) + "…" : flat;
        }
    }

    private record Tick(
            long millis, double claimMillis, double sqlMillis, long allocatedBytes, List<Statement> statements) {}

    /** Timed ticks of one mode: their wall times, median, and per-tick averages. */
    private record Series(List<Long> millis, long median, double claimMillis, double sqlMillis, long allocatedBytes) {

        static Series of(List<Tick> ticks) {
            List<Long> millis = ticks.stream().map(Tick::millis).toList();
            return new Series(
                    millis,
                    millis.stream().sorted().toList().get(millis.size() / 2),
                    ticks.stream().mapToDouble(Tick::claimMillis).average().orElseThrow(),
                    ticks.stream().mapToDouble(Tick::sqlMillis).average().orElseThrow(),
                    Math.round(ticks.stream()
                            .mapToLong(Tick::allocatedBytes)
                            .average()
                            .orElseThrow()));
        }
    }

    private record Result(
            int products,
            double loadSeconds,
            long databaseBytes,
            Tick first,
            Series fresh,
            Series rearmed,
            long publishMillis,
            long heapBefore,
            long heapAfter,
            String loadAverage) {}
}
