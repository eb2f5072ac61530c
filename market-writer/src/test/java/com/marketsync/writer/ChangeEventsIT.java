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
import java.util.stream.Collectors;
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
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Change events on market.latest-prices: one per new or changed latest price, none for re-confirmations, late or
 * replayed snapshots, and none lost while the broker refuses them (the change is not committed before its event is
 * acknowledged).
 */
class ChangeEventsIT extends WriterIntegrationSupport {

    private static final Instant T1 =
            Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(600);
    private static final Instant T2 = T1.plusSeconds(60);
    private static final Instant T3 = T1.plusSeconds(120);

    private static KafkaConsumer<String, LatestPrice> changes;
    private static final List<ConsumerRecord<String, LatestPrice>> received = new ArrayList<>();

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
    }

    @Test
    void aChangeWhoseEventTheBrokerRefusesIsNotCommittedUntilTheBrokerTakesIt() throws Exception {
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
                // the write publishes before it commits: each attempt is refused and rolled back and the batch is
                // retried (not dead-lettered), so nothing of it is stored meanwhile
                await().during(Duration.ofSeconds(2))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> latest(sku).isEmpty() && history(sku).isEmpty());
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
        eventually().untilAsserted(() -> assertThat(latest(sku)).hasSize(1));
        assertThat(history(sku)).hasSize(1);
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
    void republishPublishesEveryLatestPriceOfTheProviderAgain() throws Exception {
        String sku = uniqueSku("REPUBLISH");
        // more than one chunk of the republisher (1,000 rows)
        List<PriceSnapshot> snapshots = new ArrayList<>();
        for (int variant = 0; variant < 1_100; variant++) {
            snapshots.add(snapshot(sku, "v" + variant, T1));
        }
        sendAll(snapshots);
        eventually().untilAsserted(() -> assertThat(latest(sku)).hasSize(1_100));

        HttpResponse<String> response = admin(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/admin/latest-prices/republish?provider=stockx"))
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).contains("\"queued\"");
        // each key's first event, then the same state again
        eventually().untilAsserted(() -> assertThat(eventsOfSku(sku)).hasSize(2_200));
        Map<String, List<LatestPrice>> byKey = eventsOfSku(sku).stream()
                .collect(Collectors.groupingBy(
                        ConsumerRecord::key, Collectors.mapping(ConsumerRecord::value, Collectors.toList())));
        assertThat(byKey).hasSize(1_100);
        byKey.values().forEach(events -> assertThat(events)
                .extracting(LatestPrice::getObservedAt)
                .containsExactly(T1, T1));
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

    private static synchronized List<ConsumerRecord<String, LatestPrice>> eventsOfSku(String sku) {
        changes.poll(Duration.ofMillis(200)).forEach(received::add);
        return received.stream().filter(r -> sku.equals(r.value().getSku())).toList();
    }

    private static synchronized List<LatestPrice> eventsSoFar(String key) {
        changes.poll(Duration.ofMillis(200)).forEach(received::add);
        return received.stream()
                .filter(r -> key.equals(r.key()))
                .map(ConsumerRecord::value)
                .toList();
    }
}
