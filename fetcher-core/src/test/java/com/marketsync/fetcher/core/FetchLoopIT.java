package com.marketsync.fetcher.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marketsync.events.OutcomeStatus;
import com.marketsync.events.Priority;
import com.marketsync.events.Provider;
import com.marketsync.events.RequestSuperseded;
import com.marketsync.events.SyncOutcome;
import com.marketsync.events.SyncRequest;
import com.marketsync.events.Tier;
import com.marketsync.schemas.EventSerde;
import com.marketsync.schemas.Topics;
import com.marketsync.testkit.TestInfra;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * The whole fetch loop as applications run it (listener containers, budget in PostgreSQL, real broker and registry),
 * around a scripted provider that records every call: lanes, pauses and a budget shared by several instances.
 * Each test uses its own provider, so its request topics hold only its own requests.
 */
class FetchLoopIT {

    private static final Map<Provider, BiFunction<SyncRequest, Integer, FetchResult>> SCRIPTS =
            new ConcurrentHashMap<>();
    private static final List<Call> CALLS = new CopyOnWriteArrayList<>();

    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();
    private KafkaProducer<String, SyncRequest> producer;

    record Call(Provider provider, String requestId, Lane lane, Instant at) {}

    @BeforeEach
    void forgetEarlierCalls() {
        // tests may share a provider; each looks only at the calls made while it runs
        CALLS.clear();
    }

    @AfterEach
    void stopInstances() {
        instances.forEach(ConfigurableApplicationContext::close);
        if (producer != null) {
            producer.close();
        }
    }

    @Test
    void aManualRequestOvertakesTenThousandQueuedRequests() {
        String database = TestInfra.newDatabase("fetch_loop_priority");
        SCRIPTS.put(Provider.STOCKX, (request, attempt) -> new FetchResult.Succeeded(List.of(), "p", 200));
        start(Provider.STOCKX, database, 2);
        List<SyncRequest> backlog = IntStream.range(0, 10_000)
                .mapToObj(i -> request(Provider.STOCKX, "BACKLOG-" + i, Priority.BACKGROUND))
                .toList();
        send(Topics.syncRequests(Provider.STOCKX), backlog);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> callsOf(Provider.STOCKX).size() >= 3);

        SyncRequest manual = request(Provider.STOCKX, "MANUAL-1", Priority.MANUAL);
        Instant sent = Instant.now();
        send(Topics.syncRequestsPriority(Provider.STOCKX), List.of(manual));
        await().atMost(Duration.ofSeconds(30)).until(() -> callOf(manual) != null);

