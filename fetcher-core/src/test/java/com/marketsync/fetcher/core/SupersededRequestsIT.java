package com.marketsync.fetcher.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marketsync.events.Provider;
import com.marketsync.events.RequestSuperseded;
import com.marketsync.infra.ApicurioRegistry;
import com.marketsync.kafka.EventDeserializer;
import com.marketsync.schemas.EventSerde;
import com.marketsync.schemas.Topics;
import com.marketsync.testkit.TcpProxy;
import com.marketsync.testkit.TestInfra;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/** The reader of the supersession topic against the shared in-JVM broker and registry. */
class SupersededRequestsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final List<SupersededRequests> readers = new ArrayList<>();

    @AfterEach
    void stopReaders() {
        readers.forEach(SupersededRequests::stop);
    }

    @Test
    void honoursASupersessionPublishedBeforeItStarted() {
        RequestSuperseded event = supersession(Provider.STOCKX, Instant.now());
        publish(event);

        SupersededRequests reader = started(Provider.STOCKX, Clock.systemUTC());
        await().atMost(TIMEOUT).until(reader::loaded);

        assertThat(reader.find(event.getRequestId()))
                .contains(new SupersededRequests.Supersession(event.getSupersededBy(), event.getSupersededAt()));
    }

    @Test
    void learnsOfSupersessionsPublishedWhileItRuns() {
        SupersededRequests reader = started(Provider.STOCKX, Clock.systemUTC());
        await().atMost(TIMEOUT).until(reader::loaded);
        RequestSuperseded event = supersession(Provider.STOCKX, Instant.now());
        assertThat(reader.find(event.getRequestId())).isEmpty();

        publish(event);
        awaitCaughtUp(reader);

        assertThat(reader.find(event.getRequestId()))
                .map(SupersededRequests.Supersession::supersededBy)
                .contains(event.getSupersededBy());
    }

    @Test
    void ignoresOtherProvidersAndSupersessionsOlderThanItsBound() {
        SupersededRequests reader = started(Provider.STOCKX, Clock.systemUTC());
        RequestSuperseded otherProvider = supersession(Provider.ALIAS, Instant.now());
        RequestSuperseded tooOld =
                supersession(Provider.STOCKX, Instant.now().minus(SupersededRequests.KEEP.plusHours(1)));
        RequestSuperseded current = supersession(Provider.STOCKX, Instant.now());

        publish(otherProvider, tooOld, current);
        awaitCaughtUp(reader);

        assertThat(reader.find(otherProvider.getRequestId())).isEmpty();
        assertThat(reader.find(tooOld.getRequestId())).isEmpty();
        assertThat(reader.find(current.getRequestId())).isPresent();
    }

    @Test
    void forgetsASupersessionOnceItIsOlderThanItsBound() {
        MovableClock clock = new MovableClock(Instant.now());
        SupersededRequests reader = started(Provider.STOCKX, clock);
        RequestSuperseded event = supersession(Provider.STOCKX, clock.instant());
        publish(event);
        awaitCaughtUp(reader);
        assertThat(reader.find(event.getRequestId())).isPresent();

        clock.set(event.getSupersededAt().plus(SupersededRequests.KEEP).plusSeconds(1));

        await().atMost(TIMEOUT).until(() -> reader.find(event.getRequestId()).isEmpty());
    }

    @Test
    void stopsItsThreadAndConsumerOnStop() {
        SupersededRequests reader = started(Provider.EBAY, Clock.systemUTC());
        await().atMost(TIMEOUT).until(reader::loaded);
        assertThat(readerThreadsOf(Provider.EBAY)).isNotEmpty();

        reader.stop();

        assertThat(reader.isRunning()).isFalse();
        assertThat(readerThreadsOf(Provider.EBAY)).isEmpty();
    }

    @Test
    void readsASupersessionAgainOnceTheRegistryAnswersInsteadOfSkippingIt() {
        RequestSuperseded event = supersession(Provider.ALIAS, Instant.now());
        publish(event);
        try (TcpProxy registry = new TcpProxy("localhost", TestInfra.registry().port(), false)) {
            // as a service's consumer factory has it, with a registry that does not answer yet
            Map<String, Object> config = consumerConfig();
            config.putAll(EventSerde.properties(ApicurioRegistry.coreApiUrl(registry.port()), Duration.ofMillis(500)));
            config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
            config.put(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, EventDeserializer.class);
            SupersededRequests reader =
                    new SupersededRequests(config, Provider.ALIAS, SupersededRequests.KEEP, Clock.systemUTC());
            readers.add(reader);
            reader.start();
            await().atMost(TIMEOUT).until(() -> registry.blackHoledConnections() >= 3);
            assertThat(reader.find(event.getRequestId())).isEmpty();

            registry.open();

            await().atMost(TIMEOUT)
                    .until(() -> reader.find(event.getRequestId()).isPresent());
        }
    }

    /** Consumer settings of a reader on the shared broker. */
    static Map<String, Object> consumerConfig() {
        Map<String, Object> config =
                new HashMap<>(EventSerde.properties(TestInfra.registry().coreApiUrl()));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, EventSerde.DESERIALIZER);
        // as a service's consumer factory has it: the reader must drop it
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "not-used-by-the-reader");
        return config;
    }

    /** A supersession of a new request of {@code provider} by another one, both with unique ids. */
    static RequestSuperseded supersession(Provider provider, Instant at) {
        String unique = UUID.randomUUID().toString();
        return RequestSuperseded.newBuilder()
                .setRequestId("BACKGROUND-" + unique)
                .setSupersededBy("MANUAL-" + unique)
                .setSku("SKU-" + unique)
                .setProvider(provider)
                .setRegion("US")
                .setSupersededAt(at.truncatedTo(ChronoUnit.MILLIS))
                .build();
    }

    /** Publishes supersessions keyed by sku, as the planner does, and waits for their acknowledgement. */
    static void publish(RequestSuperseded... events) {
        Map<String, Object> config =
                new HashMap<>(EventSerde.properties(TestInfra.registry().coreApiUrl()));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerde.SERIALIZER);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, RequestSuperseded> producer = new KafkaProducer<>(config)) {
            for (RequestSuperseded event : events) {
                producer.send(new ProducerRecord<>(Topics.SYNC_SUPERSESSIONS, event.getSku(), event));
            }
            producer.flush();
        }
    }

    /** Waits until the reader has read everything published so far. */
    static void awaitCaughtUp(SupersededRequests reader) {
        CompletableFuture<Void> caughtUp = reader.caughtUp();
        await().atMost(TIMEOUT).until(caughtUp::isDone);
    }

    private SupersededRequests started(Provider provider, Clock clock) {
        SupersededRequests reader = new SupersededRequests(consumerConfig(), provider, SupersededRequests.KEEP, clock);
        readers.add(reader);
        reader.start();
        return reader;
    }

    private static List<Thread> readerThreadsOf(Provider provider) {
        String name = "sync-supersessions-" + provider.name().toLowerCase(Locale.ROOT);
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals(name) && thread.isAlive())
                .toList();
    }

    /** A clock a test moves forward. */
    private static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now;

        MovableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
