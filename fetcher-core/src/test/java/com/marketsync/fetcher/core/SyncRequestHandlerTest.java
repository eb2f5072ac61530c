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
import com.marketsync.events.SizeSystem;
import com.marketsync.events.SyncOutcome;
import com.marketsync.events.SyncRequest;
import com.marketsync.events.Tier;
import com.marketsync.events.Variant;
import com.marketsync.fetcher.core.FetchResult.Failed;
import com.marketsync.fetcher.core.FetchResult.NotFound;
import com.marketsync.fetcher.core.FetchResult.RateLimited;
import com.marketsync.fetcher.core.FetchResult.Succeeded;
import com.marketsync.schemas.EventSerde;
import com.marketsync.schemas.Topics;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

class SyncRequestHandlerTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    static {
        EventSerde.trustEventClasses();
    }

    @Test
    void publishesEverySnapshotThenExactlyOneSucceededOutcomeKeyedBySku() {
        MockProducer<String, Object> producer = producer(true);
        SyncRequest request = request("REQ-1", "DD1391-100", null);
        List<PriceSnapshot> snapshots = List.of(snapshot(request, "v1"), snapshot(request, "v2"));
        handler(producer, fetcher(r -> new Succeeded(snapshots, "prod-1", 200))).handle(request);

        List<ProducerRecord<String, Object>> sent = producer.history();
        assertThat(sent)
                .extracting(ProducerRecord::topic)
                .containsExactly(Topics.PRICE_SNAPSHOTS, Topics.PRICE_SNAPSHOTS, Topics.SYNC_OUTCOMES);
        assertThat(sent).extracting(ProducerRecord::key).containsOnly("DD1391-100");
        assertThat(sent.subList(0, 2)).extracting(ProducerRecord::value).containsExactlyElementsOf(snapshots);
        SyncOutcome outcome = (SyncOutcome) sent.get(2).value();
        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(outcome.getRequestId()).isEqualTo("REQ-1");
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
        MockProducer<String, Object> producer = producer(true);
        AtomicInteger calls = new AtomicInteger();
        SyncRequest request = request("REQ-2", "CW2288-111", NOW.minusSeconds(1));

        handler(producer, fetcher(r -> {
                    calls.incrementAndGet();
                    return new Succeeded(List.of(), "p", 200);
                }))
                .handle(request);

        assertThat(calls).hasValue(0);
        SyncOutcome outcome = onlyOutcome(producer);
        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(outcome.getError()).isEqualTo("expired");
        assertThat(outcome.getHttpStatus()).isNull();
    }

    @Test
    void callsTheProviderWhenNotAfterIsStillAhead() {
        MockProducer<String, Object> producer = producer(true);
        SyncRequest request = request("REQ-3", "CW2288-111", NOW.plusSeconds(60));

        handler(producer, fetcher(r -> new Succeeded(List.of(), "p", 200))).handle(request);

        assertThat(onlyOutcome(producer).getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
    }

    @Test
    void turnsAnExceptionFromTheProviderIntoOneFailedOutcomeWithItsMessage() {
        MockProducer<String, Object> producer = producer(true);

        handler(producer, fetcher(r -> {
                    throw new IllegalStateException("boom at the provider");
                }))
                .handle(request("REQ-4", "AQ4211-101", null));

        SyncOutcome outcome = onlyOutcome(producer);
        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(outcome.getError()).contains("boom at the provider");
        assertThat(outcome.getSnapshotsPublished()).isZero();
    }

    @Test
    void reportsNotFoundWithoutSnapshots() {
        MockProducer<String, Object> producer = producer(true);

        handler(producer, fetcher(r -> new NotFound("no exact style match", 200)))
                .handle(request("REQ-5", "DD1391-100", null));

        SyncOutcome outcome = onlyOutcome(producer);
        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.NOT_FOUND);
        assertThat(outcome.getError()).isEqualTo("no exact style match");
        assertThat(outcome.getSnapshotsPublished()).isZero();
    }

    @Test
    void reportsRateLimitedWithRetryAfter() {
        MockProducer<String, Object> producer = producer(true);
        Instant retryAfter = NOW.plusSeconds(30);

        handler(producer, fetcher(r -> new RateLimited(retryAfter, 429))).handle(request("REQ-6", "DD1391-100", null));

        SyncOutcome outcome = onlyOutcome(producer);
        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.RATE_LIMITED);
        assertThat(outcome.getRetryAfter()).isEqualTo(retryAfter);
        assertThat(outcome.getHttpStatus()).isEqualTo(429);
    }

    @Test
    void rejectsSnapshotsThatBelongToAnotherRequest() {
        MockProducer<String, Object> producer = producer(true);
        SyncRequest request = request("REQ-7", "DD1391-100", null);
        PriceSnapshot foreign = snapshot(request("OTHER", "DD1391-100", null), "v1");

        handler(producer, fetcher(r -> new Succeeded(List.of(foreign), "p", 200)))
                .handle(request);

        SyncOutcome outcome = onlyOutcome(producer);
        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(outcome.getSnapshotsPublished()).isZero();
    }

    @Test
    void sendsTheOutcomeOnlyAfterTheSnapshotsAreAcknowledged() {
        MockProducer<String, Object> producer = producer(false);
        SyncRequest request = request("REQ-8", "DD1391-100", null);
        SyncRequestHandler handler =
                handler(producer, fetcher(r -> new Succeeded(List.of(snapshot(request, "v1")), "p", 200)));

        CompletableFuture<Void> handling = CompletableFuture.runAsync(() -> handler.handle(request));

        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);
        assertThat(handling).isNotDone();
        assertThat(producer.history()).extracting(ProducerRecord::topic).containsExactly(Topics.PRICE_SNAPSHOTS);
        producer.completeNext();
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 2);
        assertThat(handling).isNotDone();
        producer.completeNext();
        await().atMost(Duration.ofSeconds(10)).until(handling::isDone);
        assertThat(handling).isCompleted();
    }

    @Test
    void throwsWithoutAnOutcomeWhenASnapshotSendFailsSoTheRequestIsRedelivered() {
        MockProducer<String, Object> producer = producer(false);
        SyncRequest request = request("REQ-9", "DD1391-100", null);
        SyncRequestHandler handler =
                handler(producer, fetcher(r -> new Succeeded(List.of(snapshot(request, "v1")), "p", 200)));

        CompletableFuture<Void> handling = CompletableFuture.runAsync(() -> handler.handle(request));
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);
        producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker gone"));

        assertThatThrownBy(handling::join).hasCauseInstanceOf(SyncPublishException.class);
        assertThat(producer.history()).extracting(ProducerRecord::topic).doesNotContain(Topics.SYNC_OUTCOMES);
    }

    @Test
    void answersARequestForAnotherProviderFailedWithoutCallingTheProvider() {
        MockProducer<String, Object> producer = producer(true);
        AtomicInteger calls = new AtomicInteger();
        SyncRequest request = SyncRequest.newBuilder(request("REQ-10", "DD1391-100", null))
                .setProvider(Provider.EBAY)
                .build();

        handler(producer, fetcher(r -> {
                    calls.incrementAndGet();
                    return new Failed("unused", null);
                }))
                .handle(request);

        assertThat(calls).hasValue(0);
        assertThat(onlyOutcome(producer).getStatus()).isEqualTo(OutcomeStatus.FAILED);
    }

    private SyncRequestHandler handler(MockProducer<String, Object> producer, ProviderFetcher fetcher) {
        KafkaTemplate<String, Object> template = new KafkaTemplate<>(new MockProducerFactory<>(() -> producer));
        return new SyncRequestHandler(fetcher, new SyncResultPublisher(template), clock);
    }

    private static MockProducer<String, Object> producer(boolean autoComplete) {
        // KafkaTemplate closes a plain factory's producer after each send; keep this one open to read its history.
        return new MockProducer<>(autoComplete, null, new StringSerializer(), (topic, value) -> new byte[0]) {
            @Override
            public void close(Duration timeout) {}
        };
    }

    private static SyncOutcome onlyOutcome(MockProducer<String, Object> producer) {
        assertThat(producer.history()).hasSize(1);
        assertThat(producer.history().getFirst().topic()).isEqualTo(Topics.SYNC_OUTCOMES);
        return (SyncOutcome) producer.history().getFirst().value();
    }

    private static ProviderFetcher fetcher(Function<SyncRequest, FetchResult> behaviour) {
        return new ProviderFetcher() {
            @Override
            public Provider provider() {
                return Provider.STOCKX;
            }

            @Override
            public FetchResult fetch(SyncRequest request) {
                return behaviour.apply(request);
            }
        };
    }

    static SyncRequest request(String requestId, String sku, Instant notAfter) {
        return SyncRequest.newBuilder()
                .setRequestId(requestId)
                .setSku(sku)
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
