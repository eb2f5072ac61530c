package com.marketsync.writer;

import static com.marketsync.writer.TestSnapshots.money;
import static com.marketsync.writer.TestSnapshots.snapshot;
import static com.marketsync.writer.TestSnapshots.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marketsync.events.LatestPrice;
import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.Provider;
import com.marketsync.schemas.EventSerde;
import com.marketsync.schemas.Topics;
import com.marketsync.testkit.TestInfra;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Change events on market.latest-prices: one per new or changed latest price, none for re-confirmations, late or
 * replayed snapshots, and none lost while the relay is not running or the broker refuses them (they wait in the
 * outbox).
 */
class ChangeEventsIT extends WriterIntegrationSupport {

    private static final Instant T1 =
            Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(600);
    private static final Instant T2 = T1.plusSeconds(60);
    private static final Instant T3 = T1.plusSeconds(120);

    private static KafkaConsumer<String, LatestPrice> changes;
    private static final List<ConsumerRecord<String, LatestPrice>> received = new ArrayList<>();

    @Autowired
    private ApplicationContext context;

    @LocalServerPort
    private int port;

    @BeforeAll
    static void subscribe() {
        Map<String, Object> config =
                new HashMap<>(EventSerde.properties(TestInfra.registry().coreApiUrl()));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "change-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, EventSerde.DESERIALIZER);
        changes = new KafkaConsumer<>(config);
        changes.subscribe(List.of(Topics.LATEST_PRICES));
    }

    @AfterAll
    static void close() {
        changes.close();
    }

    @Test
    void publishesNewAndChangedPricesOnlyKeyedByTheLatestRowIdentity() {
        String sku = uniqueSku("CHANGES");
        String key = Topics.latestPriceKey(Provider.STOCKX, sku, "v1", "US");

        send(snapshot(sku, "v1", T1));
        List<LatestPrice> first = eventsFor(key, 1);
        assertThat(first.getFirst().getLowestAsk()).isEqualTo(money("180.00"));
        assertThat(first.getFirst().getObservedAt()).isEqualTo(T1);
        assertThat(first.getFirst().getChangedAt()).isEqualTo(T1);
        assertThat(first.getFirst().getVariant().getSize()).isEqualTo("10.5");
        assertThat(first.getFirst().getCurrency()).isEqualTo("USD");

        // the same prices observed later: verified, not changed, nothing published
        send(snapshot(sku, "v1", T2));
        eventually().untilAsserted(() -> assertThat(instant(latest(sku, "v1").get("verified_at")))
                .isEqualTo(T2));
        // a late, older observation with other prices, and a re-send of the first: neither wins, nothing published
        send(snapshot(sku, "v1", T1.minusSeconds(30), b -> b.setLowestAsk(money("1.00"))), snapshot(sku, "v1", T1));
        // a real change: published, after which every event of this key is known
        send(snapshot(sku, "v1", T3, b -> b.setLowestAsk(money("175.50"))));

        List<LatestPrice> all = eventsFor(key, 2);
        assertThat(all).extracting(LatestPrice::getObservedAt).containsExactly(T1, T3);
        assertThat(all.getLast().getLowestAsk()).isEqualTo(money("175.50"));
        assertThat(all.getLast().getChangedAt()).isEqualTo(T3);
        assertThat(outbox(sku)).isZero();
    }

    @Test
    void changesCommittedWhileTheRelayIsStoppedWaitInTheOutboxAndArePublishedLater() {
        SmartLifecycle relay = (SmartLifecycle) context.getBean("latestPriceRelay");
        String sku = uniqueSku("OUTBOX");
        String key = Topics.latestPriceKey(Provider.STOCKX, sku, "v1", "US");
        long queued;
        relay.stop();
        try {
            send(snapshot(sku, "v1", T1), snapshot(sku, "v1", T2, b -> b.setHighestBid(money("151.00"))));
            eventually()
                    .untilAsserted(() -> assertThat(instant(latest(sku, "v1").get("observed_at")))
                            .isEqualTo(T2));
            // one event per committed change: two, or one if both arrived in one batch (compacted to the newest)
            queued = outbox(sku);
            assertThat(queued).isBetween(1L, 2L);
            assertThat(eventsSoFar(key)).isEmpty();
        } finally {
            relay.start();
        }
        List<LatestPrice> published = eventsFor(key, (int) queued);
        assertThat(published.getLast().getHighestBid()).isEqualTo(money("151.00"));
        assertThat(published.getLast().getObservedAt()).isEqualTo(T2);
        eventually().untilAsserted(() -> assertThat(outbox(sku)).isZero());
    }

