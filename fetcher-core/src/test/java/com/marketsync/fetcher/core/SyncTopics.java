package com.marketsync.fetcher.core;

import static org.awaitility.Awaitility.await;

import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.Priority;
import com.marketsync.events.Provider;
import com.marketsync.events.SyncOutcome;
import com.marketsync.events.SyncRequest;
import com.marketsync.events.Tier;
import com.marketsync.schemas.EventSerde;
import com.marketsync.schemas.Topics;
import com.marketsync.testkit.TestInfra;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A running fetcher's topics seen from a test, over the test infrastructure's Kafka and registry: sends sync requests
 * and collects every snapshot and outcome published, from the beginning of the topics.
 */
public final class SyncTopics implements AutoCloseable {

    private final KafkaProducer<String, Object> producer;
    private final KafkaConsumer<String, Object> consumer;
    private final List<Object> received = new CopyOnWriteArrayList<>();

    private SyncTopics(String name) {
        Map<String, Object> serde = EventSerde.properties(TestInfra.registry().coreApiUrl());
        Map<String, Object> producerConfig = new HashMap<>(serde);
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers());
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerde.SERIALIZER);
        producer = new KafkaProducer<>(producerConfig);

        Map<String, Object> consumerConfig = new HashMap<>(serde);
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers());
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, name + "-" + UUID.randomUUID());
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, EventSerde.DESERIALIZER);
        consumer = new KafkaConsumer<>(consumerConfig);
        consumer.subscribe(List.of(Topics.PRICE_SNAPSHOTS, Topics.SYNC_OUTCOMES));
    }

    /** Opens a producer and a consumer of snapshots and outcomes, in a consumer group of its own named after the test. */
    public static SyncTopics open(String name) {
        return new SyncTopics(name);
    }

    /**
     * Sends a manual request for the sku in region US to a request topic, keyed by sku, valid for 10 minutes.
     *
     * @return the request's id
     */
    public String send(String topic, String sku, Provider provider, String requestedBy) {
        String requestId = UUID.randomUUID().toString();
        SyncRequest request = SyncRequest.newBuilder()
                .setRequestId(requestId)
                .setSku(sku)
                .setProvider(provider)
                .setRegion("US")
                .setPriority(Priority.MANUAL)
                .setTier(Tier.HOT)
                .setReason("MANUAL")
                .setRequestedAt(Instant.now())
                .setRequestedBy(requestedBy)
                .setNotAfter(Instant.now().plus(Duration.ofMinutes(10)))
                .build();
        producer.send(new ProducerRecord<>(topic, sku, request));
        producer.flush();
        return requestId;
    }

    /** The first outcome of the request, waiting up to 90 s for it. */
    public SyncOutcome awaitOutcome(String requestId) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    poll();
                    return !outcomesOf(requestId).isEmpty();
                });
        return outcomesOf(requestId).getFirst();
    }

    /** The request's snapshots once there are at least {@code expected}, waiting up to 30 s for them. */
    public List<PriceSnapshot> awaitSnapshots(String requestId, int expected) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    poll();
                    return snapshotsOf(requestId).size() >= expected;
                });
        return snapshotsOf(requestId);
    }

    /** The request's outcomes received so far. */
    public List<SyncOutcome> outcomesOf(String requestId) {
        return received.stream()
                .filter(SyncOutcome.class::isInstance)
                .map(SyncOutcome.class::cast)
                .filter(outcome -> outcome.getRequestId().equals(requestId))
                .toList();
    }

    /** The request's snapshots received so far. */
    public List<PriceSnapshot> snapshotsOf(String requestId) {
        return received.stream()
                .filter(PriceSnapshot.class::isInstance)
                .map(PriceSnapshot.class::cast)
                .filter(snapshot -> snapshot.getRequestId().equals(requestId))
                .toList();
    }

    private synchronized void poll() {
        consumer.poll(Duration.ofMillis(100)).forEach(record -> received.add(record.value()));
    }

    @Override
    public void close() {
        producer.close();
        consumer.close();
    }
}
