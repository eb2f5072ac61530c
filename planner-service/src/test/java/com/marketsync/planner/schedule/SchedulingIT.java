package com.marketsync.planner.schedule;

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
import com.marketsync.testkit.MovableClock;
import com.marketsync.testkit.TestInfra;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The schedule over a real PostgreSQL and broker, ticked by hand with a movable clock: tier order, the budget cap
 * per tick, dedupe, leases, outcomes, back-off, archiving and manual requests. Each test uses its own products
 * (unique skus) and looks only at them.
 */
@SpringBootTest(
        properties = {
            "market.planner.scheduling=false",
            "market.planner.demo-catalog=false",
            "market.planner.tick-interval=10s",
            "market.planner.lease=5m",
            "market.planner.buffer=0",
            // StockX: 1 call/s, no daily limit, so the background lane serves exactly 10 requests per 10 s tick
            "market.providers.stockx.budget.per-second=1",
            "market.providers.stockx.budget.per-day=0",
            "market.providers.stockx.regions=US",
        })
class SchedulingIT {

    private static final Instant START = Instant.parse("2026-11-02T10:00:00Z");
    private static final MovableClock CLOCK = new MovableClock(START);

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfra.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        String url = TestInfra.newDatabase("planner_scheduling");
        registry.add("spring.datasource.url", () -> url);
    }

    @TestConfiguration
    static class TestClock {
        @Bean
        @Primary
        Clock movableClock() {
            return CLOCK;
        }
    }

    @Autowired
    DuePlanner planner;

    @Autowired
    OutcomeApplier outcomes;

    @Autowired
    ManualRequests manual;

    @Autowired
    ScheduleRows rows;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    private KafkaConsumer<String, SyncRequest> consumer;
    private String prefix;

    @BeforeEach
    void setUp() {
        CLOCK.set(START);
        prefix = "T" + UUID.randomUUID().toString().substring(0, 6).toUpperCase() + "-";
        // earlier tests' keys are settled so they do not take this test's budget
        jdbc.sql("UPDATE sync_state SET scheduled = false, in_flight_request_id = NULL, in_flight_priority = NULL,"
                        + " lease_expires_at = NULL")
                .update();
        Map<String, Object> config =
                new HashMap<>(EventSerde.properties(TestInfra.registry().coreApiUrl()));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "scheduling-it-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, EventSerde.DESERIALIZER);
        consumer = new KafkaConsumer<>(config);
        consumer.subscribe(List.of(Topics.SYNC_REQUESTS_STOCKX, Topics.SYNC_REQUESTS_STOCKX_PRIORITY));
    }

    @AfterEach
    void close() {
        consumer.close();
    }

    @Test
    void emitsHotBeforeWarmBeforeColdMostOverdueFirstAndNoMoreThanTheBudgetServesPerTick() {
        addProducts(Tier.COLD, 4);
        addProducts(Tier.WARM, 4);
        addProducts(Tier.HOT, 4);
        // COLD is the most overdue, HOT the least: tier still wins; within a tier the most overdue comes first
        overdueBy(Tier.COLD, Duration.ofDays(3));
        overdueBy(Tier.WARM, Duration.ofDays(2));
        overdueBy(Tier.HOT, Duration.ofHours(1));

        TickReport first = planner.tick();
        long firstRunId =
                jdbc.sql("SELECT max(id) FROM sync_runs").query(Long.class).single();

        TickReport.ProviderTick stockx = first.providers().get(Provider.STOCKX);
        assertThat(stockx.capacity()).isEqualTo(10);
        assertThat(stockx.emittedByTier()).containsEntry(Tier.HOT, 4).containsEntry(Tier.WARM, 4);
        assertThat(stockx.emittedByTier()).containsEntry(Tier.COLD, 2);
        assertThat(stockx.heldBack()).containsEntry(Tier.COLD, 2);
        assertThat(stockx.emitted()).containsEntry(Priority.HOT, 4).containsEntry(Priority.BACKGROUND, 6);
        List<SyncRequest> requests = receive(10);
        assertThat(requests).extracting(SyncRequest::getSku).doesNotHaveDuplicates();
        assertThat(requests)
                .filteredOn(r -> r.getTier() == Tier.COLD)
                .extracting(SyncRequest::getSku)
                .as("the two most overdue COLD products")
                .containsExactlyInAnyOrder(prefix + "COLD-3", prefix + "COLD-2");
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.getPriority()).isEqualTo(r.getTier() == Tier.HOT ? Priority.HOT : Priority.BACKGROUND);
            assertThat(r.getNotAfter()).isEqualTo(START.plus(Duration.ofMinutes(5)));
        });

        TickReport second = planner.tick();
        assertThat(second.providers().get(Provider.STOCKX).inFlight()).isEqualTo(10);
        assertThat(second.providers().get(Provider.STOCKX).emitted().values())
                .as("nothing more while the budget's worth is still in flight: the topic holds no backlog")
                .allSatisfy(count -> assertThat(count).isZero());
        assertThat(receive(0)).isEmpty();

        requests.subList(0, 3).forEach(r -> assertThat(outcomes.apply(outcome(r, OutcomeStatus.SUCCEEDED)))
                .isTrue());
        TickReport third = planner.tick();
        assertThat(third.providers().get(Provider.STOCKX).emittedByTier()).containsEntry(Tier.COLD, 2);
        assertThat(receive(2)).extracting(SyncRequest::getTier).containsOnly(Tier.COLD);

        assertThat(jdbc.sql("SELECT providers -> 'STOCKX' -> 'heldBack' ->> 'COLD' FROM sync_runs WHERE id = ?")
                        .param(firstRunId)
                        .query(String.class)
                        .single())
                .as("the run log records what the budget held back")
                .isEqualTo("2");
    }

    @Test
    void aSuccessMovesTheNextDueTimeByTheTierTargetAndADuplicateOrLateOutcomeChangesNothing() {
        addProducts(Tier.HOT, 1);
        planner.tick();
        SyncRequest request = receive(1).getFirst();

        CLOCK.set(START.plusSeconds(20));
        SyncOutcome succeeded = outcome(request, OutcomeStatus.SUCCEEDED);
        assertThat(outcomes.apply(succeeded)).isTrue();
        assertThat(outcomes.apply(succeeded)).as("a redelivered outcome").isFalse();
        assertThat(outcomes.apply(outcome(request, OutcomeStatus.FAILED)))
                .as("a late one")
                .isFalse();

        Map<String, Object> state = state(request.getSku());
        // 1 h target less the 10 % refresh-ahead share, from when the fetch finished
        assertThat(state.get("next_due_at"))
                .isEqualTo(Timestamp.from(succeeded.getFinishedAt().plus(Duration.ofMinutes(54))));
        assertThat(state.get("consecutive_failures")).isEqualTo(0);
        assertThat(state.get("in_flight_request_id")).isNull();
        assertThat(state.get("last_success_at")).isEqualTo(Timestamp.from(succeeded.getFinishedAt()));
        assertThat(jdbc.sql("SELECT status FROM provider_mappings WHERE sku = ? AND provider = 'STOCKX'")
                        .param(request.getSku())
                        .query(String.class)
                        .single())
                .isEqualTo("VERIFIED");

        CLOCK.set(START.plus(Duration.ofMinutes(50)));
        planner.tick();
        assertThat(receive(0)).as("not due before its target").isEmpty();
        CLOCK.set(START.plus(Duration.ofMinutes(55)));
        planner.tick();
        assertThat(receive(1)).extracting(SyncRequest::getSku).containsExactly(request.getSku());
    }

    @Test
    void failuresBackOffExponentiallyWithJitterAndRateLimitsRequeueWithoutCountingAsFailures() {
        addProducts(Tier.HOT, 1);
        planner.tick();
        SyncRequest first = receive(1).getFirst();
        outcomes.apply(outcome(first, OutcomeStatus.FAILED));
        Map<String, Object> state = state(first.getSku());
        assertThat(state.get("consecutive_failures")).isEqualTo(1);
        assertThat(((Timestamp) state.get("next_due_at")).toInstant())
                .isBetween(START.plusSeconds(30), START.plusSeconds(60));

        CLOCK.set(START.plusSeconds(61));
        planner.tick();
        SyncRequest second = receive(1).getFirst();
        outcomes.apply(outcome(second, OutcomeStatus.FAILED));
        state = state(first.getSku());
        assertThat(state.get("consecutive_failures")).isEqualTo(2);
        assertThat(((Timestamp) state.get("next_due_at")).toInstant())
                .isBetween(CLOCK.instant().plusSeconds(60), CLOCK.instant().plusSeconds(120));

        CLOCK.set(CLOCK.instant().plusSeconds(121));
        planner.tick();
        SyncRequest third = receive(1).getFirst();
        Instant retryAt = CLOCK.instant().plusSeconds(45);
        outcomes.apply(SyncOutcome.newBuilder(outcome(third, OutcomeStatus.RATE_LIMITED))
                .setRetryAfter(retryAt)
                .build());
        state = state(first.getSku());
        assertThat(state.get("consecutive_failures"))
                .as("a rate limit is not a failure")
                .isEqualTo(2);
        assertThat(state.get("next_due_at")).isEqualTo(Timestamp.from(retryAt));
    }

    @Test
    void anExpiredLeaseReissuesTheRequestAndItsLateOutcomeIsIgnored() {
        addProducts(Tier.WARM, 1);
        planner.tick();
        SyncRequest lost = receive(1).getFirst();

        CLOCK.set(START.plus(Duration.ofMinutes(4)));
        planner.tick();
        assertThat(receive(0)).as("dedupe: still leased").isEmpty();

        CLOCK.set(START.plus(Duration.ofMinutes(5)).plusSeconds(1));
        TickReport tick = planner.tick();
        assertThat(tick.leasesExpired()).isEqualTo(1);
        SyncRequest reissued = receive(1).getFirst();
        assertThat(reissued.getSku()).isEqualTo(lost.getSku());
        assertThat(reissued.getRequestId()).isNotEqualTo(lost.getRequestId());

        assertThat(outcomes.apply(outcome(lost, OutcomeStatus.SUCCEEDED))).isFalse();
        assertThat(state(lost.getSku()).get("in_flight_request_id")).isEqualTo(reissued.getRequestId());
    }

    @Test
    void aProductAProviderHasNotFoundForSevenDaysIsArchivedForItAndCanBeReactivated() {
        addProducts(Tier.COLD, 1);
        String sku = prefix + "COLD-0";
        for (int day = 0; day <= 7; day++) {
            CLOCK.set(START.plus(Duration.ofDays(day)));
            planner.tick();
            SyncRequest request = receive(1).getFirst();
            assertThat(outcomes.apply(outcome(request, OutcomeStatus.NOT_FOUND)))
                    .isTrue();
            Map<String, Object> mapping = jdbc.sql(
                            "SELECT status, archived_at FROM provider_mappings WHERE sku = ? AND provider = 'STOCKX'")
                    .param(sku)
                    .query()
                    .singleRow();
            assertThat(mapping.get("status")).isEqualTo("NOT_FOUND");
            assertThat(mapping.get("archived_at") != null)
                    .as("archived on day %d", day)
                    .isEqualTo(day == 7);
        }
        assertThat(state(sku).get("scheduled")).isEqualTo(false);
        CLOCK.set(START.plus(Duration.ofDays(9)));
        planner.tick();
        assertThat(receive(0)).as("archived: no longer scheduled").isEmpty();

        Boolean reactivated = transactions.execute(status -> rows.reactivate(sku, Provider.STOCKX));
        assertThat(reactivated).isTrue();
        planner.tick();
        assertThat(receive(1)).extracting(SyncRequest::getSku).containsExactly(sku);
    }

    @Test
    void aManualRequestSupersedesAPendingBackgroundOneAndASecondManualRequestGetsThePendingId() {
        addProducts(Tier.COLD, 1);
        String sku = prefix + "COLD-0";
        planner.tick();
        SyncRequest background = receive(1).getFirst();

        ManualRequests.Issued issued = manual.request(sku, Provider.STOCKX, "US", "api:test");
        ManualRequests.Issued again = manual.request(sku, Provider.STOCKX, "US", "api:test");

        assertThat(issued.alreadyPending()).isFalse();
        assertThat(again.requestId()).isEqualTo(issued.requestId());
        assertThat(again.alreadyPending()).isTrue();
        SyncRequest manualRequest = receive(1).getFirst();
        assertThat(manualRequest.getRequestId()).isEqualTo(issued.requestId());
        assertThat(manualRequest.getPriority()).isEqualTo(Priority.MANUAL);
        ManualRequests.Status pending = manual.find(issued.requestId()).orElseThrow();
        assertThat(pending.status()).isEqualTo("PENDING");
        assertThat(pending.supersededRequestId()).isEqualTo(background.getRequestId());
        assertThat(supersessionOf(background.getRequestId()).getSupersededBy())
                .as("the fetchers are told to skip the background request")
                .isEqualTo(issued.requestId());

        assertThat(outcomes.apply(outcome(background, OutcomeStatus.SUCCEEDED)))
                .as("the superseded request's outcome")
                .isFalse();
        SyncOutcome done = SyncOutcome.newBuilder(outcome(manualRequest, OutcomeStatus.SUCCEEDED))
                .setSnapshotsPublished(12)
                .build();
        assertThat(outcomes.apply(done)).isTrue();
        ManualRequests.Status finished = manual.find(issued.requestId()).orElseThrow();
        assertThat(finished.status()).isEqualTo("SUCCEEDED");
        assertThat(finished.snapshotsPublished()).isEqualTo(12);
        assertThat(finished.finishedAt()).isEqualTo(done.getFinishedAt());
    }

    @Test
    void frozenProductsAreNeverScheduledButSyncOnRequest() {
        addProducts(Tier.FROZEN, 1);
        String sku = prefix + "FROZEN-0";
        planner.tick();
        assertThat(receive(0)).isEmpty();

        ManualRequests.Issued issued = manual.request(sku, Provider.STOCKX, "US", "api:test");
        SyncRequest request = receive(1).getFirst();
        assertThat(request.getRequestId()).isEqualTo(issued.requestId());
        assertThat(request.getTier()).isEqualTo(Tier.FROZEN);
        assertThat(outcomes.apply(outcome(request, OutcomeStatus.SUCCEEDED))).isTrue();
        CLOCK.set(START.plus(Duration.ofDays(30)));
        planner.tick();
        assertThat(receive(0)).isEmpty();
    }

    @Test
    void outcomesArriveThroughKafka() {
        addProducts(Tier.HOT, 1);
        planner.tick();
        SyncRequest request = receive(1).getFirst();
        Map<String, Object> config =
                new HashMap<>(EventSerde.properties(TestInfra.registry().coreApiUrl()));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerde.SERIALIZER);
        try (KafkaProducer<String, SyncOutcome> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(
                    Topics.SYNC_OUTCOMES, request.getSku(), outcome(request, OutcomeStatus.SUCCEEDED)));
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> state(request.getSku()).get("last_outcome_status"), "SUCCEEDED"::equals);
        assertThat(state(request.getSku()).get("in_flight_request_id")).isNull();
    }

    private static RequestSuperseded supersessionOf(String requestId) {
        Map<String, Object> config =
                new HashMap<>(EventSerde.properties(TestInfra.registry().coreApiUrl()));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "scheduling-it-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, EventSerde.DESERIALIZER);
        List<RequestSuperseded> seen = new ArrayList<>();
        try (KafkaConsumer<String, RequestSuperseded> supersessions = new KafkaConsumer<>(config)) {
            supersessions.subscribe(List.of(Topics.SYNC_SUPERSESSIONS));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                supersessions.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
                return seen.stream().anyMatch(s -> s.getRequestId().equals(requestId));
            });
        }
        return seen.stream()
                .filter(s -> s.getRequestId().equals(requestId))
                .findFirst()
                .orElseThrow();
    }

    private void addProducts(Tier tier, int count) {
        Map<String, Tier> products = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String sku = prefix + tier + "-" + i;
            products.put(sku, tier);
            jdbc.sql("INSERT INTO products (sku, name, brand, tier) VALUES (?, ?, 'Test', ?)")
                    .params(sku, "Product " + sku, tier.name())
                    .update();
        }
        transactions.executeWithoutResult(status -> rows.addProducts(products));
        // only StockX takes part in these tests' assertions; the other providers are left unscheduled
        jdbc.sql("UPDATE sync_state SET scheduled = false WHERE provider <> 'STOCKX' AND sku LIKE ?")
                .param(prefix + "%")
                .update();
    }

    private void overdueBy(Tier tier, Duration overdue) {
        // within the tier, product i is i minutes more overdue than product 0
        jdbc.sql("""
                        UPDATE sync_state
                        SET next_due_at = ?::timestamptz - (split_part(sku, '-', 3)::int * interval '1 minute')
                        WHERE sku LIKE ? AND provider = 'STOCKX'
                        """)
                .params(Timestamp.from(START.minus(overdue)), prefix + tier + "-%")
                .update();
    }

    private Map<String, Object> state(String sku) {
        return jdbc.sql("SELECT * FROM sync_state WHERE sku = ? AND provider = 'STOCKX' AND region = 'US'")
                .param(sku)
                .query()
                .singleRow();
    }

    private static SyncOutcome outcome(SyncRequest request, OutcomeStatus status) {
        return SyncOutcome.newBuilder()
                .setRequestId(request.getRequestId())
                .setSku(request.getSku())
                .setProvider(request.getProvider())
                .setRegion(request.getRegion())
                .setStatus(status)
                .setSnapshotsPublished(status == OutcomeStatus.SUCCEEDED ? 3 : 0)
                .setAttempts(1)
                .setError(status == OutcomeStatus.SUCCEEDED ? null : status.name())
                .setStartedAt(CLOCK.instant())
                .setFinishedAt(CLOCK.instant().plusSeconds(2))
                .build();
    }

    /** Exactly {@code count} new requests of this test's products (others' requests are skipped). */
    private List<SyncRequest> receive(int count) {
        List<SyncRequest> received = new ArrayList<>();
        if (count > 0) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value().getSku().startsWith(prefix)) {
                        received.add(r.value());
                    }
                });
                return received.size() >= count;
            });
        }
        consumer.poll(Duration.ofMillis(500)).forEach(r -> {
            if (r.value().getSku().startsWith(prefix)) {
                received.add(r.value());
            }
        });
        assertThat(received).as("exactly %d requests", count).hasSize(count);
        return received;
    }
}
