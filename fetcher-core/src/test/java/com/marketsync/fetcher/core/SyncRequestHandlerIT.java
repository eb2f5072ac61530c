package com.marketsync.fetcher.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.marketsync.events.Fulfilment;
import com.marketsync.events.OutcomeStatus;
import com.marketsync.events.PackagingCondition;
import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.Priority;
import com.marketsync.events.ProductCondition;
import com.marketsync.events.Provider;
import com.marketsync.events.RequestSuperseded;
import com.marketsync.events.SizeSystem;
import com.marketsync.events.SyncOutcome;
import com.marketsync.events.SyncRequest;
import com.marketsync.events.Tier;
import com.marketsync.events.Variant;
import com.marketsync.fetcher.core.FetchResult.Failed;
import com.marketsync.fetcher.core.FetchResult.NotFound;
import com.marketsync.fetcher.core.FetchResult.RateLimited;
import com.marketsync.fetcher.core.FetchResult.Succeeded;
import com.marketsync.infra.ApicurioRegistry;
import com.marketsync.infra.FreePorts;
import com.marketsync.providers.ProvidersProperties;
import com.marketsync.schemas.EventSerde;
import com.marketsync.schemas.RegistryUnavailableException;
import com.marketsync.schemas.Topics;
import com.marketsync.testkit.TcpProxy;
import com.marketsync.testkit.TestInfra;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/** The fetch loop for one request, publishing through a real producer to the shared in-JVM broker and registry. */
class SyncRequestHandlerIT {

    // Near the real time: pauses are compared with the database clock.
    private static final Instant NOW = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> RESULT_TOPICS = List.of(Topics.PRICE_SNAPSHOTS, Topics.SYNC_OUTCOMES);

    private static DefaultKafkaProducerFactory<String, Object> producerFactory;
    private static KafkaTemplate<String, Object> template;
    private static SupersededRequests superseded;

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final TestDatabase db = TestDatabase.fresh("sync_request_handler");
    private final LaneGate gate = new LaneGate();
    private final FetcherProperties properties = new FetcherProperties(
            "test_fetcher",
            new FetcherProperties.Budget(Duration.ofMillis(20)),
            new FetcherProperties.Retry(3, Duration.ofSeconds(1), Duration.ofSeconds(30)),
            new FetcherProperties.Breaker(50, 4, 4, Duration.ofSeconds(30)),
            Duration.ofSeconds(30),
            Duration.ofDays(2));
    private final CircuitBreaker breaker = CircuitBreaker.of(
            "test",
            CircuitBreakerConfig.custom()
                    .slidingWindowSize(4)
                    .minimumNumberOfCalls(4)
                    .waitDurationInOpenState(Duration.ofSeconds(30))
                    .build());

    @BeforeAll
    static void connectToTheSharedBroker() {
        producerFactory = producerFactory(TestInfra.kafkaBootstrapServers(), Map.of());
        template = new KafkaTemplate<>(producerFactory);
        superseded = new SupersededRequests(
                SupersededRequestsIT.consumerConfig(), Provider.STOCKX, SupersededRequests.KEEP, Clock.systemUTC());
        superseded.start();
        await().atMost(TIMEOUT).until(superseded::loaded);
    }

    @AfterAll
    static void closeTheProducer() {
        producerFactory.destroy();
        superseded.stop();
    }

    @Test
    void publishesEverySnapshotThenExactlyOneSucceededOutcomeKeyedBySku() {
        SyncRequest request = request(null);
        List<PriceSnapshot> snapshots = List.of(snapshot(request, "v1"), snapshot(request, "v2"));

        handler(template, fetcher(r -> new Succeeded(snapshots, "prod-1", 200))).handle(request, Lane.NORMAL);

        List<ConsumerRecord<String, Object>> published = published(request);
        assertThat(published).extracting(ConsumerRecord::key).containsOnly(request.getSku());
        assertThat(snapshotsIn(published)).containsExactlyElementsOf(snapshots);
        SyncOutcome outcome = onlyOutcomeIn(published);
        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(outcome.getRequestId()).isEqualTo(request.getRequestId());
        assertThat(outcome.getSku()).isEqualTo(request.getSku());
        assertThat(outcome.getSnapshotsPublished()).isEqualTo(2);
        assertThat(outcome.getAttempts()).isEqualTo(1);
        assertThat(outcome.getHttpStatus()).isEqualTo(200);
        assertThat(outcome.getProviderProductId()).isEqualTo("prod-1");
        assertThat(outcome.getError()).isNull();
        assertThat(outcome.getStartedAt()).isEqualTo(NOW);
        assertThat(outcome.getFinishedAt()).isEqualTo(NOW);
    }

