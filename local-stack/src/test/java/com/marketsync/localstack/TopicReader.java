package com.marketsync.localstack;

import com.marketsync.schemas.EventSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the local stack's topics as a subscriber would: every record from the beginning, committed ones only
 * ({@code read_committed}), values decoded through the registry (Confluent wire format, Apicurio serde); and the
 * offsets of topics and consumer groups.
 */
final class TopicReader {

    private final String bootstrapServers;
    private final String registryUrl;

    TopicReader(String bootstrapServers, String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    /** Every value of a topic up to its end offsets now, partition by partition in offset order. */
    <T> List<T> values(String topic, Class<T> type) {
        Map<TopicPartition, Long> end = endOffsets(topic);
        Map<String, Object> config = new HashMap<>(EventSerde.properties(registryUrl));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "topic-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, EventSerde.DESERIALIZER);
        List<T> values = new ArrayList<>();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(config)) {
            consumer.assign(end.keySet());
            consumer.seekToBeginning(end.keySet());
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("Reading " + topic + " up to " + end + " took over 3 minutes");
                }
                for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(type.cast(record.value()));
                }
            }
        }
        return values;
    }

    /** Each partition's end offset (the offset the next record will get). */
    Map<TopicPartition, Long> endOffsets(String topic) {
        try (Admin admin = admin()) {
            int partitions = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, info) -> end.put(partition, info.offset()));
            return end;
        } catch (Exception e) {
            throw new IllegalStateException("End offsets of " + topic, e);
        }
    }

    /** Records ever written to the topic (end offsets summed). */
    long records(String topic) {
        return endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether the consumer group has committed every record of the topic. */
    boolean caughtUp(String group, String topic) {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            return endOffsets(topic).entrySet().stream().allMatch(e -> {
                OffsetAndMetadata offset = committed.get(e.getKey());
                return e.getValue() == 0 || (offset != null && offset.offset() >= e.getValue());
            });
        } catch (Exception e) {
            throw new IllegalStateException("Offsets of " + group, e);
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }
}
