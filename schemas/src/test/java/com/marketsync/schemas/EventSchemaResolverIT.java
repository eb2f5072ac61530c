package com.marketsync.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.marketsync.events.OutcomeStatus;
import com.marketsync.events.Provider;
import com.marketsync.events.SyncOutcome;
import com.marketsync.infra.ApicurioRegistry;
import com.marketsync.testkit.TcpProxy;
import com.marketsync.testkit.TestInfra;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the serde does when the registry does not answer: it fails within the request timeout instead of waiting for
 * ever, with a {@link RegistryUnavailableException} that the Kafka layer retries, and works once the registry answers.
 */
class EventSchemaResolverIT {

    /** Long enough for the test to fail if a request hung: several attempts of {@link #TIMEOUT} with back-off. */
    private static final Duration NO_HANG = Duration.ofSeconds(60);

    /** The request timeout of the clients behind the proxy. */
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    /**
     * The request timeout of the clients that reach the registry itself: the default, since a registry that has just
     * started can take longer than {@link #TIMEOUT} to answer its first requests.
     */
    private static final Duration DIRECT = Duration.ofSeconds(10);

    private TcpProxy proxy;

    @BeforeEach
    void blackHoledRegistry() {
        proxy = new TcpProxy("localhost", TestInfra.registry().port(), false);
    }

    @AfterEach
    void close() {
        proxy.close();
    }

    @Test
    void encodingFailsAsUnavailableWhenTheRegistryNeverAnswers() {
        try (AvroKafkaSerializer<SyncOutcome> serializer = serializer(proxied(), TIMEOUT)) {
            Throwable failure = assertTimeoutPreemptively(
                    NO_HANG, () -> catchThrowable(() -> serializer.serialize(uniqueTopic(), outcome())));

            assertThat(failure).isNotNull();
            assertThat(RegistryUnavailableException.isCauseOf(failure))
                    .as("unavailable, not undecodable: %s", failure)
                    .isTrue();
            assertThat(proxy.blackHoledConnections()).isPositive();
        }
    }

    @Test
    void decodingFailsAsUnavailableWhileTheRegistryNeverAnswersAndSucceedsOnceItDoes() {
        String topic = uniqueTopic();
        SyncOutcome sent = outcome();
        byte[] bytes;
        try (AvroKafkaSerializer<SyncOutcome> serializer =
                serializer(TestInfra.registry().coreApiUrl(), DIRECT)) {
            bytes = serializer.serialize(topic, sent);
        }
        try (AvroKafkaDeserializer<Object> deserializer = new AvroKafkaDeserializer<>()) {
            deserializer.configure(EventSerde.properties(proxied(), TIMEOUT), false);

            Throwable failure = assertTimeoutPreemptively(
                    NO_HANG, () -> catchThrowable(() -> deserializer.deserialize(topic, bytes)));
            assertThat(RegistryUnavailableException.isCauseOf(failure))
                    .as("unavailable, not undecodable: %s", failure)
                    .isTrue();

            proxy.open();
            // the first answer may take longer than TIMEOUT on a registry just started: then the next try gets it
            await().atMost(NO_HANG)
                    .ignoreExceptionsMatching(RegistryUnavailableException::isCauseOf)
                    .untilAsserted(() ->
                            assertThat(deserializer.deserialize(topic, bytes)).isEqualTo(sent));
        }
    }

    @Test
    void aSchemaFetchedBeforeStaysInUseWhileTheRegistryDoesNotAnswer() {
        proxy.open();
        String topic = uniqueTopic();
        Map<String, Object> config = new HashMap<>(EventSerde.properties(proxied(), TIMEOUT));
        // the library's period for checking cached lookups, shortened: sends outlast it without asking the registry
        config.put("apicurio.registry.check-period-ms", "1000");
        try (AvroKafkaSerializer<SyncOutcome> serializer = new AvroKafkaSerializer<>()) {
            serializer.configure(config, false);
            int schemaId = schemaId(await().atMost(NO_HANG)
                    .ignoreExceptions()
                    .until(() -> serializer.serialize(topic, outcome()), encoded -> true));

            proxy.blackHole();

            await().during(Duration.ofSeconds(3))
                    .atMost(NO_HANG)
                    .until(() -> schemaId(serializer.serialize(topic, outcome())) == schemaId
                            && proxy.blackHoledConnections() == 0);
        }
    }

    @Test
    void anIdTheRegistryDoesNotKnowIsNoUnavailability() {
        byte[] unknownId =
                ByteBuffer.allocate(9).put((byte) 0).putInt(Integer.MAX_VALUE).array();
        try (AvroKafkaDeserializer<Object> deserializer = new AvroKafkaDeserializer<>()) {
            deserializer.configure(EventSerde.properties(TestInfra.registry().coreApiUrl(), DIRECT), false);

            Throwable failure = catchThrowable(() -> deserializer.deserialize(uniqueTopic(), unknownId));

            assertThat(failure).isNotNull();
            assertThat(RegistryUnavailableException.isCauseOf(failure))
                    .as("the registry answered: %s", failure)
                    .isFalse();
        }
    }

    /** The schema id of an encoded event (Confluent wire format: magic byte, 4-byte id). */
    private static int schemaId(byte[] encoded) {
        return ByteBuffer.wrap(encoded, 1, 4).getInt();
    }

    private String proxied() {
        return ApicurioRegistry.coreApiUrl(proxy.port());
    }

    /** A serializer whose registry requests time out after {@code timeout}. */
    private static AvroKafkaSerializer<SyncOutcome> serializer(String registryUrl, Duration timeout) {
        AvroKafkaSerializer<SyncOutcome> serializer = new AvroKafkaSerializer<>();
        serializer.configure(EventSerde.properties(registryUrl, timeout), false);
        return serializer;
    }

    private static String uniqueTopic() {
        return "resolver-it-" + UUID.randomUUID();
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
}
