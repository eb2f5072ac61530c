package com.marketsync.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marketsync.apikeys.ApiKeyDigests;
import com.marketsync.events.PriceSnapshot;
import com.marketsync.schemas.EventSerde;
import com.marketsync.schemas.Topics;
import com.marketsync.testkit.TestInfra;
import com.marketsync.testkit.TopicContents;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One running writer (listener, database, REST) on the shared test broker, registry and PostgreSQL; every IT extends
 * it so they share one application context and hence one member of the consumer group.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class WriterIntegrationSupport {

    /** The admin key the tests' writer accepts: configured by its SHA-256 as market.writer.admin.keys.tests.hash. */
    protected static final String ADMIN_KEY = "writer-tests-admin-key";

    private static KafkaProducer<String, Object> avroProducer;
    private static KafkaProducer<String, byte[]> rawProducer;

    @Autowired
    protected JdbcClient jdbc;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.springProperties().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("spring.datasource.url", () -> TestInfra.newDatabase("writer"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("market.writer.admin.keys.tests.hash", () -> ApiKeyDigests.sha256Hex(ADMIN_KEY));
    }

    /** Sends a request to the admin API with the tests' admin key in the X-API-Key header. */
    protected static HttpResponse<String> admin(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(request.header("X-API-Key", ADMIN_KEY).build(), HttpResponse.BodyHandlers.ofString());
    }

    protected static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100));
    }

    /** Produces snapshots keyed by sku, as a fetcher does, and waits for the broker to acknowledge them. */
    protected static List<RecordMetadata> send(PriceSnapshot... snapshots) {
        List<RecordMetadata> sent = new ArrayList<>();
        for (PriceSnapshot snapshot : snapshots) {
            sent.add(acknowledged(
                    avroProducer().send(new ProducerRecord<>(Topics.PRICE_SNAPSHOTS, snapshot.getSku(), snapshot))));
        }
        return sent;
    }

    /** Produces many snapshots keyed by sku without waiting for each, then waits until all are acknowledged. */
    protected static void sendAll(List<PriceSnapshot> snapshots) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(snapshots.size());
        for (PriceSnapshot snapshot : snapshots) {
            sent.add(avroProducer().send(new ProducerRecord<>(Topics.PRICE_SNAPSHOTS, snapshot.getSku(), snapshot)));
        }
        sent.forEach(WriterIntegrationSupport::acknowledged);
    }

    /** Produces bytes that are not a registry-framed Avro record. */
    protected static RecordMetadata sendRaw(String key, byte[] value) {
        return acknowledged(rawProducer().send(new ProducerRecord<>(Topics.PRICE_SNAPSHOTS, key, value)));
    }

    protected List<Map<String, Object>> history(String sku) {
        return rows("SELECT * FROM market.price_snapshots WHERE sku = ? ORDER BY variant_key, observed_at", sku);
    }

    protected List<Map<String, Object>> latest(String sku) {
        return rows("SELECT * FROM market.latest_prices WHERE sku = ? ORDER BY variant_key", sku);
    }

    protected Map<String, Object> latest(String sku, String variantKey) {
        return latest(sku).stream()
                .filter(row -> variantKey.equals(row.get("variant_key")))
                .findFirst()
                .orElse(null);
    }

    protected static Instant instant(Object timestamp) {
        return timestamp == null ? null : ((Timestamp) timestamp).toInstant();
    }

    /** Rows with SQL arrays turned into lists, so two reads of the same rows compare equal. */
    private List<Map<String, Object>> rows(String sql, String sku) {
        return jdbc.sql(sql).param(sku).query().listOfRows().stream()
                .map(row -> {
                    Map<String, Object> copy = new LinkedHashMap<>();
                    row.forEach((column, value) -> copy.put(column, value instanceof Array a ? texts(a) : value));
                    return copy;
                })
                .toList();
    }

    private static List<String> texts(Array array) {
        try {
            return List.of((String[]) array.getArray());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized KafkaProducer<String, Object> avroProducer() {
        if (avroProducer == null) {
            Map<String, Object> config =
                    new HashMap<>(EventSerde.properties(TestInfra.registry().coreApiUrl()));
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers());
            config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerde.SERIALIZER);
            avroProducer = new KafkaProducer<>(config);
        }
        return avroProducer;
    }

    private static synchronized KafkaProducer<String, byte[]> rawProducer() {
        if (rawProducer == null) {
            rawProducer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
        }
        return rawProducer;
    }

    private static RecordMetadata acknowledged(Future<RecordMetadata> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Send failed", e.getCause());
        }
    }

    /** Waits until the dead-letter topic of the snapshots holds exactly {@code expected} records with this key. */
    protected static List<ConsumerRecord<String, byte[]>> deadLetters(String key, int expected) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            consumer.subscribe(List.of(Topics.deadLetter(Topics.PRICE_SNAPSHOTS)));
            eventually().untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                });
                assertThat(found).hasSize(expected);
            });
        }
        return found;
    }

    /** Keys of every change event on market.latest-prices so far (read from the start to the end offsets) of the sku. */
    protected static List<String> changeEventKeys(String sku) {
        return TopicContents.soFar(Topics.LATEST_PRICES).stream()
                .map(ConsumerRecord::key)
                .filter(key -> key.contains("|" + sku + "|"))
                .toList();
    }

    /** The records with this key on the snapshots' dead-letter topic so far (read from the start to the end offsets). */
    protected static List<ConsumerRecord<String, byte[]>> deadLettersSoFar(String key) {
        return TopicContents.soFar(Topics.deadLetter(Topics.PRICE_SNAPSHOTS)).stream()
                .filter(record -> key.equals(record.key()))
                .toList();
    }
}
