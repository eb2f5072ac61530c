package com.marketsync.writer.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marketsync.kafka.HistoryProperties;
import com.marketsync.testkit.TestInfra;
import com.marketsync.writer.Migrations;
import com.marketsync.writer.WriterProperties;
import com.marketsync.writer.WriterProperties.Expiry;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** Monthly history partitions: created on demand and ahead, expired whole by the retention job, data migrated. */
class HistoryRetentionIT {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    /** The history columns that queries filter on: the only ones ANALYZE computes statistics for. */
    private static final List<String> FILTERED =
            List.of("provider", "sku", "variant_key", "size", "region", "observed_at");

    @Test
    void dropsMonthsEntirelyOlderThanTheRetentionAndKeepsTheRestAndTheComingMonths() {
        DataSource db = migrated(dataSource(TestInfra.newDatabase("history")));
        JdbcClient jdbc = JdbcClient.create(db);
        HistoryPartitions partitions = partitions(jdbc);
        // retention 13 months back from 2026-11-30: cutoff 2025-10-30, so September 2025 ends before it
        insert(
                jdbc,
                partitions,
                "2025-09-15T10:00:00Z",
                "2025-10-29T10:00:00Z",
                "2025-10-31T10:00:00Z",
                "2026-11-02T00:00:00Z");

        HistoryRetention.Run run = retention(db, partitions, Expiry.DROP).run();

        assertThat(run.cutoff()).isEqualTo(Instant.parse("2025-10-30T12:00:00Z"));
        assertThat(run.expired()).containsExactly("price_snapshots_2025_09");
        assertThat(run.ready())
                .containsExactly(
                        "price_snapshots_2026_11",
                        "price_snapshots_2026_12",
                        "price_snapshots_2027_01",
                        "price_snapshots_2027_02");
        assertThat(partitionNames(jdbc))
                .containsExactly(
                        "price_snapshots_2025_10",
                        "price_snapshots_2026_11",
                        "price_snapshots_2026_12",
                        "price_snapshots_2027_01",
                        "price_snapshots_2027_02");
        // October 2025 is kept whole, including the row older than the cutoff
        assertThat(observed(jdbc))
                .containsExactly(
                        Instant.parse("2025-10-29T10:00:00Z"),
                        Instant.parse("2025-10-31T10:00:00Z"),
                        Instant.parse("2026-11-02T00:00:00Z"));
        assertThat(jdbc.sql("SELECT count(*) FROM market.history_retention_runs WHERE 'price_snapshots_2025_09' ="
                                + " ANY(partitions) AND mode = 'DROP'")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(retention(db, partitions, Expiry.DROP).run().expired())
                .as("a second run has nothing left to do")
                .isEmpty();
    }

    @Test
    void archivesExpiredMonthsOutsideTheQueriedTable() {
        DataSource db = migrated(dataSource(TestInfra.newDatabase("archive")));
        JdbcClient jdbc = JdbcClient.create(db);
        HistoryPartitions partitions = partitions(jdbc);
        insert(jdbc, partitions, "2025-08-01T00:00:00Z", "2025-08-31T23:59:59Z", "2026-01-10T00:00:00Z");

        assertThat(retention(db, partitions, Expiry.ARCHIVE).run().expired())
                .containsExactly("price_snapshots_2025_08");

        assertThat(observed(jdbc)).containsExactly(Instant.parse("2026-01-10T00:00:00Z"));
        assertThat(jdbc.sql("SELECT count(*) FROM market_archive.price_snapshots_2025_08")
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }

    @Test
    void upgradingMovesExistingHistoryIntoMonthlyPartitions() {
        String url = TestInfra.newDatabase("upgrade");
        DataSource dataSource = dataSource(url);
        Migrations.upTo(dataSource, "1").migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        for (String at : List.of("2026-10-31T23:30:00Z", "2026-11-01T00:30:00Z")) {
            jdbc.sql("INSERT INTO market.price_snapshots (snapshot_id, request_id, provider, sku, variant_key,"
                            + " size_system, condition, packaging, fulfilment, region, currency, lowest_ask,"
                            + " observed_at, fetched_at) VALUES (?, 'r', 'STOCKX', 'SKU-1', 'v1', 'US_M', 'NEW',"
                            + " 'GOOD', 'STANDARD', 'US', 'USD', 180.10, ?, ?)")
                    .params(
                            "id-" + at,
                            Instant.parse(at).atOffset(ZoneOffset.UTC),
                            Instant.parse(at).atOffset(ZoneOffset.UTC))
                    .update();
        }

        migrated(dataSource);

        assertThat(partitionNames(jdbc)).containsExactly("price_snapshots_2026_10", "price_snapshots_2026_11");
        assertThat(analyzedColumns(jdbc, "price_snapshots_2026_10")).containsExactlyInAnyOrderElementsOf(FILTERED);
        assertThat(jdbc.sql("SELECT lowest_ask FROM market.price_snapshots_2026_11")
                        .query(BigDecimal.class)
                        .single())
                .isEqualByComparingTo("180.10");
    }

    @Test
    void partitionsKeepStatisticsOnlyOfTheColumnsQueriesFilterOn() {
        JdbcClient jdbc = JdbcClient.create(migrated(dataSource(TestInfra.newDatabase("statistics"))));

        partitions(jdbc).ensureFor(List.of(Instant.parse("2027-03-15T10:00:00Z")));

        assertThat(analyzedColumns(jdbc, "price_snapshots_2027_03")).containsExactlyInAnyOrderElementsOf(FILTERED);
        jdbc.sql("INSERT INTO market.price_snapshots (snapshot_id, request_id, provider, sku, variant_key, size_system,"
                        + " condition, packaging, fulfilment, region, currency, lowest_ask, observed_at, fetched_at)"
                        + " VALUES ('id', 'r', 'STOCKX', 'SKU-1', 'v1', 'US_M', 'NEW', 'GOOD', 'STANDARD', 'US', 'USD',"
                        + " 180.10, '2027-03-15T10:00:00Z', '2027-03-15T10:00:01Z')")
                .update();
        jdbc.sql("ANALYZE market.price_snapshots_2027_03").update();
        assertThat(jdbc.sql("SELECT attname FROM pg_stats WHERE schemaname = 'market'"
                                + " AND tablename = 'price_snapshots_2027_03'")
                        .query(String.class)
                        .list())
                .containsExactlyInAnyOrderElementsOf(FILTERED);
    }

    /** Columns of the table whose statistics target is not 0. */
    private static List<String> analyzedColumns(JdbcClient jdbc, String table) {
        return jdbc.sql("SELECT attname FROM pg_attribute WHERE attrelid = ('market.' || ?)::regclass AND attnum > 0"
                        + " AND NOT attisdropped AND attstattarget IS DISTINCT FROM 0")
                .param(table)
                .query(String.class)
                .list();
    }

    @Test
    void aMonthAnotherWriterCreatedWhileThisOneWaitedIsTakenAsItIs() throws Exception {
        DataSource db = migrated(dataSource(TestInfra.newDatabase("history")));
        JdbcClient jdbc = JdbcClient.create(db);
        try (Connection first = db.getConnection();
                ExecutorService second = Executors.newSingleThreadExecutor()) {
            first.setAutoCommit(false);
            try (PreparedStatement create = first.prepareStatement("SELECT market.ensure_history_partition(?)")) {
                create.setObject(1, Instant.parse("2031-01-01T00:00:00Z").atOffset(ZoneOffset.UTC));
                create.execute();
            }
            // the second writer finds no January yet (the first has not committed) and waits for the first
            Future<String> waited = second.submit(() -> partitions(jdbc).create(YearMonth.of(2031, 1)));
            await().atMost(Duration.ofSeconds(10))
                    .until(
                            () -> jdbc.sql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
                                    .query(Integer.class)
                                    .single(),
                            waiting -> waiting == 1);
            first.commit();

            assertThat(waited.get(10, TimeUnit.SECONDS)).isEqualTo("price_snapshots_2031_01");
        }
        assertThat(partitionNames(jdbc)).contains("price_snapshots_2031_01");
    }

    private static void insert(JdbcClient jdbc, HistoryPartitions partitions, String... instants) {
        List<Instant> observed = List.of(instants).stream().map(Instant::parse).toList();
        partitions.ensureFor(observed);
        for (Instant at : observed) {
            jdbc.sql("INSERT INTO market.price_snapshots (snapshot_id, request_id, provider, sku, variant_key,"
                            + " size_system, condition, packaging, fulfilment, region, currency, observed_at,"
                            + " fetched_at) VALUES (?, 'r', 'STOCKX', 'SKU-1', 'v1', 'US_M', 'NEW', 'GOOD',"
                            + " 'STANDARD', 'US', 'USD', ?, ?)")
                    .params("id-" + at, at.atOffset(ZoneOffset.UTC), at.atOffset(ZoneOffset.UTC))
                    .update();
        }
    }

    private static List<Instant> observed(JdbcClient jdbc) {
        return jdbc.sql("SELECT observed_at FROM market.price_snapshots ORDER BY observed_at")
                .query((rs, row) -> rs.getTimestamp(1).toInstant())
                .list();
    }

    private static List<String> partitionNames(JdbcClient jdbc) {
        return jdbc.sql("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                        + " WHERE i.inhparent = 'market.price_snapshots'::regclass ORDER BY c.relname")
                .query(String.class)
                .list();
    }

    private static HistoryPartitions partitions(JdbcClient jdbc) {
        return new HistoryPartitions(jdbc, new HistoryProperties(Period.ofMonths(13)), CLOCK);
    }

    private static HistoryRetention retention(DataSource db, HistoryPartitions partitions, Expiry expiry) {
        WriterProperties properties = new WriterProperties(
                new WriterProperties.Validation(new BigDecimal("100000000"), Duration.ofMinutes(5)),
                new WriterProperties.History(expiry, 3, Duration.ofHours(1)),
                2);
        return new HistoryRetention(
                JdbcClient.create(db),
                new TransactionTemplate(new DataSourceTransactionManager(db)),
                partitions,
                properties,
                CLOCK);
    }

    private static DataSource migrated(DataSource dataSource) {
        Migrations.upTo(dataSource, "latest").migrate();
        return dataSource;
    }

    private static DataSource dataSource(String url) {
        return new DriverManagerDataSource(url, "postgres", "postgres");
    }
}
