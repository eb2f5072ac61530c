package com.marketsync.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marketsync.events.SyncOutcome;
import com.marketsync.infra.ApicurioRegistry;
import com.marketsync.schemas.EventSerde;
import com.marketsync.testkit.TcpProxy;
import com.marketsync.testkit.TestInfra;
import com.marketsync.testkit.TopicContents;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
        SyncOutcome outcome = KafkaSupportIT.outcome("none");
        produceThroughTheRegistryItself(outcome);

        // the listener's deserializer has tried the black-holed registry more than once
        await().atMost(Duration.ofSeconds(60)).until(() -> REGISTRY.blackHoledConnections() >= 3);
        assertThat(recorder.received).isEmpty();

        REGISTRY.open();

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(recorder.received).containsExactly(outcome));
        assertThat(TopicContents.soFar(TOPIC + "-dlt"))
                .as("dead-lettered records")
                .isEmpty();
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