    @Test
    void answersAnExpiredRequestFailedWithoutCallingTheProvider() {
        AtomicInteger calls = new AtomicInteger();
        SyncRequest request = request(NOW.minusSeconds(1));

        handler(template, fetcher(r -> {
                    calls.incrementAndGet();
                    return new Succeeded(List.of(), "p", 200);
                }))
                .handle(request, Lane.NORMAL);

        assertThat(calls).hasValue(0);
        SyncOutcome outcome = onlyRecordIsOutcome(published(request));
        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(outcome.getError()).isEqualTo(SyncRequestHandler.EXPIRED);
        assertThat(outcome.getHttpStatus()).isNull();
    }

    @Test
    void callsTheProviderWhenNotAfterIsStillAhead() {
        AtomicInteger calls = new AtomicInteger();
        SyncRequest request = request(NOW.plusSeconds(60));

        handler(template, fetcher(r -> {
                    calls.incrementAndGet();
                    return new Succeeded(List.of(), "p", 200);
                }))
                .handle(request, Lane.NORMAL);

        assertThat(calls).hasValue(1);
        assertThat(onlyRecordIsOutcome(published(request)).getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
    }

    @Test
    void turnsAnExceptionFromTheProviderIntoOneFailedOutcomeWithItsMessage() {
        SyncRequest request = request(null);

        handler(template, fetcher(r -> {
                    throw new IllegalStateException("boom at the provider");
                }))
                .handle(request, Lane.NORMAL);

        SyncOutcome outcome = onlyRecordIsOutcome(published(request));
        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(outcome.getError()).contains("boom at the provider");
        assertThat(outcome.getSnapshotsPublished()).isZero();
    }

    @Test
    void reportsNotFoundWithoutSnapshots() {
        SyncRequest request = request(null);

        handler(template, fetcher(r -> new NotFound("no exact style match", 200)))
                .handle(request, Lane.NORMAL);

        SyncOutcome outcome = onlyRecordIsOutcome(published(request));
        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.NOT_FOUND);
        assertThat(outcome.getError()).isEqualTo("no exact style match");
        assertThat(outcome.getSnapshotsPublished()).isZero();
    }

    @Test
    void pausesTheProviderOnARateLimitAndRedeliversTheRequestWithoutAnOutcome() {
        SyncRequest request = request(null);
        // The pause is checked against the database clock: far enough ahead of NOW to hold however late this runs.
        Instant retryAfter = NOW.plus(Duration.ofMinutes(10));
        AtomicInteger calls = new AtomicInteger();
        SyncRequestHandler handler = handler(template, fetcher(r -> {
            calls.incrementAndGet();
            return new RateLimited(retryAfter, 429);
        }));

        SyncRequestHandler.Decision first = handler.handle(request, Lane.NORMAL);
        SyncRequestHandler.Decision again = handler.handle(request, Lane.PRIORITY);

        assertThat(first)
                .isEqualTo(new SyncRequestHandler.Decision.Redeliver(
                        Duration.ofSeconds(30), "provider paused after a rate-limit answer"));
        assertThat(again).isInstanceOf(SyncRequestHandler.Decision.Redeliver.class);
        assertThat(calls).hasValue(1);
        assertThat(db.budget(TestDatabase.limits(null, null, null)).pausedUntil())
                .isEqualTo(retryAfter);
        assertThat(published(request)).isEmpty();
    }

