package com.marketsync.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketsync.events.Fulfilment;
import com.marketsync.events.PackagingCondition;
import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.ProductCondition;
import com.marketsync.events.Provider;
import com.marketsync.events.SizeSystem;
import com.marketsync.events.Variant;
import com.marketsync.testkit.TestInfra;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Proves any Confluent-compatible consumer can read our topics: a PriceSnapshot produced through our serializer is
 * decoded by a plain Avro reader that learns the writer schema only from the registry's ccompat API.
 */
class ConfluentWireFormatIT {

    private static final String TOPIC = Topics.PRICE_SNAPSHOTS;

    @Test
    void priceSnapshotIsReadableThroughConfluentCompatibleApi() throws Exception {
        PriceSnapshot sent = snapshot();
        produce(sent);

        ConsumerRecord<String, byte[]> record = consumeOne(ByteArrayDeserializer.class);
        ByteBuffer wire = ByteBuffer.wrap(record.value());
        assertThat(wire.get()).as("magic byte").isZero();
        int schemaId = wire.getInt();

        Schema writerSchema = new Schema.Parser().parse(fetchSchemaById(schemaId));
        GenericRecord decoded = new GenericDatumReader<GenericRecord>(writerSchema)
                .read(null, DecoderFactory.get().binaryDecoder(wire.array(), wire.position(), wire.remaining(), null));

        assertThat(record.key()).isEqualTo("DD1391-100");
        assertThat(decoded.get("sku")).hasToString("DD1391-100");
        assertThat(decoded.get("currency")).hasToString("GBP");
        assertThat(decimal(writerSchema, decoded, "lowestAsk")).isEqualByComparingTo("112.00");
        assertThat(decimal(writerSchema, decoded, "suggestedBeatUs")).isEqualByComparingTo("114.50");
        assertThat(decoded.get("highestBid"))
                .as("a value the provider does not supply stays null")
                .isNull();
        assertThat(((GenericRecord) decoded.get("variant")).get("size")).hasToString("10.5");
        assertThat(subjects()).contains(TOPIC + "-value");
    }

    @Test
    void ourDeserializerReturnsTheGeneratedClass() {
        PriceSnapshot sent = snapshot();
        produce(sent);

        List<PriceSnapshot> received = new ArrayList<>();
        Map<String, Object> config = consumerConfig(StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, EventSerde.DESERIALIZER);
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(TOPIC));
            Instant deadline = Instant.now().plusSeconds(30);
            while (received.stream().noneMatch(s -> s.getSnapshotId().equals(sent.getSnapshotId()))
                    && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> received.add((PriceSnapshot) r.value()));
            }
        }

        assertThat(received)
                .filteredOn(s -> s.getSnapshotId().equals(sent.getSnapshotId()))
                .singleElement()
                .isEqualTo(sent);
    }

    private static PriceSnapshot snapshot() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return PriceSnapshot.newBuilder()
                .setSnapshotId(UUID.randomUUID().toString())
                .setRequestId("req-1")
                .setProvider(Provider.STOCKX)
                .setSku("DD1391-100")
                .setProviderProductId("5e6a1e57-1c7d-435a-82bd-5666a13560fe")
                .setVariant(Variant.newBuilder()
                        .setVariantKey("stockx:variant-105")
                        .setProviderVariantId("variant-105")
                        .setSize("10.5")
                        .setSizeSystem(SizeSystem.US_M)
                        .setUsSize("10.5")
                        .setCondition(ProductCondition.NEW)
                        .setPackaging(PackagingCondition.GOOD)
                        .setFulfilment(Fulfilment.STANDARD)
                        .build())
                .setRegion("GB")
                .setCurrency("GBP")
                .setLowestAsk(new BigDecimal("112.00"))
                .setSuggestedBeatUs(new BigDecimal("114.50"))
                .setObservedAt(now)
                .setFetchedAt(now)
                .build();
    }

    private static void produce(PriceSnapshot snapshot) {
        Map<String, Object> config =
                new HashMap<>(EventSerde.properties(TestInfra.registry().coreApiUrl()));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerde.SERIALIZER);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, PriceSnapshot> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(TOPIC, snapshot.getSku(), snapshot));
            producer.flush();
        }
    }

    private static ConsumerRecord<String, byte[]> consumeOne(Class<?> valueDeserializer) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig(valueDeserializer))) {
            consumer.subscribe(List.of(TOPIC));
            Instant deadline = Instant.now().plusSeconds(30);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    return record;
                }
            }
        }
        throw new AssertionError("No record on " + TOPIC);
    }

    private static Map<String, Object> consumerConfig(Class<?> valueDeserializer) {
        Map<String, Object> config =
                new HashMap<>(EventSerde.properties(TestInfra.registry().coreApiUrl()));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "interop-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, valueDeserializer);
        return config;
    }

    private static String fetchSchemaById(int id) throws Exception {
        JsonNode body = getJson("/schemas/ids/" + id);
        return body.get("schema").asText();
    }

    private static List<String> subjects() throws Exception {
        List<String> subjects = new ArrayList<>();
        getJson("/subjects").forEach(node -> subjects.add(node.asText()));
        return subjects;
    }

    private static JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(TestInfra.registry().ccompatApiUrl() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    private static BigDecimal decimal(Schema recordSchema, GenericRecord record, String field) {
        Schema decimalSchema = recordSchema.getField(field).schema().getTypes().stream()
                .filter(s -> s.getType() == Schema.Type.BYTES)
                .findFirst()
                .orElseThrow();
        return new Conversions.DecimalConversion()
                .fromBytes((ByteBuffer) record.get(field), decimalSchema, LogicalTypes.fromSchema(decimalSchema));
    }
}
