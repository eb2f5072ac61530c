package com.marketsync.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marketsync.events.OutcomeStatus;
import com.marketsync.events.Provider;
import com.marketsync.events.SyncOutcome;
import com.marketsync.infra.ApicurioRegistry;
import com.marketsync.schemas.EventSerde;
import com.marketsync.testkit.TcpProxy;
import com.marketsync.testkit.TestInfra;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A listener whose schema registry does not answer when a record arrives: the record is neither dead-lettered nor
 * skipped, and is delivered once the registry answers again (registry requests time out after half a second here).
 */
@SpringBootTest(classes = {RegistryOutageIT.TestApp.class, RegistryOutageIT.Recorder.class})
class RegistryOutageIT {

    private static final String TOPIC = "registry-outage-it";

    private static final TcpProxy REGISTRY =
            new TcpProxy("localhost", TestInfra.registry().port(), false);

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfra.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("market.registry.url", () -> ApicurioRegistry.coreApiUrl(REGISTRY.port()));
        registry.add("market.registry.request-timeout", () -> "500ms");
        registry.add("spring.kafka.consumer.group-id", () -> "registry-outage-it");
        registry.add("spring.kafka.consumer.auto-offset-reset", () -> "earliest");
    }

    @AfterAll
    static void closeProxy() {
        REGISTRY.close();
    }

    @Autowired
    Recorder recorder;

    @Test
    void aRecordReadWhileTheRegistryDoesNotAnswerIsDeliveredOnceItDoes() {
        SyncOutcome outcome = outcome();
        produceThroughTheRegistryItself(outcome);

        // the listener's deserializer has tried the black-holed registry more than once
        await().atMost(Duration.ofSeconds(60)).until(() -> REGISTRY.blackHoledConnections() >= 3);
        assertThat(recorder.received).isEmpty();

        REGISTRY.open();

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(recorder.received).containsExactly(outcome));
        assertThat(deadLettered()).as("dead-lettered records").isEmpty();
    }

    private static void produceThroughTheRegistryItself(SyncOutcome outcome) {
        Map<String, Object> config =
                new HashMap<>(EventSerde.properties(TestInfra.registry().coreApiUrl()));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerde.SERIALIZER);
        try (KafkaProducer<String, SyncOutcome> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(TOPIC, outcome.getSku(), outcome));
        }
    }

    /** Everything on the dead-letter topic up to its end now. */
    private static List<ConsumerRecord<String, byte[]>> deadLettered() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC + "-dlt").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static SyncOutcome outcome() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return SyncOutcome.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setSku("SKU-" + UUID.randomUUID())
                .setProvider(Provider.STOCKX)
                .setRegion("US")
                .setStatus(OutcomeStatus.SUCCEEDED)
                .setSnapshotsPublished(1)
                .setAttempts(1)
                .setStartedAt(now)
                .setFinishedAt(now)
                .build();
    }

    /** A service using the shared conventions, without component scanning. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class TestApp {}

    static class Recorder {
        final Queue<SyncOutcome> received = new ConcurrentLinkedQueue<>();

        @KafkaListener(topics = TOPIC)
        void on(SyncOutcome outcome) {
            received.add(outcome);
        }
    }
}
