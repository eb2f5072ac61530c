package com.marketsync.writer;

import static com.marketsync.writer.TestSnapshots.money;
import static com.marketsync.writer.TestSnapshots.snapshot;
import static com.marketsync.writer.TestSnapshots.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.Provider;
import com.marketsync.testkit.TestInfra;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/** Drives the writer through Kafka and checks what history and latest prices end up holding. */
class PriceSnapshotIngestIT extends WriterIntegrationSupport {

    private static final Instant T1 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final Instant T2 = T1.plusSeconds(60);
    private static final Instant T3 = T1.plusSeconds(120);

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @Test
    void storesHistoryAndLatestRowWithExactDecimalsAndNullsPreserved() {
        String sku = uniqueSku("EXACT");
        PriceSnapshot snapshot = snapshot(sku, "v-10.5", T1, b -> b.setLowestAsk(money("99999999.99"))
                .setHighestBid(null)
                .setLastSale(money("0.10"))
                .setFlexLowestAsk(money("175.05"))
                .setDirectLowestAsk(null)
                .setSuggestedSellFaster(money("179.99"))
                .setSuggestedEarnMore(money("185.00"))
                .setSuggestedBeatUs(money("178.01"))
                .setGlobalIndicatorPrice(money("181.23"))
                .setSalesCount(0)
                .setSalesWindowStart(T1.minus(Duration.ofDays(3)))
                .setSalesWindowEnd(T1)
                .setListingCount(null)
                .setWarnings(List.of("size chart guessed", "quote \" back\\slash, {brace}")));

        send(snapshot);

        eventually().untilAsserted(() -> assertThat(latest(sku)).hasSize(1));
        Map<String, Object> history = history(sku).getFirst();
        assertThat(history)
                .containsEntry("snapshot_id", snapshot.getSnapshotId())
                .containsEntry("request_id", "req-" + sku)
                .containsEntry("provider", "STOCKX")
                .containsEntry("provider_product_id", "prod-" + sku)
                .containsEntry("style_code_raw", sku)
                .containsEntry("variant_key", "v-10.5")
                .containsEntry("provider_variant_id", "pv-v-10.5")
                .containsEntry("size", "10.5")
                .containsEntry("size_system", "US_M")
                .containsEntry("us_size", "10.5")
                .containsEntry("condition", "NEW")
                .containsEntry("packaging", "GOOD")
                .containsEntry("fulfilment", "STANDARD")
                .containsEntry("region", "US")
                .containsEntry("currency", "USD")
                .containsEntry("lowest_ask", money("99999999.99"))
                .containsEntry("highest_bid", null)
                .containsEntry("last_sale", money("0.10"))
                .containsEntry("flex_lowest_ask", money("175.05"))
                .containsEntry("direct_lowest_ask", null)
                .containsEntry("suggested_sell_faster", money("179.99"))
                .containsEntry("suggested_earn_more", money("185.00"))
                .containsEntry("suggested_beat_us", money("178.01"))
                .containsEntry("global_indicator_price", money("181.23"))
                .containsEntry("sales_count", 0)
                .containsEntry("listing_count", null);
        assertThat(instant(history.get("observed_at"))).isEqualTo(T1);
        assertThat(instant(history.get("fetched_at"))).isEqualTo(T1.plusMillis(250));
        assertThat(instant(history.get("last_sale_at"))).isEqualTo(T1.minusSeconds(3600));
        assertThat(instant(history.get("sales_window_start"))).isEqualTo(T1.minus(Duration.ofDays(3)));
        assertThat(instant(history.get("sales_window_end"))).isEqualTo(T1);
        assertThat(history.get("warnings"))
                .asInstanceOf(InstanceOfAssertFactories.list(String.class))
                .containsExactly("size chart guessed", "quote \" back\\slash, {brace}");
        assertThat(history.get("written_at")).isNotNull();

        Map<String, Object> latest = latest(sku).getFirst();
        assertThat(latest)
                .containsEntry("snapshot_id", snapshot.getSnapshotId())
                .containsEntry("lowest_ask", money("99999999.99"))
                .containsEntry("highest_bid", null)
                .containsEntry("last_sale", money("0.10"))
                .containsEntry("direct_lowest_ask", null)
                .containsEntry("global_indicator_price", money("181.23"))
                .containsEntry("currency", "USD")
                .containsEntry("size_system", "US_M");
        assertThat(instant(latest.get("observed_at"))).isEqualTo(T1);
        assertThat(instant(latest.get("verified_at"))).isEqualTo(T1);
        assertThat(instant(latest.get("changed_at"))).isEqualTo(T1);
    }

