package com.marketsync.writer;

import static com.marketsync.writer.TestSnapshots.snapshot;
import static com.marketsync.writer.TestSnapshots.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.schemas.Topics;
import com.marketsync.testkit.TestInfra;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A record the database refuses by a constraint goes to the dead-letter topic alone; its neighbours are stored. */
class ConstraintViolationIT extends WriterIntegrationSupport {

    private static final Instant T1 =
            Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(300);

    @BeforeEach
    void refuseMarkedSkus() {
        // a rule validation does not know: stands for any constraint a single record can break
        jdbc.sql("ALTER TABLE market.latest_prices ADD CONSTRAINT refused_sku CHECK (sku NOT LIKE 'REFUSED-%')")
                .update();
    }

    @AfterEach
    void dropRule() {
        jdbc.sql("ALTER TABLE market.latest_prices DROP CONSTRAINT refused_sku").update();
    }

    @Test
    void onlyTheRefusedRecordIsDeadLetteredAndTheOthersAreStored() {
        String before = uniqueSku("BEFORE");
        String refused = uniqueSku("REFUSED");
        String after = uniqueSku("AFTER");
        // sent together, so they usually arrive in one polled batch, which the database then refuses as a whole
        send(snapshot(before, "v1", T1), snapshot(refused, "v1", T1), snapshot(after, "v1", T1));

        eventually().untilAsserted(() -> {
            assertThat(latest(before)).hasSize(1);
            assertThat(latest(after)).hasSize(1);
        });
        assertThat(history(refused)).isEmpty();
        List<ConsumerRecord<String, byte[]>> dead = deadLetters(refused);
        assertThat(dead).hasSize(1);
        Header reason = dead.getFirst().headers().lastHeader("kafka_dlt-exception-message");
        assertThat(new String(reason.value(), StandardCharsets.UTF_8))
                .contains("refused by the database", "refused_sku");
    }

    private static List<ConsumerRecord<String, byte[]>> deadLetters(String key) {
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
                assertThat(found).isNotEmpty();
            });
        }
        return found;
    }
}
