package com.marketsync.writer;

import static com.marketsync.writer.TestSnapshots.snapshot;
import static com.marketsync.writer.TestSnapshots.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.events.PriceSnapshot;
import com.marketsync.schemas.Topics;
import com.marketsync.testkit.TestInfra;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * A backlog is stored a batch at a time while the consumer polls the next one (max-poll-records 1,000, so several
 * polls), with two batches written at once (market.writer.writes-in-flight); every batch is stored and its offsets
 * committed in order, and a batch whose overlapped write fails is polled again and stored by the consumer itself,
 * losing nothing.
 */
class OverlappedWritesIT extends WriterIntegrationSupport {

    private static final Instant T1 =
            Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(600);
    private static final int PARTITIONS = 3;

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private DataSource dataSource;

    @AfterEach
    void dropRule() {
        jdbc.sql("ALTER TABLE market.latest_prices DROP CONSTRAINT IF EXISTS refused_sku")
                .update();
    }

    @Test
    void backlogIsStoredWhileTheNextBatchIsPolledAndItsOffsetsAreCommitted() throws Exception {
        double overlappedBefore = count("market.writer.batches", "overlapped");
        String prefix = uniqueSku("BACKLOG");
        List<PriceSnapshot> backlog = backlog(prefix, 5_000);

        arriveWhilePaused(backlog);

        eventually()
                .untilAsserted(() -> assertThat(rows("price_snapshots", prefix)).isEqualTo(5_000));
        assertThat(rows("latest_prices", prefix)).isEqualTo(5_000);
        eventually().untilAsserted(() -> assertThat(committedOffsets()).isEqualTo(endOffsets()));
        assertThat(count("market.writer.batches", "overlapped") - overlappedBefore)
                .as("batches written while the next was polled")
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void batchRefusedInAnOverlappedWriteIsPolledAgainAndOnlyTheRefusedRecordsAreDeadLettered() throws Exception {
        jdbc.sql("ALTER TABLE market.latest_prices ADD CONSTRAINT refused_sku CHECK (sku NOT LIKE 'REFUSED-%')")
                .update();
        double retakenBefore = meters.counter("market.writer.batches.retaken").count();
        String prefix = uniqueSku("AROUND");
        List<PriceSnapshot> backlog = new ArrayList<>(backlog(prefix, 5_000));
        // one refused record early in each partition, so one is in a batch that is written while more wait
        List<String> refused = refusedSkuPerPartition();
        for (int i = 0; i < refused.size(); i++) {
            backlog.add(10 * (i + 1), snapshot(refused.get(i), "v1", T1));
        }

        arriveWhilePaused(backlog);

        eventually()
                .untilAsserted(() -> assertThat(rows("price_snapshots", prefix)).isEqualTo(5_000));
        assertThat(rows("latest_prices", prefix)).isEqualTo(5_000);
        for (String sku : refused) {
            assertThat(history(sku)).isEmpty();
            String reason = new String(
                    deadLetters(sku, 1)
                            .getFirst()
                            .headers()
                            .lastHeader("kafka_dlt-exception-message")
                            .value(),
                    StandardCharsets.UTF_8);
            assertThat(reason).contains("refused by the database", "refused_sku");
        }
        eventually().untilAsserted(() -> assertThat(committedOffsets()).isEqualTo(endOffsets()));
        assertThat(meters.counter("market.writer.batches.retaken").count() - retakenBefore)
                .as("overlapped writes that failed and were polled again")
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void aBatchIsWrittenBesideOneThatWaitsAndTheOffsetsWaitForTheOlderOne() throws Exception {
        String sku = uniqueSku("BESIDE");
        send(snapshot(sku, "a-held", T1.minusSeconds(60)));
        eventually().until(() -> latest(sku).size() == 1);
        // One sku, so one partition. a-held's batch waits for this transaction's lock on its latest row; it is not the
        // first batch, which the consumer may write itself.
        List<PriceSnapshot> backlog = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            backlog.add(snapshot(sku, "before-" + i, T1));
        }
        backlog.add(snapshot(sku, "a-held", T1));
        for (int i = 0; i < 2_500; i++) {
            backlog.add(snapshot(sku, "after-" + i, T1));
        }
        TopicPartition partition = new TopicPartition(Topics.PRICE_SNAPSHOTS, partitionOf(sku));
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                lock.execute("SELECT 1 FROM market.latest_prices WHERE sku = '" + sku + "' FOR UPDATE");
            }
            long heldAt = endOffsets().get(partition) + 1_500; // a-held's offset

            arriveWhilePaused(backlog);

            eventually()
                    .alias("a batch after the waiting one stored while it waits")
                    .until(() -> storedAfter(sku), stored -> stored > 0);
            assertThat(instant(latest(sku, "a-held").get("observed_at")))
                    .as("the waiting batch is not stored")
                    .isEqualTo(T1.minusSeconds(60));
            assertThat(committedOffsets().getOrDefault(partition, 0L))
                    .as("offsets committed no further than the waiting batch")
                    .isLessThanOrEqualTo(heldAt);
            holder.rollback();
        }