    @Test
    void redeliveredSnapshotsCreateNoHistoryAndLeaveLatestRowsUntouched() throws Exception {
        String sku = uniqueSku("REPLAY");
        List<RecordMetadata> sent = send(
                snapshot(sku, "v1", T1),
                snapshot(sku, "v2", T1),
                snapshot(sku, "v1", T2, b -> b.setLowestAsk(money("190.00"))));
        eventually().untilAsserted(() -> assertThat(history(sku)).hasSize(3));
        eventually().untilAsserted(() -> assertThat(instant(latest(sku, "v1").get("observed_at")))
                .isEqualTo(T2));
        List<Map<String, Object>> historyBefore = history(sku);
        List<Map<String, Object>> latestBefore = latest(sku);

        // What a crash between the database commit and the offset commit causes: the group re-reads the batch.
        rewindWriterGroupTo(
                new TopicPartition(sent.getFirst().topic(), sent.getFirst().partition()),
                sent.getFirst().offset());
        send(snapshot(sku, "marker", T3));

        eventually().untilAsserted(() -> assertThat(latest(sku, "marker")).isNotNull());
        assertThat(history(sku))
                .filteredOn(row -> !"marker".equals(row.get("variant_key")))
                .isEqualTo(historyBefore);
        assertThat(latest(sku))
                .filteredOn(row -> !"marker".equals(row.get("variant_key")))
                .isEqualTo(latestBefore);
    }

    @Test
    void resentSnapshotsCollapseIntoTheStoredOnes() {
        String sku = uniqueSku("RESEND");
        PriceSnapshot first = snapshot(sku, "v1", T1);
        PriceSnapshot second = snapshot(sku, "v1", T2);
        send(first, second);
        eventually().untilAsserted(() -> assertThat(history(sku)).hasSize(2));
        eventually().untilAsserted(() -> assertThat(instant(latest(sku, "v1").get("observed_at")))
                .isEqualTo(T2));
        List<Map<String, Object>> historyBefore = history(sku);
        List<Map<String, Object>> latestBefore = latest(sku);

        send(second, first, second);
        send(snapshot(sku, "marker", T3));

        eventually().untilAsserted(() -> assertThat(latest(sku, "marker")).isNotNull());
        assertThat(history(sku))
                .filteredOn(row -> !"marker".equals(row.get("variant_key")))
                .isEqualTo(historyBefore);
        assertThat(latest(sku))
                .filteredOn(row -> !"marker".equals(row.get("variant_key")))
                .isEqualTo(latestBefore);
    }

    @Test
    void olderSnapshotArrivingLateDoesNotRegressLatest() {
        String sku = uniqueSku("LATE");
        send(snapshot(sku, "v1", T2, b -> b.setLowestAsk(money("200.00"))));
        eventually().untilAsserted(() -> assertThat(latest(sku)).hasSize(1));

        send(snapshot(sku, "v1", T1, b -> b.setLowestAsk(money("150.00"))), snapshot(sku, "marker", T3));

        eventually().untilAsserted(() -> assertThat(latest(sku, "marker")).isNotNull());
        Map<String, Object> latest = latest(sku, "v1");
        assertThat(latest).containsEntry("lowest_ask", money("200.00"));
        assertThat(instant(latest.get("observed_at"))).isEqualTo(T2);
        assertThat(instant(latest.get("verified_at"))).isEqualTo(T2);
        assertThat(instant(latest.get("changed_at"))).isEqualTo(T2);
        assertThat(history(sku))
                .filteredOn(row -> "v1".equals(row.get("variant_key")))
                .extracting(row -> row.get("lowest_ask"))
                .containsExactly(money("150.00"), money("200.00"));
    }

    @Test
    void newerSnapshotAdvancesVerifiedAlwaysAndChangedOnlyWhenAPriceDiffers() {
        String sku = uniqueSku("VERIFY");
        send(snapshot(sku, "v1", T1, b -> b.setHighestBid(null)));
        eventually().untilAsserted(() -> assertThat(latest(sku)).hasSize(1));

        // same prices, including the missing bid: confirms the row without changing it
        send(snapshot(sku, "v1", T2, b -> b.setHighestBid(null)));
        eventually().untilAsserted(() -> assertThat(instant(latest(sku, "v1").get("verified_at")))
                .isEqualTo(T2));
        assertThat(instant(latest(sku, "v1").get("changed_at"))).isEqualTo(T1);
        assertThat(instant(latest(sku, "v1").get("observed_at"))).isEqualTo(T2);

        // only the bid appears (null -> 151.00): a change
        send(snapshot(sku, "v1", T3, b -> b.setHighestBid(money("151.00"))));
        eventually().untilAsserted(() -> assertThat(instant(latest(sku, "v1").get("verified_at")))
                .isEqualTo(T3));
        Map<String, Object> latest = latest(sku, "v1");
        assertThat(instant(latest.get("changed_at"))).isEqualTo(T3);
        assertThat(latest).containsEntry("highest_bid", money("151.00"));
    }

