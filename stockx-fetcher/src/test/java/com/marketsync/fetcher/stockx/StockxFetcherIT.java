package com.marketsync.fetcher.stockx;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.marketsync.fetcher.stockx.StockxApiStub.market;
import static com.marketsync.fetcher.stockx.StockxApiStub.product;
import static com.marketsync.fetcher.stockx.StockxApiStub.variant;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.marketsync.events.OutcomeStatus;
import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.Provider;
import com.marketsync.events.SyncOutcome;
import com.marketsync.fetcher.core.SyncTopics;
import com.marketsync.schemas.Topics;
import com.marketsync.testkit.TestInfra;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/** The running fetcher end to end: Kafka requests in, snapshots and outcomes out, state in its PostgreSQL schema. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StockxFetcherIT {

    @RegisterExtension
    static WireMockExtension wireMock = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private static final String DATABASE = TestInfra.newDatabase("stockx_it");
    private static SyncTopics topics;

    @LocalServerPort
    int port;

    private StockxApiStub stub;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.springProperties().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("spring.datasource.url", () -> DATABASE);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("market.stockx.base-url", () -> wireMock.baseUrl() + StockxApiStub.API);
        registry.add("market.stockx.token-url", () -> wireMock.baseUrl() + StockxApiStub.TOKEN);
        registry.add("market.stockx.accounts.us.api-key", () -> StockxApiStub.API_KEY);
    }

    @BeforeAll
    static void clients() {
        topics = SyncTopics.open("stockx-fetcher-it");
    }

    @AfterAll
    static void closeClients() {
        topics.close();
    }

    @BeforeEach
    void stubToken() {
        stub = new StockxApiStub(wireMock, wireMock.baseUrl());
        stub.token("it-token", 3600);
    }

    @Test
    void publishesOneExactSnapshotPerVariantAndOneSucceededOutcome() {
        String sku = uniqueSku();
        String productId = "p-" + UUID.randomUUID();
        stub.search(sku, product("p-fuzzy-" + sku, sku + "1"), product(productId, sku));
        stub.variants(
                productId,
                variant(productId, "v-95-" + sku, "9.5", "us m"),
                variant(productId, "v-10-" + sku, "10", "us m"),
                variant(productId, "v-65w-" + sku, "6.5W", "us w"));
        stub.marketData(
                productId,
                "USD",
                market(productId, "v-95-" + sku, "USD", "\"150\"", "\"112.5\""),
                market(productId, "v-10-" + sku, "USD", "99", "null"),
                market(productId, "v-65w-" + sku, "USD", "null", "\"80.25\""));
        String requestId = send(Topics.syncRequests(Provider.STOCKX), sku);

        SyncOutcome outcome = topics.awaitOutcome(requestId);
        List<PriceSnapshot> snapshots = topics.awaitSnapshots(requestId, 3);

        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(outcome.getSnapshotsPublished()).isEqualTo(3);
        assertThat(outcome.getProviderProductId()).isEqualTo(productId);
        assertThat(outcome.getHttpStatus()).isEqualTo(200);
        assertThat(outcome.getAttempts()).isEqualTo(1);
        assertThat(snapshots)
                .extracting(s -> s.getVariant().getSize(), PriceSnapshot::getLowestAsk, PriceSnapshot::getHighestBid)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("9.5", new BigDecimal("150.00"), new BigDecimal("112.50")),
                        org.assertj.core.groups.Tuple.tuple("10", new BigDecimal("99.00"), null),
                        org.assertj.core.groups.Tuple.tuple("6.5W", null, new BigDecimal("80.25")));
        assertThat(snapshots).allSatisfy(snapshot -> {
            assertThat(snapshot.getSku()).isEqualTo(sku);
            assertThat(snapshot.getRegion()).isEqualTo("US");
            assertThat(snapshot.getCurrency()).isEqualTo("USD");
            assertThat(snapshot.getProviderProductId()).isEqualTo(productId);
        });
        assertExactlyOneOutcome(requestId);
        // The mapping and the account's credentials live in the fetcher's schema, for every replica.
        JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(DATABASE, "postgres", "postgres"));
        assertThat(jdbc.sql("SELECT product_id FROM stockx_fetcher.stockx_product_mappings WHERE style_code = ?")
                        .param(StyleCodes.key(sku))
                        .query(String.class)
                        .list())
                .containsExactly(productId);
        assertThat(jdbc.sql("SELECT account_id FROM stockx_fetcher.stockx_credentials WHERE access_token = 'it-token'")
                        .query(String.class)
                        .list())
                .containsExactly("us");
    }

    @Test
    void servesThePriorityLaneToo() {
        String sku = uniqueSku();
        String productId = "p-" + UUID.randomUUID();
        stub.search(sku, product(productId, sku));
        stub.variants(productId, variant(productId, "v-" + sku, "11", "us m"));
        stub.marketData(productId, "USD", market(productId, "v-" + sku, "USD", "\"200\""));

        String requestId = send(Topics.syncRequestsPriority(Provider.STOCKX), sku);

        assertThat(topics.awaitOutcome(requestId).getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(topics.awaitSnapshots(requestId, 1).getFirst().getLowestAsk())
                .isEqualTo(new BigDecimal("200.00"));
    }

    @Test
    void answersAnUnknownSkuNotFoundWithoutSnapshots() {
        String sku = uniqueSku();
        stub.search(sku, product("p-other-" + sku, sku + "-X9"));

        String requestId = send(Topics.syncRequests(Provider.STOCKX), sku);

        SyncOutcome outcome = topics.awaitOutcome(requestId);
        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.NOT_FOUND);
        assertThat(outcome.getSnapshotsPublished()).isZero();
        assertExactlyOneOutcome(requestId);
        assertThat(topics.snapshotsOf(requestId)).isEmpty();
    }

    @Test
    void answersAMalformedBodyFailedWithoutSnapshots() {
        String sku = uniqueSku();
        String productId = "p-" + UUID.randomUUID();
        stub.search(sku, product(productId, sku));
        stub.variants(
                productId, variant(productId, "v1-" + sku, "9", "us m"), variant(productId, "v2-" + sku, "10", "us m"));
        stub.marketData(
                productId,
                "USD",
                market(productId, "v1-" + sku, "USD", "\"150\""),
                market(productId, "v2-" + sku, "USD", "\"12.345\""));

        String requestId = send(Topics.syncRequests(Provider.STOCKX), sku);

        SyncOutcome outcome = topics.awaitOutcome(requestId);
        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(outcome.getError()).contains("12.345");
        assertExactlyOneOutcome(requestId);
        assertThat(topics.snapshotsOf(requestId)).isEmpty();
    }

    @Test
    void aRateLimitWithRetryAfterStopsStockxCallsUntilThenAndTheRequestSucceedsWithOneOutcome() {
        String sku = uniqueSku();
        String productId = "p-" + UUID.randomUUID();
        stub.search(sku, product(productId, sku));
        stub.variants(productId, variant(productId, "v1-" + sku, "9", "us m"));
        stub.marketDataRateLimitedOnce(productId, 3, market(productId, "v1-" + sku, "USD", "\"150\""));

        String requestId = send(Topics.syncRequests(Provider.STOCKX), sku);

        SyncOutcome outcome = topics.awaitOutcome(requestId);
        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(outcome.getSnapshotsPublished()).isEqualTo(1);
        List<java.time.Instant> apiCalls = wireMock.getAllServeEvents().stream()
                .filter(event -> event.getRequest().getUrl().startsWith(StockxApiStub.API))
                .map(event -> event.getRequest().getLoggedDate().toInstant())
                .sorted()
                .toList();
        java.time.Instant limited = wireMock.getAllServeEvents().stream()
                .filter(event -> event.getResponse().getStatus() == 429)
                .map(event -> event.getRequest().getLoggedDate().toInstant())
                .findFirst()
                .orElseThrow();
        assertThat(apiCalls)
                .as("no StockX call while paused")
                .filteredOn(at -> at.isAfter(limited))
                .isNotEmpty()
                .allSatisfy(at -> assertThat(at).isAfterOrEqualTo(limited.plusSeconds(3)));
        assertExactlyOneOutcome(requestId);
    }

    @Test
    void exposesHealth() {
        String health = RestClient.create()
                .get()
                .uri("http://localhost:" + port + "/actuator/health")
                .retrieve()
                .body(String.class);

        assertThat(health)
                .contains("\"status\":\"UP\"")
                .contains("\"registry\":{\"status\":\"UP\"}", "\"kafka\":{\"status\":\"UP\"}");
    }

    private static String uniqueSku() {
        return "IT" + UUID.randomUUID().toString().substring(0, 8).toUpperCase() + "-100";
    }

    private static String send(String topic, String sku) {
        return send(topic, sku, Provider.STOCKX);
    }

    private static String send(String topic, String sku, Provider provider) {
        String requestId = topics.send(topic, sku, provider, "stockx-fetcher-it");
        SENT.put(requestId, new java.util.AbstractMap.SimpleEntry<>(topic, sku));
        return requestId;
    }

    /**
     * Sends a marker request behind the request (same topic and sku, so same partition, handled after it) that the
     * fetcher answers without a provider call (it names another provider), waits for the marker's outcome, and only
     * then counts the request's outcomes: a second one would have been published before the marker's.
     */
    private static void assertExactlyOneOutcome(String requestId) {
        java.util.Map.Entry<String, String> sent = SENT.get(requestId);
        String marker = send(sent.getKey(), sent.getValue(), Provider.EBAY);
        topics.awaitOutcome(marker);
        assertThat(topics.outcomesOf(requestId)).hasSize(1);
    }

    private static final java.util.Map<String, java.util.Map.Entry<String, String>> SENT =
            new java.util.concurrent.ConcurrentHashMap<>();
}
