package com.marketsync.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marketsync.events.OutcomeStatus;
import com.marketsync.events.Provider;
import com.marketsync.events.SyncOutcome;
import com.marketsync.schemas.Topics;
import com.marketsync.testkit.TestInfra;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The shared Kafka conventions, exercised by a real listener on the real broker and registry. */
@SpringBootTest(classes = {KafkaSupportIT.TestApp.class, KafkaSupportIT.OutcomeRecorder.class})
class KafkaSupportIT {

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfra.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("spring.kafka.consumer.group-id", () -> "kafka-support-it");
        registry.add("spring.kafka.consumer.auto-offset-reset", () -> "earliest");
    }

    @Autowired
    KafkaTemplate<String, Object> template;

    @Autowired
    OutcomeRecorder recorder;

    @Test
    void createsEveryTopicAndItsDeadLetterTopic() throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers()))) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                var names = admin.listTopics().names().get();
                for (Topics.TopicSpec spec : Topics.all()) {
                    assertThat(names).contains(spec.name(), Topics.deadLetter(spec.name()));
                }
            });
            ConfigResource snapshots = new ConfigResource(ConfigResource.Type.TOPIC, Topics.PRICE_SNAPSHOTS);
            ConfigResource latest = new ConfigResource(ConfigResource.Type.TOPIC, Topics.LATEST_PRICES);
            var configs =
                    admin.describeConfigs(List.of(snapshots, latest)).all().get();
            // unset market.kafka.snapshot-retention: as long as the default 13 months of history, months as 31 days
            assertThat(configs.get(snapshots)
                            .get(TopicConfig.RETENTION_MS_CONFIG)
                            .value())
                    .isEqualTo(String.valueOf(Duration.ofDays(13 * 31).toMillis()));
            assertThat(configs.get(latest)
                            .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                            .value())
                    .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    @Test
    void deliversDecodedEventsToListeners() {
        SyncOutcome outcome = outcome("ok");

        template.send(Topics.SYNC_OUTCOMES, outcome.getSku(), outcome);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(recorder.received).contains(outcome));
    }

    @Test
    void rejectedRecordGoesToDeadLetterTopicAfterOneAttempt() {
        SyncOutcome poison = outcome("poison");

        template.send(Topics.SYNC_OUTCOMES, poison.getSku(), poison);

        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(poison.getSku());
        assertThat(header(dead, "kafka_dlt-exception-message")).contains("rejected " + poison.getRequestId());
        assertThat(recorder.attempts).filteredOn(poison.getRequestId()::equals).hasSize(1);
    }

    @Test
    void undecodableRecordGoesToDeadLetterTopicWithItsBytes() {
        String sku = "GARBAGE-" + UUID.randomUUID();
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(Topics.SYNC_OUTCOMES, sku, garbage));
        }

        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(sku);
        assertThat(dead.value()).isEqualTo(garbage);
        assertThat(header(dead, "kafka_dlt-exception-fqcn")).contains("DeserializationException");
    }

    static SyncOutcome outcome(String error) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return SyncOutcome.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setSku("SKU-" + UUID.randomUUID())
                .setProvider(Provider.STOCKX)
                .setRegion("US")
                .setStatus(OutcomeStatus.FAILED)
                .setSnapshotsPublished(0)
                .setAttempts(1)
                .setError(error)
                .setStartedAt(now)
                .setFinishedAt(now)
                .build();
    }

    private static ConsumerRecord<String, byte[]> awaitDeadLetter(String key) {
        List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfra.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "dlt-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(Topics.deadLetter(Topics.SYNC_OUTCOMES)));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream().anyMatch(r -> key.equals(r.key()));
            });
        }
        return seen.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A minimal service using the shared conventions. */
    @SpringBootApplication
    static class TestApp {}

    /** Records what it receives and rejects outcomes whose error is "poison". */
    @Component
    static class OutcomeRecorder {
        final Queue<SyncOutcome> received = new ConcurrentLinkedQueue<>();
        final Queue<String> attempts = new ConcurrentLinkedQueue<>();

        @KafkaListener(topics = Topics.SYNC_OUTCOMES)
        void on(SyncOutcome outcome) {
            attempts.add(outcome.getRequestId());
            if ("poison".equals(outcome.getError())) {
                throw new PoisonRecordException("rejected " + outcome.getRequestId());
            }
            received.add(outcome);
        }
    }
}