    @Test
    void batchWithSeveralSnapshotsOfOneVariantKeepsTheNewest() {
        String sku = uniqueSku("BATCH");
        MessageListenerContainer container = listeners.getListenerContainer("market-writer");
        container.pause();
        try {
            eventually().until(container::isContainerPaused);
            // newest first, so "last record wins" would be caught as well as "first record wins"
            send(
                    snapshot(sku, "v1", T3, b -> b.setLowestAsk(money("303.00"))),
                    snapshot(sku, "v1", T1, b -> b.setLowestAsk(money("101.00"))),
                    snapshot(sku, "v2", T1),
                    snapshot(sku, "v1", T2, b -> b.setLowestAsk(money("202.00"))));
        } finally {
            container.resume();
        }

        eventually().untilAsserted(() -> assertThat(history(sku)).hasSize(4));
        eventually().untilAsserted(() -> assertThat(latest(sku)).hasSize(2));
        Map<String, Object> latest = latest(sku, "v1");
        assertThat(latest).containsEntry("lowest_ask", money("303.00"));
        assertThat(instant(latest.get("observed_at"))).isEqualTo(T3);
        assertThat(instant(latest.get("verified_at"))).isEqualTo(T3);
    }

    @Test
    void routesUndecodableAndInvalidRecordsToDltAndStoresTheRecordsAroundThem() {
        String sku = uniqueSku("POISON");
        byte[] garbage = "definitely not avro".getBytes(StandardCharsets.UTF_8);
        send(snapshot(sku, "before", T1));
        sendRaw(sku, garbage);
        send(snapshot(sku, "invalid", T1, b -> b.setCurrency("usd")));
        send(snapshot(sku, "after", T1));

        eventually().untilAsserted(() -> assertThat(latest(sku))
                .extracting(row -> row.get("variant_key"))
                .containsExactly("after", "before"));
        assertThat(history(sku)).extracting(row -> row.get("variant_key")).containsExactly("after", "before");

        List<ConsumerRecord<String, byte[]>> dead = deadLetters(sku, 2);
        assertThat(dead).extracting(ConsumerRecord::value).anySatisfy(value -> assertThat(value)
                .isEqualTo(garbage));
        assertThat(dead).anySatisfy(record -> {
            Header reason = record.headers().lastHeader("kafka_dlt-exception-message");
            assertThat(reason).isNotNull();
            assertThat(new String(reason.value(), StandardCharsets.UTF_8)).contains("currency");
        });
    }

    @Test
    void snapshotsOfOtherProvidersAndRegionsAreSeparateLatestRows() {
        String sku = uniqueSku("KEYS");
        send(
                snapshot(sku, "v1", T1),
                snapshot(sku, "v1", T1, b -> b.setRegion("GB").setCurrency("GBP")),
                snapshot(sku, "v1", T1, b -> b.setProvider(Provider.ALIAS)));

        eventually().untilAsserted(() -> assertThat(latest(sku)).hasSize(3));
        assertThat(latest(sku))
                .extracting(row -> row.get("provider") + "/" + row.get("region") + "/" + row.get("currency"))
                .containsExactlyInAnyOrder("STOCKX/US/USD", "STOCKX/GB/GBP", "ALIAS/US/USD");
    }

    @Test
    void commitsTheOffsetsOfStoredBatchesWithoutWaitingForTheCoordinator() throws Exception {
        assertThat(listeners
                        .getListenerContainer("market-writer")
                        .getContainerProperties()
                        .isSyncCommits())
                .isFalse();
        String sku = uniqueSku("COMMIT");
        RecordMetadata sent = send(snapshot(sku, "v1", T1)).getFirst();
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());

        eventually().untilAsserted(() -> assertThat(history(sku)).hasSize(1));
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers()))) {
            eventually().untilAsserted(() -> assertThat(admin.listConsumerGroupOffsets("market-writer")
                            .partitionsToOffsetAndMetadata()
                            .get()
                            .get(partition)
                            .offset())
                    .isGreaterThan(sent.offset()));
        }
    }

    private void rewindWriterGroupTo(TopicPartition partition, long offset) throws Exception {
        MessageListenerContainer container = listeners.getListenerContainer("market-writer");
        container.stop();
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers()))) {
            // the broker refuses while the stopped member is still leaving the group
            eventually().ignoreExceptions().untilAsserted(() -> admin.alterConsumerGroupOffsets(
                            "market-writer", Map.of(partition, new OffsetAndMetadata(offset)))
                    .all()
                    .get());
        } finally {
            container.start();
        }
    }
}