    @Test
    void eventsTheBrokerRefusesStayQueuedUntilItTakesThem() throws Exception {
        String sku = uniqueSku("UNACKNOWLEDGED");
        String key = Topics.latestPriceKey(Provider.STOCKX, sku, "v1", "US");
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.LATEST_PRICES);
        try (Admin admin = Admin.create(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers()));
                KafkaProducer<String, byte[]> probe = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers()),
                        new StringSerializer(),
                        new ByteArraySerializer())) {
            AlterConfigOp tiny =
                    new AlterConfigOp(new ConfigEntry("max.message.bytes", "16"), AlterConfigOp.OpType.SET);
            admin.incrementalAlterConfigs(Map.of(topic, List.of(tiny))).all().get();
            try {
                // every record batch is larger than 16 bytes: once a tombstone is refused, so is every event
                eventually()
                        .until(() -> refused(probe.send(new ProducerRecord<>(Topics.LATEST_PRICES, "probe", null))));
                send(snapshot(sku, "v1", T1));
                eventually().untilAsserted(() -> assertThat(latest(sku)).hasSize(1));
                // the relay is woken by the write and retries at least every 500 ms: each attempt is refused and
                // rolled back, so the event stays queued
                await().during(Duration.ofSeconds(2))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> outbox(sku) == 1);
                assertThat(eventsSoFar(key)).isEmpty();
            } finally {
                AlterConfigOp reset =
                        new AlterConfigOp(new ConfigEntry("max.message.bytes", ""), AlterConfigOp.OpType.DELETE);
                admin.incrementalAlterConfigs(Map.of(topic, List.of(reset)))
                        .all()
                        .get();
            }
        }
        assertThat(eventsFor(key, 1).getFirst().getObservedAt()).isEqualTo(T1);
        eventually().untilAsserted(() -> assertThat(outbox(sku)).isZero());
    }

    private static boolean refused(Future<?> send) throws InterruptedException {
        try {
            send.get();
            return false;
        } catch (ExecutionException e) {
            return e.getCause() instanceof RecordTooLargeException;
        }
    }

    @Test
    void relayVacuumsTheOutboxOnceItPublishedVacuumEveryEvents() {
        long vacuumsBefore = outboxVacuums();
        String sku = uniqueSku("VACUUM");
        List<PriceSnapshot> snapshots = new ArrayList<>();
        for (int variant = 0; variant < 120; variant++) {
            snapshots.add(snapshot(sku, "v" + variant, T1));
        }
        sendAll(snapshots);

        eventually().untilAsserted(() -> assertThat(latest(sku)).hasSize(120));
        eventually().untilAsserted(() -> assertThat(outbox(sku)).isZero());
        // vacuum-every is 50 here: 120 published events are at least one vacuum (one relay round may delete them all,
        // and a vacuum starts the count again)
        eventually().untilAsserted(() -> assertThat(outboxVacuums()).isGreaterThan(vacuumsBefore));
    }

    /** Manual vacuums of the outbox so far (autovacuum's are counted apart). */
    private long outboxVacuums() {
        return jdbc.sql("SELECT vacuum_count FROM pg_stat_user_tables"
                        + " WHERE schemaname = 'market' AND relname = 'latest_price_outbox'")
                .query(Long.class)
                .single();
    }

    @Test
    void republishQueuesEveryLatestPriceOfTheProviderAgain() throws Exception {
        String sku = uniqueSku("REPUBLISH");
        send(snapshot(sku, "v1", T1), snapshot(sku, "v2", T1));
        eventsFor(Topics.latestPriceKey(Provider.STOCKX, sku, "v2", "US"), 1);

        HttpResponse<String> response = admin(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/admin/latest-prices/republish?provider=stockx"))
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).contains("\"queued\"");
        assertThat(eventsFor(Topics.latestPriceKey(Provider.STOCKX, sku, "v1", "US"), 2))
                .extracting(LatestPrice::getObservedAt)
                .containsExactly(T1, T1);
        assertThat(eventsFor(Topics.latestPriceKey(Provider.STOCKX, sku, "v2", "US"), 2))
                .hasSize(2);
    }

    @Test
    void republishRefusesAnUnknownProviderNamingTheField() throws Exception {
        HttpResponse<String> response = admin(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/admin/latest-prices/republish?provider=goat"))
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"provider\"");
    }

    /** Waits until {@code expected} events of the key arrived and checks that no more did by then. */
    private static List<LatestPrice> eventsFor(String key, int expected) {
        eventually().untilAsserted(() -> assertThat(eventsSoFar(key)).hasSizeGreaterThanOrEqualTo(expected));
        List<LatestPrice> events = eventsSoFar(key);
        assertThat(events).as("events of %s", key).hasSize(expected);
        return events;
    }

    private static synchronized List<LatestPrice> eventsSoFar(String key) {
        changes.poll(Duration.ofMillis(200)).forEach(received::add);
        return received.stream()
                .filter(r -> key.equals(r.key()))
                .map(ConsumerRecord::value)
                .toList();
    }

    private long outbox(String sku) {
        return jdbc.sql("SELECT count(*) FROM market.latest_price_outbox WHERE sku = ?")
                .param(sku)
                .query(Long.class)
                .single();
    }
}