    @Test
    void answersRateLimitedWithRetryAfterWhenThePauseOutlastsTheRequest() {
        SyncRequest request = request(NOW.plusSeconds(10));
        Instant retryAfter = NOW.plusSeconds(30);

        handler(template, fetcher(r -> new RateLimited(retryAfter, 429))).handle(request, Lane.NORMAL);

        SyncOutcome outcome = onlyRecordIsOutcome(published(request));
        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.RATE_LIMITED);
        assertThat(outcome.getRetryAfter()).isEqualTo(retryAfter);
        assertThat(outcome.getHttpStatus()).isEqualTo(429);
    }

    @Test
    void retriesAnUnavailableProviderWithBackOffThenAnswersFailedWithTheAttempts() {
        SyncRequest request = request(null);
        AtomicInteger calls = new AtomicInteger();
        SyncRequestHandler handler = handler(template, fetcher(r -> {
            calls.incrementAndGet();
            return new FetchResult.Unavailable("HTTP 503", 503);
        }));

        List<SyncRequestHandler.Decision> decisions = List.of(
                handler.handle(request, Lane.NORMAL),
                handler.handle(request, Lane.NORMAL),
                handler.handle(request, Lane.NORMAL));

        assertThat(decisions.subList(0, 2))
                .allSatisfy(decision -> assertThat(decision).isInstanceOf(SyncRequestHandler.Decision.Redeliver.class));
        assertThat(((SyncRequestHandler.Decision.Redeliver) decisions.get(1)).after())
                .isLessThanOrEqualTo(Duration.ofSeconds(2))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(decisions.get(2)).isInstanceOf(SyncRequestHandler.Decision.Done.class);
        assertThat(calls).hasValue(3);
        SyncOutcome outcome = onlyRecordIsOutcome(published(request));
        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(outcome.getAttempts()).isEqualTo(3);
        assertThat(outcome.getError()).isEqualTo("HTTP 503 (after 3 attempts)");
    }

    @Test
    void anOpenCircuitBreakerDefersRequestsWithoutSpendingBudget() {
        AtomicInteger calls = new AtomicInteger();
        SyncRequestHandler handler = handler(template, fetcher(r -> {
            calls.incrementAndGet();
            return new FetchResult.Unavailable("timeout", null);
        }));
        for (int i = 0; i < 4; i++) {
            handler.handle(request(null), Lane.NORMAL);
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

        SyncRequestHandler.Decision decision = handler.handle(request(null), Lane.PRIORITY);

        assertThat(decision).isInstanceOf(SyncRequestHandler.Decision.Redeliver.class);
        assertThat(((SyncRequestHandler.Decision.Redeliver) decision).why()).contains("circuit breaker open");
        assertThat(calls).hasValue(4);
    }

    @Test
    void aSpentBudgetDefersTheRequestWithoutCallingTheProvider() {
        AtomicInteger calls = new AtomicInteger();
        SyncRequestHandler handler = handler(
                template,
                fetcher(r -> {
                    calls.incrementAndGet();
                    return new Succeeded(List.of(), "p", 200);
                }),
                TestDatabase.limits(null, 1, null));
        handler.handle(request(null), Lane.PRIORITY);

        SyncRequest request = request(null);
        SyncRequestHandler.Decision decision = handler.handle(request, Lane.PRIORITY);

        assertThat(decision).isInstanceOf(SyncRequestHandler.Decision.Redeliver.class);
        assertThat(calls).hasValue(1);
        assertThat(published(request)).isEmpty();
    }

    @Test
    void theNormalLaneYieldsWhileAPriorityRequestIsBeingServed() throws Exception {
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger normalCalls = new AtomicInteger();
        SyncRequest priority = request(null);
        SyncRequestHandler handler = handler(template, fetcher(r -> {
            if (r.getRequestId().equals(priority.getRequestId())) {
                inside.countDown();
                awaitQuietly(release);
            } else {
                normalCalls.incrementAndGet();
            }
            return new Succeeded(List.of(), "p", 200);
        }));
        CompletableFuture<SyncRequestHandler.Decision> served =
                CompletableFuture.supplyAsync(() -> handler.handle(priority, Lane.PRIORITY));
        assertThat(inside.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        SyncRequestHandler.Decision normal = handler.handle(request(null), Lane.NORMAL);
        release.countDown();

        assertThat(normal)
                .isEqualTo(new SyncRequestHandler.Decision.Redeliver(Duration.ofMillis(200), "priority lane first"));
        assertThat(normalCalls).hasValue(0);
        assertThat(served.get(30, java.util.concurrent.TimeUnit.SECONDS))
                .isInstanceOf(SyncRequestHandler.Decision.Done.class);
        assertThat(handler.handle(request(null), Lane.NORMAL)).isInstanceOf(SyncRequestHandler.Decision.Done.class);
        assertThat(normalCalls).hasValue(1);
    }

    @Test
    void rejectsSnapshotsThatBelongToAnotherRequest() {
        SyncRequest request = request(null);
        SyncRequest other = SyncRequest.newBuilder(request)
                .setRequestId("OTHER-" + UUID.randomUUID())
                .build();
        PriceSnapshot foreign = snapshot(other, "v1");

        handler(template, fetcher(r -> new Succeeded(List.of(foreign), "p", 200)))
                .handle(request, Lane.NORMAL);

        SyncOutcome outcome = onlyRecordIsOutcome(published(request));
        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(outcome.getSnapshotsPublished()).isZero();
    }

    @Test
    void answersARequestForAnotherProviderFailedWithoutCallingTheProvider() {
        AtomicInteger calls = new AtomicInteger();
        SyncRequest request =
                SyncRequest.newBuilder(request(null)).setProvider(Provider.EBAY).build();

        handler(template, fetcher(r -> {
                    calls.incrementAndGet();
                    return new Failed("unused", null);
                }))
                .handle(request, Lane.NORMAL);

        assertThat(calls).hasValue(0);
        SyncOutcome outcome = onlyRecordIsOutcome(published(request));
        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(outcome.getProvider()).isEqualTo(Provider.EBAY);
    }

    @Test
    void sendsTheOutcomeOnlyAfterEverySnapshotIsAcknowledged() {
        SyncRequest request = request(null);
        List<PriceSnapshot> snapshots = IntStream.rangeClosed(1, 50)
                .mapToObj(i -> snapshot(request, "v" + i))
                .toList();
        List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
        KafkaTemplate<String, Object> observed = new KafkaTemplate<>(producerFactory) {
            @Override
            public CompletableFuture<org.springframework.kafka.support.SendResult<String, Object>> send(
                    String topic, String key, Object data) {
                String what = data instanceof SyncOutcome ? "outcome" : "snapshot";
                events.add("send " + what);
                return super.send(topic, key, data).whenComplete((result, error) -> events.add("ack " + what));
            }
        };

        handler(observed, fetcher(r -> new Succeeded(snapshots, "p", 200))).handle(request, Lane.NORMAL);

        List<String> order = List.copyOf(events);
        int outcomeSent = order.indexOf("send outcome");
        assertThat(order.subList(0, outcomeSent)).containsOnly("send snapshot", "ack snapshot");
        assertThat(order.subList(0, outcomeSent))
                .filteredOn("ack snapshot"::equals)
                .hasSize(snapshots.size());
        assertThat(onlyOutcomeIn(published(request)).getSnapshotsPublished()).isEqualTo(snapshots.size());
    }

    @Test
    void throwsWithoutAnOutcomeWhenTheBrokerCannotBeReachedSoTheRequestIsRedelivered() {
        SyncRequest request = request(null);
        // Nothing listens on a freed port: the producer never gets metadata and the send fails after max.block.ms.
        DefaultKafkaProducerFactory<String, Object> unreachable = producerFactory(
                "127.0.0.1:" + FreePorts.find(),
                Map.of(
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2_000));
        try {
            SyncRequestHandler handler = handler(
                    new KafkaTemplate<>(unreachable),
                    fetcher(r -> new Succeeded(List.of(snapshot(request, "v1")), "p", 200)));

            assertThatThrownBy(() -> handler.handle(request, Lane.NORMAL))
                    .isInstanceOf(SyncPublishException.class)
                    .hasRootCauseInstanceOf(TimeoutException.class);
        } finally {
            unreachable.destroy();
        }

        assertThat(published(request)).isEmpty();
    }

    @Test
    void throwsWithoutAnOutcomeWhenTheRegistryDoesNotAnswerSoTheRequestIsRedelivered() {
        SyncRequest request = request(null);
        try (TcpProxy registry = new TcpProxy("localhost", TestInfra.registry().port(), false)) {
            DefaultKafkaProducerFactory<String, Object> unanswered = producerFactory(
                    TestInfra.kafkaBootstrapServers(),
                    EventSerde.properties(ApicurioRegistry.coreApiUrl(registry.port()), Duration.ofMillis(500)));
            try {
                SyncRequestHandler handler = handler(
                        new KafkaTemplate<>(unanswered),
                        fetcher(r -> new Succeeded(List.of(snapshot(request, "v1")), "p", 200)));

                assertThatThrownBy(() -> handler.handle(request, Lane.NORMAL))
                        .isInstanceOf(SyncPublishException.class)
                        .satisfies(e -> assertThat(RegistryUnavailableException.isCauseOf(e))
                                .isTrue());
            } finally {
                unanswered.destroy();
            }
            assertThat(registry.blackHoledConnections()).isPositive();
        }

        assertThat(published(request)).isEmpty();
    }

    @Test
    void aRedeliveryAfterAFailedPublishRepublishesTheSameResultWithoutCallingTheProviderAgain() {
        SyncRequest request = request(null);
        AtomicInteger calls = new AtomicInteger();
        ProviderFetcher fetcher = fetcher(r -> {
            calls.incrementAndGet();
            return new Succeeded(List.of(snapshot(request, "v1")), "p", 200);
        });
        DefaultKafkaProducerFactory<String, Object> unreachable = producerFactory(
                "127.0.0.1:" + FreePorts.find(),
                Map.of(
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2_000));
        try {
            assertThatThrownBy(() ->
                            handler(new KafkaTemplate<>(unreachable), fetcher).handle(request, Lane.NORMAL))
                    .isInstanceOf(SyncPublishException.class);
        } finally {
            unreachable.destroy();
        }

        assertThat(handler(template, fetcher).handle(request, Lane.NORMAL))
                .isInstanceOf(SyncRequestHandler.Decision.Done.class);

        assertThat(calls).hasValue(1);
        List<ConsumerRecord<String, Object>> published = published(request);
        assertThat(snapshotsIn(published)).containsExactly(snapshot(request, "v1"));
        assertThat(onlyOutcomeIn(published).getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
    }

    @Test
    void answersFailedWhenTheBrokerRejectsASnapshotAsTooLargeInsteadOfRetryingForever() {
        SyncRequest request = request(null);
        // Larger than the broker's message.max.bytes but within the producer's limit, so the broker refuses it.
        PriceSnapshot oversized = PriceSnapshot.newBuilder(snapshot(request, "v1"))
                .setCurrency("X".repeat(1_200_000))
                .build();
        DefaultKafkaProducerFactory<String, Object> lenient = producerFactory(
                TestInfra.kafkaBootstrapServers(), Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4_000_000));
        try {
            SyncRequestHandler handler = handler(
                    new KafkaTemplate<>(lenient),
                    fetcher(r -> new Succeeded(List.of(snapshot(request, "v0"), oversized), "p", 200)));

            assertThat(handler.handle(request, Lane.NORMAL)).isInstanceOf(SyncRequestHandler.Decision.Done.class);
        } finally {
            lenient.destroy();
        }

        SyncOutcome outcome = onlyOutcomeIn(published(request));
        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(outcome.getError()).contains("RecordTooLargeException");
        assertThat(outcome.getSnapshotsPublished()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Lane.class)
    void answersASupersededRequestSupersededWithoutATokenOrAProviderCall(Lane lane) {
        AtomicInteger calls = new AtomicInteger();
        SyncRequest request = request(null);
        String manual = "MANUAL-" + UUID.randomUUID();
        supersede(request, manual);

        SyncRequestHandler.Decision decision = handler(template, fetcher(r -> {
                    calls.incrementAndGet();
                    return new Succeeded(List.of(snapshot(r, "v1")), "p", 200);
                }))
                .handle(request, lane);

        assertThat(decision).isInstanceOf(SyncRequestHandler.Decision.Done.class);
        assertThat(calls).hasValue(0);
        assertThat(budgetCallsGranted()).isZero();
        SyncOutcome outcome = onlyRecordIsOutcome(published(request));
        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.SUPERSEDED);
        assertThat(outcome.getError()).isEqualTo("superseded by " + manual);
        assertThat(outcome.getAttempts()).isZero();
        assertThat(outcome.getSnapshotsPublished()).isZero();
        assertThat(outcome.getHttpStatus()).isNull();
        assertThat(outcome.getRetryAfter()).isNull();
    }

    @Test
    void aRedeliveredSupersededRequestRepublishesItsStoredOutcome() {
        SyncRequest request = request(null);
        supersede(request, "MANUAL-" + UUID.randomUUID());
        ProviderFetcher fetcher = fetcher(r -> new Succeeded(List.of(), "p", 200));
        handler(template, fetcher).handle(request, Lane.NORMAL);

        SyncRequestHandler later = new SyncRequestHandler(
                fetcher,
                new SyncResultPublisher(template),
                db.results(),
                superseded,
                db.budget(TestDatabase.limits(null, null, null)),
                gate,
                breaker,
                properties,
                Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC));
        assertThat(later.handle(request, Lane.NORMAL)).isInstanceOf(SyncRequestHandler.Decision.Done.class);

        List<ConsumerRecord<String, Object>> published = published(request);
        assertThat(published)
                .hasSize(2)
                .extracting(ConsumerRecord::value)
                .containsOnly(published.getFirst().value());
        assertThat(((SyncOutcome) published.getFirst().value()).getFinishedAt()).isEqualTo(NOW);
    }

    @Test
    void fetchesARequestWhenOnlyAnotherRequestOfItsSkuIsSuperseded() {
        AtomicInteger calls = new AtomicInteger();
        SyncRequest request = request(null);
        SyncRequest older = SyncRequest.newBuilder(request)
                .setRequestId("OLDER-" + UUID.randomUUID())
                .build();
        supersede(older, request.getRequestId());

        handler(template, fetcher(r -> {
                    calls.incrementAndGet();
                    return new Succeeded(List.of(), "p", 200);
                }))
                .handle(request, Lane.PRIORITY);

        assertThat(calls).hasValue(1);
        assertThat(budgetCallsGranted()).isEqualTo(1);
        assertThat(onlyRecordIsOutcome(published(request)).getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
    }

    @Test
    void defersEveryRequestUntilTheSupersessionsPublishedBeforeStartAreRead() {
        AtomicInteger calls = new AtomicInteger();
        SupersededRequests notStarted = new SupersededRequests(
                SupersededRequestsIT.consumerConfig(), Provider.STOCKX, SupersededRequests.KEEP, clock);
        SyncRequestHandler handler = new SyncRequestHandler(
                fetcher(r -> {
                    calls.incrementAndGet();
                    return new Succeeded(List.of(), "p", 200);
                }),
                new SyncResultPublisher(template),
                db.results(),
                notStarted,
                db.budget(TestDatabase.limits(null, null, null)),
                gate,
                breaker,
                properties,
                clock);
        SyncRequest request = request(null);

        SyncRequestHandler.Decision decision = handler.handle(request, Lane.PRIORITY);

        assertThat(decision)
                .isEqualTo(new SyncRequestHandler.Decision.Redeliver(
                        Duration.ofMillis(500), "supersessions not read yet"));
        assertThat(calls).hasValue(0);
        assertThat(published(request)).isEmpty();
    }

    /** Publishes that {@code request} was superseded by {@code by} and waits until the reader has it. */
    private static void supersede(SyncRequest request, String by) {
        SupersededRequestsIT.publish(RequestSuperseded.newBuilder()
                .setRequestId(request.getRequestId())
                .setSupersededBy(by)
                .setSku(request.getSku())
                .setProvider(request.getProvider())
                .setRegion(request.getRegion())
                .setSupersededAt(Instant.now())
                .build());
        SupersededRequestsIT.awaitCaughtUp(superseded);
    }

    private int budgetCallsGranted() {
        return db.jdbc().queryForObject("SELECT count(*) FROM " + db.schema().name() + ".budget_calls", Integer.class);
    }

    private SyncRequestHandler handler(KafkaTemplate<String, Object> kafka, ProviderFetcher fetcher) {
        return handler(kafka, fetcher, TestDatabase.limits(null, null, null));
    }

    private SyncRequestHandler handler(
            KafkaTemplate<String, Object> kafka, ProviderFetcher fetcher, ProvidersProperties.Limits limits) {
        return new SyncRequestHandler(
                fetcher,
                new SyncResultPublisher(kafka),
                db.results(),
                superseded,
                db.budget(limits),
                gate,
                breaker,
                properties,
                clock);
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static DefaultKafkaProducerFactory<String, Object> producerFactory(
            String bootstrapServers, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(EventSerde.properties(registryUrl()));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerde.SERIALIZER);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.putAll(overrides);
        return new DefaultKafkaProducerFactory<>(config);
    }

    private static KafkaConsumer<String, Object> consumer() {
        Map<String, Object> config = new HashMap<>(EventSerde.properties(registryUrl()));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "sync-request-handler-it-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, EventSerde.DESERIALIZER);
        return new KafkaConsumer<>(config);
    }

    private static String registryUrl() {
        return TestInfra.registry().coreApiUrl();
    }

    private static List<TopicPartition> assignAll(KafkaConsumer<?, ?> consumer, List<String> topics) {
        List<TopicPartition> partitions = topics.stream()
                .flatMap(topic -> consumer.partitionsFor(topic, TIMEOUT).stream())
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        return partitions;
    }

    /** Everything of this request on the result topics, read from the beginning up to their current end. */
    private static List<ConsumerRecord<String, Object>> published(SyncRequest request) {
        return published(request, RESULT_TOPICS);
    }

    private static List<ConsumerRecord<String, Object>> published(SyncRequest request, List<String> topics) {
        List<ConsumerRecord<String, Object>> owned = new ArrayList<>();
        try (KafkaConsumer<String, Object> consumer = consumer()) {
            List<TopicPartition> partitions = assignAll(consumer, topics);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            await().pollInSameThread().atMost(TIMEOUT).until(() -> {
                for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(100))) {
                    if (ownedBy(record, request)) {
                        owned.add(record);
                    }
                }
                return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
            });
        }
        return owned;
    }

    // The broker is shared by every test of the JVM; each test owns only what carries its own sku and requestId.
    private static boolean ownedBy(ConsumerRecord<String, Object> record, SyncRequest request) {
        if (!request.getSku().equals(record.key())) {
            return false;
        }
        return switch (record.value()) {
            case PriceSnapshot snapshot -> request.getRequestId().equals(snapshot.getRequestId());
            case SyncOutcome outcome -> request.getRequestId().equals(outcome.getRequestId());
            default -> false;
        };
    }

    private static List<PriceSnapshot> snapshotsIn(List<ConsumerRecord<String, Object>> records) {
        return records.stream()
                .filter(record -> record.topic().equals(Topics.PRICE_SNAPSHOTS))
                .map(record -> (PriceSnapshot) record.value())
                .toList();
    }

    private static SyncOutcome onlyOutcomeIn(List<ConsumerRecord<String, Object>> records) {
        List<ConsumerRecord<String, Object>> outcomes = records.stream()
                .filter(record -> record.topic().equals(Topics.SYNC_OUTCOMES))
                .toList();
        assertThat(outcomes).hasSize(1);
        return (SyncOutcome) outcomes.getFirst().value();
    }

    private static SyncOutcome onlyRecordIsOutcome(List<ConsumerRecord<String, Object>> records) {
        assertThat(records).hasSize(1);
        assertThat(records.getFirst().topic()).isEqualTo(Topics.SYNC_OUTCOMES);
        return (SyncOutcome) records.getFirst().value();
    }

    private static ProviderFetcher fetcher(Function<SyncRequest, FetchResult> behaviour) {
        return new ProviderFetcher() {
            @Override
            public Provider provider() {
                return Provider.STOCKX;
            }

            @Override
            public FetchResult fetch(SyncRequest request, ProviderCalls calls) {
                // one provider call per fetch, with its token taken right before it, as a real client does
                calls.spend();
                return behaviour.apply(request);
            }
        };
    }

    private static SyncRequest request(Instant notAfter) {
        String unique = UUID.randomUUID().toString();
        return SyncRequest.newBuilder()
                .setRequestId("REQ-" + unique)
                .setSku("SKU-" + unique)
                .setProvider(Provider.STOCKX)
                .setRegion("US")
                .setPriority(Priority.MANUAL)
                .setTier(Tier.HOT)
                .setReason("MANUAL")
                .setRequestedAt(NOW.minusSeconds(5))
                .setRequestedBy("test")
                .setNotAfter(notAfter)
                .build();
    }

    private static PriceSnapshot snapshot(SyncRequest request, String variantId) {
        return PriceSnapshot.newBuilder()
                .setSnapshotId(request.getRequestId() + "-" + variantId)
                .setRequestId(request.getRequestId())
                .setProvider(Provider.STOCKX)
                .setSku(request.getSku())
                .setVariant(Variant.newBuilder()
                        .setVariantKey("stockx:" + variantId)
                        .setProviderVariantId(variantId)
                        .setSizeSystem(SizeSystem.US_M)
                        .setCondition(ProductCondition.NEW)
                        .setPackaging(PackagingCondition.UNKNOWN)
                        .setFulfilment(Fulfilment.STANDARD)
                        .build())
                .setRegion(request.getRegion())
                .setCurrency("USD")
                .setLowestAsk(new BigDecimal("150.00"))
                .setObservedAt(NOW)
                .setFetchedAt(NOW)
                .build();
    }
}