        Call served = callOf(manual);
        assertThat(Duration.between(sent, served.at())).isLessThan(Duration.ofSeconds(5));
        assertThat(served.lane()).isEqualTo(Lane.PRIORITY);
        long normalCallsMeanwhile = callsOf(Provider.STOCKX).stream()
                .filter(call -> call.lane() == Lane.NORMAL)
                .filter(call -> !call.at().isBefore(sent) && call.at().isBefore(served.at()))
                .count();
        // At 2 calls/s: at most the call in flight plus the one whose token was already taken.
        assertThat(normalCallsMeanwhile).isLessThanOrEqualTo(2);
        assertThat(outcomesUpTo(manual, manual))
                .filteredOn(outcome -> outcome.getRequestId().equals(manual.getRequestId()))
                .hasSize(1);
    }

    @Test
    void aRateLimitWithRetryAfterStopsAllCallsUntilThenAndTheRequestGetsExactlyOneOutcome() {
        String database = TestInfra.newDatabase("fetch_loop_429");
        SCRIPTS.put(
                Provider.ALIAS,
                (request, attempt) -> attempt == 1 && request.getRequestId().contains("-LIMITED-")
                        ? new FetchResult.RateLimited(Instant.now().plusSeconds(30), 429)
                        : new FetchResult.Succeeded(List.of(), "p", 200));
        start(Provider.ALIAS, database, 5);
        SyncRequest limited = request(Provider.ALIAS, "LIMITED-1", Priority.BACKGROUND);
        SyncRequest other = request(Provider.ALIAS, "OTHER-1", Priority.BACKGROUND);

        send(Topics.syncRequests(Provider.ALIAS), List.of(limited, other));
        // The refused call, the other request and the retry after the pause; a failure lists the calls seen.
        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> assertThat(callsOf(Provider.ALIAS)).hasSizeGreaterThanOrEqualTo(3));

        List<Call> calls = callsOf(Provider.ALIAS);
        Call refused = calls.stream()
                .filter(call -> call.requestId().equals(limited.getRequestId()))
                .findFirst()
                .orElseThrow();
        assertThat(calls).filteredOn(call -> call.at().isAfter(refused.at())).allSatisfy(call -> assertThat(call.at())
                .isAfterOrEqualTo(refused.at().plusSeconds(30)));
        SyncRequest marker = SyncRequest.newBuilder(request(Provider.ALIAS, "MARKER", Priority.BACKGROUND))
                .setSku(limited.getSku())
                .build();
        send(Topics.syncRequests(Provider.ALIAS), List.of(marker));
        List<SyncOutcome> outcomes = outcomesUpTo(limited, marker);
        assertThat(outcomes)
                .filteredOn(outcome -> outcome.getRequestId().equals(limited.getRequestId()))
                .singleElement()
                .satisfies(outcome ->
                        assertThat(outcome.getStatus()).isEqualTo(com.marketsync.events.OutcomeStatus.SUCCEEDED));
    }

    @Test
    void aSupersessionPublishedBeforeTheFetcherStartedSkipsTheQueuedRequestWithoutACall() {
        String database = TestInfra.newDatabase("fetch_loop_superseded");
        EventSerde.trustEventClasses(); // copying a generated record below, before any serde has trusted them
        SCRIPTS.put(Provider.ALIAS, (request, attempt) -> new FetchResult.Succeeded(List.of(), "p", 200));
        SyncRequest background = request(Provider.ALIAS, "QUEUED", Priority.BACKGROUND);
        SyncRequest manual = SyncRequest.newBuilder(request(Provider.ALIAS, "MANUAL", Priority.MANUAL))
                .setSku(background.getSku())
                .build();
        send(Topics.syncRequests(Provider.ALIAS), List.of(background));
        SupersededRequestsIT.publish(RequestSuperseded.newBuilder()
                .setRequestId(background.getRequestId())
                .setSupersededBy(manual.getRequestId())
                .setSku(background.getSku())
                .setProvider(Provider.ALIAS)
                .setRegion(background.getRegion())
                .setSupersededAt(Instant.now())
                .build());

        start(Provider.ALIAS, database, 5);
        send(Topics.syncRequestsPriority(Provider.ALIAS), List.of(manual));
        SyncRequest marker = SyncRequest.newBuilder(request(Provider.ALIAS, "MARKER", Priority.BACKGROUND))
                .setSku(background.getSku())
                .build();
        send(Topics.syncRequests(Provider.ALIAS), List.of(marker));

        List<SyncOutcome> outcomes = outcomesUpTo(background, marker);
        assertThat(outcomes)
                .filteredOn(outcome -> outcome.getRequestId().equals(background.getRequestId()))
                .singleElement()
                .satisfies(outcome -> {
                    assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.SUPERSEDED);
                    assertThat(outcome.getError()).isEqualTo("superseded by " + manual.getRequestId());
                    assertThat(outcome.getAttempts()).isZero();
                });
        await().atMost(Duration.ofSeconds(30)).until(() -> callOf(manual) != null);
        assertThat(callOf(background)).isNull();
        JdbcTemplate jdbc = new JdbcTemplate(instances.getLast().getBean(DataSource.class));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM alias_fetcher.budget_calls", Integer.class))
                .as("tokens of the manual request and the marker only")
                .isEqualTo(2);
    }

    @Test
    void threeInstancesSharingOneBudgetNeverExceedItAndAnswerEveryRequestOnce() {
        String database = TestInfra.newDatabase("fetch_loop_replicas");
        SCRIPTS.put(Provider.EBAY, (request, attempt) -> new FetchResult.Succeeded(List.of(), "p", 200));
        int limit = 5;
        for (int i = 0; i < 3; i++) {
            start(Provider.EBAY, database, limit);
        }
        List<SyncRequest> requests = IntStream.range(0, 100)
                .mapToObj(i -> request(Provider.EBAY, "SHARED-" + i, Priority.BACKGROUND))
                .toList();

        send(Topics.syncRequests(Provider.EBAY), requests);
        await().atMost(Duration.ofSeconds(120))
                .until(() -> callsOf(Provider.EBAY).size() >= requests.size());

        // The shared budget's own record of its grants, one per call: on a loaded machine a call may be recorded
        // here later than it was granted, so the grant times are the ones the limit is checked against.
        List<Instant> granted = new JdbcTemplate(instances.getFirst().getBean(DataSource.class))
                .query(
                        "SELECT called_at FROM ebay_fetcher.budget_calls ORDER BY called_at",
                        (rs, row) -> rs.getTimestamp(1).toInstant());
        assertThat(granted).hasSameSizeAs(callsOf(Provider.EBAY));
        // Bound by the configured limit, and using more than eBay's default of 2 calls/s.
        assertThat(CallBudgetIT.maxInAnyWindow(granted, Duration.ofSeconds(1))).isBetween(3, limit);
        SyncRequest marker = SyncRequest.newBuilder(request(Provider.EBAY, "MARKER", Priority.BACKGROUND))
                .setSku(requests.getLast().getSku())
                .build();
        send(Topics.syncRequests(Provider.EBAY), List.of(marker));
        List<SyncOutcome> outcomes = outcomesUpTo(requests.getFirst(), marker);
        assertThat(callsOf(Provider.EBAY)).extracting(Call::requestId).doesNotHaveDuplicates();
        assertThat(outcomes)
                .filteredOn(outcome -> outcome.getRequestId().startsWith("EBAY-SHARED"))
                .extracting(SyncOutcome::getRequestId)
                .doesNotHaveDuplicates();
    }

    private void start(Provider provider, String database, int perSecond) {
        Map<String, Object> properties = new HashMap<>(TestInfra.springProperties());
        properties.put("spring.datasource.url", database);
        properties.put("spring.datasource.username", "postgres");
        properties.put("spring.datasource.password", "postgres");
        properties.put("spring.kafka.consumer.auto-offset-reset", "earliest");
        properties.put("spring.main.web-application-type", "none");
        String budget = "market.providers." + provider.name().toLowerCase(Locale.ROOT) + ".budget.";
        properties.put(budget + "per-second", perSecond);
        properties.put("market.fetcher.rate-limit-pause", "30s");
        properties.put("fetch-loop-it.provider", provider.name());
        ConfigurableApplicationContext instance = new SpringApplicationBuilder(ScriptedFetcherApplication.class)
                .properties(properties)
                .run();
        instances.add(instance);
        // A fetcher that runs has both lanes assigned; a test measures from there, not from its startup.
        KafkaListenerEndpointRegistry listeners = instance.getBean(KafkaListenerEndpointRegistry.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> listeners.getListenerContainers().stream()
                .allMatch(container -> container.getAssignedPartitions() != null
                        && !container.getAssignedPartitions().isEmpty()));
    }

    /** A fetcher application whose provider follows the test's script and records every call. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ScriptedFetcherApplication {

        @Bean
        ProviderFetcher scriptedFetcher(org.springframework.core.env.Environment environment) {
            Provider provider = Provider.valueOf(environment.getRequiredProperty("fetch-loop-it.provider"));
            Map<String, Integer> attempts = new ConcurrentHashMap<>();
            return new ProviderFetcher() {
                @Override
                public Provider provider() {
                    return provider;
                }

                @Override
                public FetchResult fetch(SyncRequest request, ProviderCalls calls) {
                    calls.spend();
                    Lane lane = request.getPriority() == Priority.MANUAL ? Lane.PRIORITY : Lane.NORMAL;
                    CALLS.add(new Call(provider, request.getRequestId(), lane, Instant.now()));
                    int attempt = attempts.merge(request.getRequestId(), 1, Integer::sum);
                    return SCRIPTS.get(provider).apply(request, attempt);
                }
            };
        }
    }

    private static List<Call> callsOf(Provider provider) {
        return CALLS.stream().filter(call -> call.provider() == provider).toList();
    }

    private static Call callOf(SyncRequest request) {
        return CALLS.stream()
                .filter(call -> call.requestId().equals(request.getRequestId()))
                .findFirst()
                .orElse(null);
    }

    private static SyncRequest request(Provider provider, String name, Priority priority) {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        return SyncRequest.newBuilder()
                .setRequestId(provider + "-" + name + "-" + unique)
                .setSku(name + "-" + unique)
                .setProvider(provider)
                .setRegion("US")
                .setPriority(priority)
                .setTier(Tier.HOT)
                .setReason(priority == Priority.MANUAL ? "MANUAL" : "DUE")
                .setRequestedAt(Instant.now())
                .setRequestedBy("fetch-loop-it")
                .build();
    }

    private static void send(String topic, List<SyncRequest> requests) {
        Map<String, Object> config =
                new HashMap<>(EventSerde.properties(TestInfra.registry().coreApiUrl()));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerde.SERIALIZER);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        try (KafkaProducer<String, SyncRequest> producer = new KafkaProducer<>(config)) {
            requests.forEach(request -> producer.send(new ProducerRecord<>(topic, request.getSku(), request)));
            producer.flush();
        }
    }

    /**
     * Every outcome of {@code request}'s partition up to the outcome of {@code marker} (same sku, so same partition
     * and handled after it): anything published twice for the request would be among them.
     */
    private static List<SyncOutcome> outcomesUpTo(SyncRequest request, SyncRequest marker) {
        Map<String, Object> config =
                new HashMap<>(EventSerde.properties(TestInfra.registry().coreApiUrl()));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "fetch-loop-it-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, EventSerde.DESERIALIZER);
        List<SyncOutcome> seen = new ArrayList<>();
        try (KafkaConsumer<String, SyncOutcome> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(Topics.SYNC_OUTCOMES));
            await().atMost(Duration.ofSeconds(90)).pollInSameThread().until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> seen.add(record.value()));
                return seen.stream().anyMatch(outcome -> outcome.getRequestId().equals(marker.getRequestId()));
            });
        }
        return seen.stream()
                .filter(outcome -> outcome.getProvider() == request.getProvider())
                .toList();
    }
}