        eventually().untilAsserted(() -> assertThat(historyAt(sku, T1)).isEqualTo(4_001));
        assertThat(instant(latest(sku, "a-held").get("observed_at"))).isEqualTo(T1);
        eventually().untilAsserted(() -> assertThat(committedOffsets()).isEqualTo(endOffsets()));
    }

    /** History rows of the variants sent after a-held, so in batches after its batch or in it. */
    private long storedAfter(String sku) {
        return jdbc.sql("SELECT count(*) FROM market.price_snapshots WHERE sku = ? AND variant_key LIKE 'after-%'")
                .param(sku)
                .query(Long.class)
                .single();
    }

    private long historyAt(String sku, Instant observedAt) {
        return jdbc.sql("SELECT count(*) FROM market.price_snapshots WHERE sku = ? AND observed_at = ?")
                .params(sku, observedAt.atOffset(ZoneOffset.UTC))
                .query(Long.class)
                .single();
    }

    private static int partitionOf(String sku) {
        return Utils.toPositive(Utils.murmur2(sku.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    /** One snapshot each of {@code count} variants of skus with the prefix (ten variants per sku). */
    private static List<PriceSnapshot> backlog(String prefix, int count) {
        List<PriceSnapshot> snapshots = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            snapshots.add(snapshot(prefix + "-" + i / 10, "v" + i % 10, T1));
        }
        return snapshots;
    }

    /** Skus of refused snapshots, one for each partition of the snapshots topic (keyed by sku). */
    private static List<String> refusedSkuPerPartition() {
        Map<Integer, String> byPartition = new HashMap<>();
        while (byPartition.size() < PARTITIONS) {
            String sku = uniqueSku("REFUSED");
            byPartition.putIfAbsent(partitionOf(sku), sku);
        }
        return List.copyOf(byPartition.values());
    }

    /** Sends the snapshots while the listener is paused, so that it finds them as a backlog of several polls. */
    private void arriveWhilePaused(List<PriceSnapshot> snapshots) {
        MessageListenerContainer container = listeners.getListenerContainer("market-writer");
        container.pause();
        eventually().until(container::isContainerPaused);
        try {
            sendAll(snapshots);
        } finally {
            container.resume();
        }
    }

    private long rows(String table, String skuPrefix) {
        return jdbc.sql("SELECT count(*) FROM market." + table + " WHERE sku LIKE ?")
                .param(skuPrefix + "-%")
                .query(Long.class)
                .single();
    }

    private double count(String name, String writer) {
        return meters.counter(name, "writer", writer).count();
    }

    private static Map<TopicPartition, Long> committedOffsets() throws Exception {
        try (Admin admin = admin()) {
            return admin
                    .listConsumerGroupOffsets("market-writer")
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .entrySet()
                    .stream()
                    .filter(e -> e.getKey().topic().equals(Topics.PRICE_SNAPSHOTS))
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    private static Map<TopicPartition, Long> endOffsets() throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int partition = 0; partition < PARTITIONS; partition++) {
                latest.put(new TopicPartition(Topics.PRICE_SNAPSHOTS, partition), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get().entrySet().stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers()));
    }
}
