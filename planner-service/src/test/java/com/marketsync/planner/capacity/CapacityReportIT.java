package com.marketsync.planner.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.testkit.TestInfra;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/capacity} over a schedule written straight into a real PostgreSQL. StockX runs two accounts (US, EU)
 * of 3,000 calls a day each, 20 % kept for the priority lane: 2 × 2,400 / 24 = 200 background calls an hour.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "market.planner.scheduling=false",
            "market.planner.demo-catalog=false",
            "market.planner.freshness.hot=1h",
            "market.planner.freshness.warm=6h",
            "market.planner.freshness.cold=24h",
            "market.planner.refresh-ahead=0.1",
            "market.providers.stockx.regions=US,EU",
            "market.providers.stockx.budget.per-day=3000",
            "market.providers.stockx.budget.priority-share=0.2"
        })
class CapacityReportIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfra.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        String url = TestInfra.newDatabase("capacity");
        registry.add("spring.datasource.url", () -> url);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    /**
     * 45 HOT, 135 WARM, 1,080 COLD and 10 FROZEN products, plus 5 COLD ones StockX archived. StockX has rows in US and
     * EU, Alias in US only, eBay none.
     */
    @BeforeEach
    void catalog() {
        products("HOT", "HOT", 45);
        products("WARM", "WARM", 135);
        products("COLD", "COLD", 1080);
        products("FROZEN", "FROZEN", 10);
        products("ARCHIVED", "COLD", 5);
        for (String region : new String[] {"US", "EU"}) {
            rows("STOCKX", region);
        }
        rows("ALIAS", "US");
        jdbc.sql("UPDATE sync_state SET scheduled = false WHERE provider = 'STOCKX' AND sku LIKE 'ARCHIVED-%'")
                .update();
    }

    @Test
    void reportsStockxNeedsAgainstItsTwoAccountsAndTheColdTierItCannotKeepFresh() {
        ResponseEntity<String> response = get("/api/capacity");

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.getBody());
        assertThat(Duration.between(Instant.parse(body.get("generatedAt").asString()), Instant.now()))
                .isBetween(Duration.ofMinutes(-1), Duration.ofMinutes(1));
        JsonNode providers = body.get("providers");
        assertThat(providers).extracting(p -> p.get("provider").asString()).containsExactly("STOCKX", "ALIAS", "EBAY");

        JsonNode stockx = providers.get(0);
        assertThat(stockx.get("regions")).extracting(JsonNode::asString).containsExactly("US", "EU");
        JsonNode budget = stockx.get("budget");
        assertThat(budget.get("perSecond").asInt()).isEqualTo(1);
        assertThat(budget.get("perHour").isNull()).isTrue();
        assertThat(budget.get("perDay").asInt()).isEqualTo(3000);
        assertThat(budget.get("priorityShare").asDouble()).isEqualTo(0.2);
        assertThat(budget.get("credentials").asInt()).isEqualTo(2);
        assertThat(budget.get("bindingLimit").asString()).isEqualTo("PER_DAY");
        assertThat(budget.get("backgroundCallsPerHour").asDouble()).isEqualTo(200);
        assertThat(budget.get("backgroundCallsPerDay").asDouble()).isEqualTo(4800);
        // HOT 90 keys / 0.9 h = 100, WARM 270 / 5.4 h = 50, COLD 2,160 / 21.6 h = 100 (archived rows left out)
        assertThat(stockx.get("neededCallsPerHour").asDouble()).isEqualTo(250);
        assertThat(stockx.get("neededCallsPerDay").asDouble()).isEqualTo(6000);
        assertThat(stockx.get("utilisation").asDouble()).isEqualTo(1.25);
        assertThat(stockx.get("fits").asBoolean()).isFalse();
        assertThat(stockx.get("tiersFallingShort"))
                .extracting(JsonNode::asString)
                .containsExactly("COLD");
        assertThat(stockx.get("frozenKeys").asLong()).isEqualTo(20);

        JsonNode tiers = stockx.get("tiers");
        assertThat(tiers).extracting(t -> t.get("tier").asString()).containsExactly("HOT", "WARM", "COLD");
        JsonNode hot = tiers.get(0);
        assertThat(hot.get("keys").asLong()).isEqualTo(90);
        assertThat(hot.get("target").asString()).isEqualTo("PT1H");
        assertThat(hot.get("refreshAfter").asString()).isEqualTo("PT54M");
        assertThat(hot.get("neededCallsPerHour").asDouble()).isEqualTo(100);
        assertThat(hot.get("reachableFreshness").asString()).isEqualTo("PT1H");
        assertThat(hot.get("fallsShort").asBoolean()).isFalse();
        JsonNode warm = tiers.get(1);
        assertThat(warm.get("keys").asLong()).isEqualTo(270);
        assertThat(warm.get("reachableFreshness").asString()).isEqualTo("PT6H");
        assertThat(warm.get("fallsShort").asBoolean()).isFalse();
        // 50 calls an hour left for 2,160 keys: each refreshed every 43.2 h instead of within 24 h
        JsonNode cold = tiers.get(2);
        assertThat(cold.get("keys").asLong()).isEqualTo(2160);
        assertThat(cold.get("target").asString()).isEqualTo("PT24H");
        assertThat(cold.get("neededCallsPerHour").asDouble()).isEqualTo(100);
        assertThat(cold.get("allocatedCallsPerHour").asDouble()).isEqualTo(50);
        assertThat(cold.get("reachableFreshness").asString()).isEqualTo("PT43H12M");
        assertThat(cold.get("neverRefreshed").asBoolean()).isFalse();
        assertThat(cold.get("fallsShort").asBoolean()).isTrue();

        JsonNode ebay = providers.get(2);
        assertThat(ebay.get("tiers"))
                .allSatisfy(t -> assertThat(t.get("keys").asLong()).isZero());
        assertThat(ebay.get("fits").asBoolean()).isTrue();
    }

    @Test
    void filtersByProviderInAnyCase() {
        JsonNode body = JSON.readTree(get("/api/capacity?provider=alias").getBody());

        assertThat(body.get("providers")).hasSize(1);
        JsonNode alias = body.get("providers").get(0);
        assertThat(alias.get("provider").asString()).isEqualTo("ALIAS");
        // one token for every region, 1 call a second: 3,600 an hour; 45/0.9 + 135/5.4 + 1,085/21.6 = 125.2 needed
        // (StockX archived 5 COLD products, Alias did not)
        assertThat(alias.get("budget").get("credentials").asInt()).isEqualTo(1);
        assertThat(alias.get("budget").get("backgroundCallsPerHour").asDouble()).isEqualTo(3600);
        assertThat(alias.get("tiers")).extracting(t -> t.get("keys").asLong()).containsExactly(45L, 135L, 1085L);
        assertThat(alias.get("neededCallsPerHour").asDouble()).isEqualTo(125.2);
        assertThat(alias.get("fits").asBoolean()).isTrue();
        assertThat(alias.get("frozenKeys").asLong()).isEqualTo(10);
    }

    @Test
    void rejectsAnUnknownProviderNamingTheParameter() {
        ResponseEntity<String> response = get("/api/capacity?provider=NIKE");

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getBody()).contains("provider").contains("NIKE");
    }

    private void products(String prefix, String tier, int count) {
        jdbc.sql("""
                        INSERT INTO products (sku, name, brand, tier)
                        SELECT ? || '-' || g, 'Capacity test ' || g, 'Test', ?
                        FROM generate_series(1, ?) AS g
                        ON CONFLICT (sku) DO NOTHING
                        """).params(prefix, tier, count).update();
    }

    /** One row per product, as the planner keeps them. */
    private void rows(String provider, String region) {
        jdbc.sql("""
                        INSERT INTO sync_state (sku, provider, region, next_due_at, tier_rank, scheduled)
                        SELECT sku, ?, ?, now(),
                               CASE tier WHEN 'HOT' THEN 0 WHEN 'WARM' THEN 1 WHEN 'COLD' THEN 2 ELSE 3 END,
                               tier <> 'FROZEN'
                        FROM products
                        ON CONFLICT (sku, provider, region) DO NOTHING
                        """).params(provider, region).update();
    }

    private ResponseEntity<String> get(String pathAndQuery) {
        return RestClient.create()
                .get()
                .uri(URI.create("http://localhost:" + port + pathAndQuery))
                .retrieve()
                .onStatus(HttpStatusCode::isError, (request, response) -> {})
                .toEntity(String.class);
    }
}
