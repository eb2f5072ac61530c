package com.marketsync.faults;

import static org.awaitility.Awaitility.await;

import com.marketsync.events.LatestPrice;
import com.marketsync.events.PriceSnapshot;
import com.marketsync.schemas.EventSerde;
import com.marketsync.schemas.Topics;
import com.marketsync.testkit.TestInfra;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * The test's side of the shared in-JVM broker: gives each test empty writer topics and no committed offsets, produces
 * snapshot streams (registry-framed Avro as the fetchers send them, or poison bytes, in one ordered stream), reads
 * topics from the beginning, and inspects the writer's consumer group.
 */
final class KafkaProbe implements AutoCloseable {

    /** The topics a writer reads and writes; each test starts with them empty. */
    private static final List<String> WRITER_TOPICS = List.of(
            Topics.PRICE_SNAPSHOTS,
            Topics.deadLetter(Topics.PRICE_SNAPSHOTS),
            Topics.LATEST_PRICES,
            Topics.deadLetter(Topics.LATEST_PRICES));

    /**
     * The writer's consumer group: its listener id, which spring-kafka uses as group id (so
     * {@code spring.kafka.consumer.group-id} does not change it).
     */
    static final String WRITER_GROUP = "market-writer";

    private final String bootstrapServers;
    private final String registryUrl;
    private final Admin admin;
    private final Serializer<Object> avro;
    private final KafkaProducer<String, byte[]> producer;

    /**
     * Deletes the writer's topics and consumer group and creates the topics again empty (as the writer would: 3
     * partitions, latest prices compacted), so a test sees only its own records. No writer may be running.
     */
    static KafkaProbe withEmptyTopics() {
        KafkaProbe kafka = new KafkaProbe();
        kafka.recreateWriterTopics();
        return kafka;
    }

    private KafkaProbe() {
        this.bootstrapServers = TestInfra.kafkaBootstrapServers();
        this.registryUrl = TestInfra.registry().coreApiUrl();
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.avro = instance(EventSerde.SERIALIZER);
        this.avro.configure(EventSerde.properties(registryUrl), false);
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** The Spring properties that point the writer at this broker and registry. */
    Map<String, String> writerProperties() {
        return Map.of(
                "spring.kafka.bootstrap-servers", bootstrapServers,
                "market.registry.url", registryUrl);
    }

    /** A snapshot as a fetcher puts it on the wire: registry-framed Avro. */
    byte[] encode(PriceSnapshot snapshot) {
        return avro.serialize(Topics.PRICE_SNAPSHOTS, snapshot);
    }

    /** Produces snapshots keyed by sku and waits until the broker acknowledged every one. */
    void produce(List<PriceSnapshot> snapshots) {
        produceRaw(snapshots.stream()
                .map(s -> new ProducerRecord<>(Topics.PRICE_SNAPSHOTS, s.getSku(), encode(s)))
                .toList());
    }

    /** Produces records in order (one producer, so per-partition order is kept) and waits for every ack. */
    void produceRaw(List<ProducerRecord<String, byte[]>> records) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        records.forEach(record -> sent.add(producer.send(record)));
        producer.flush();
        for (Future<RecordMetadata> ack : sent) {
            try {
                ack.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("Send failed", e.getCause());
            }
        }
    }

    /** Snapshots not yet committed by the writer's group, summed over partitions. */
    long lag() {
        String topic = Topics.PRICE_SNAPSHOTS;
        Map<TopicPartition, Long> end = endOffsets(topic);
        Map<TopicPartition, OffsetAndMetadata> committed =
                get(admin.listConsumerGroupOffsets(WRITER_GROUP).partitionsToOffsetAndMetadata());
        return end.entrySet().stream()
                .mapToLong(e -> {
                    OffsetAndMetadata offset = committed.get(e.getKey());
                    return e.getValue() - (offset == null ? 0 : offset.offset());
                })
                .sum();
    }

    /** Snapshots the writer's group has committed, summed over partitions. */
    long committed() {
        return get(admin.listConsumerGroupOffsets(WRITER_GROUP).partitionsToOffsetAndMetadata()).values().stream()
                .filter(Objects::nonNull)
                .mapToLong(OffsetAndMetadata::offset)
                .sum();
    }

    /** Each partition's end offset (the offset the next record will get). */
    Map<TopicPartition, Long> endOffsets(String topic) {
        List<TopicPartition> partitions =
                get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic).partitions().stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        Map<TopicPartition, Long> end = new HashMap<>();
        get(admin.listOffsets(latest).all()).forEach((partition, info) -> end.put(partition, info.offset()));
        return end;
    }

    /** Records ever written to the topic (end offsets summed; no compaction runs in these tests). */
    long records(String topic) {
        return endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The writer's consumer group as the group coordinator sees it: state and members. */
    ConsumerGroupDescription describeGroup() {
        return get(admin.describeConsumerGroups(List.of(WRITER_GROUP))
                .describedGroups()
                .get(WRITER_GROUP));
    }

    /** Every change event on {@code market.latest-prices}, partition by partition in offset order. */
    List<ConsumerRecord<String, LatestPrice>> latestPriceEvents() {
        Deserializer<LatestPrice> deserializer = instance(EventSerde.DESERIALIZER);
        deserializer.configure(EventSerde.properties(registryUrl), false);
        return readAll(Topics.LATEST_PRICES, deserializer);
    }

    /** Every record of a topic as bytes, partition by partition in offset order. */
    List<ConsumerRecord<String, byte[]>> rawRecords(String topic) {
        return readAll(topic, new ByteArrayDeserializer());
    }

    private <V> List<ConsumerRecord<String, V>> readAll(String topic, Deserializer<V> deserializer) {
        Map<TopicPartition, Long> end = endOffsets(topic);
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "faults-reader-" + UUID.randomUUID(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        5_000),
                new StringDeserializer(),
                deserializer)) {
            consumer.assign(end.keySet());
            consumer.seekToBeginning(end.keySet());
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    private void recreateWriterTopics() {
        // a member killed by an earlier test stays in the group until its session times out; deleting waits for that
        await("consumer group " + WRITER_GROUP + " deleted")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> {
                    boolean exists = get(admin.listConsumerGroups().all()).stream()
                            .anyMatch(g -> g.groupId().equals(WRITER_GROUP));
                    if (exists) {
                        get(admin.deleteConsumerGroups(List.of(WRITER_GROUP)).all());
                    }
                    return true;
                });
        Set<String> existing = get(admin.listTopics().names());
        get(admin.deleteTopics(WRITER_TOPICS.stream().filter(existing::contains).toList())
                .all());
        // deletion completes asynchronously; creating a topic still being deleted fails until it is gone
        await("writer topics re-created empty")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> {
                    Set<String> present = get(admin.listTopics().names());
                    List<NewTopic> missing = WRITER_TOPICS.stream()
                            .filter(name -> !present.contains(name))
                            .map(KafkaProbe::newTopic)
                            .toList();
                    get(admin.createTopics(missing).all());
                    return WRITER_TOPICS.stream().allMatch(name -> records(name) == 0);
                });
    }

    private static NewTopic newTopic(String name) {
        NewTopic topic = new NewTopic(name, 3, (short) 1);
        return name.equals(Topics.LATEST_PRICES)
                ? topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))
                : topic;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
        avro.close();
        admin.close(Duration.ofSeconds(10));
    }

    /** The registry serde classes are named, not referenced, like the services configure them. */
    @SuppressWarnings("unchecked")
    private static <T> T instance(String className) {
        try {
            return (T) Utils.newInstance(Class.forName(className));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(className + " is not on the class path", e);
        }
    }

    private static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
