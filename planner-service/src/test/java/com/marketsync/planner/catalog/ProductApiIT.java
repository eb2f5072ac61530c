package com.marketsync.planner.catalog;

import static com.marketsync.planner.catalog.CatalogApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.planner.catalog.CatalogApi.Response;
import com.marketsync.testkit.MovableClock;
import com.marketsync.testkit.TestInfra;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The single-product endpoints and the list over HTTP against a real PostgreSQL, with the default regions (StockX US;
 * Alias US, EU, GB; eBay US, GB, DE: 7 schedule rows per product) and freshness targets (HOT 1 h, WARM 6 h, COLD
 * 24 h), and a clock the tests move.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "market.planner.scheduling=false",
            "market.planner.demo-catalog=false",
            CatalogApi.KEY_HASH_PROPERTY,
            CatalogApi.KEY_ROLE_PROPERTY
        })
class ProductApiIT {

    private static final Instant START = Instant.parse("2026-11-02T10:00:00Z");
    private static final MovableClock CLOCK = new MovableClock(START);

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfra.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        String url = TestInfra.newDatabase("planner_catalog_api");
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

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private CatalogApi api;

    @BeforeEach
    void emptyCatalog() {
        CLOCK.set(START);
        jdbc.sql("TRUNCATE products CASCADE").update();
        api = new CatalogApi(port);
    }

    @Test
    void createsAProductWithItsScheduleRowsDueNowAndShowsIt() {
        Response created = create("DD1391-100", "Nike Dunk Low Retro White Black Panda", "Nike", "HOT");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.location()).endsWith("/api/products/DD1391-100");
        JsonNode product = created.body();
        assertThat(product.get("sku").asString()).isEqualTo("DD1391-100");
        assertThat(product.get("name").asString()).isEqualTo("Nike Dunk Low Retro White Black Panda");
        assertThat(product.get("brand").asString()).isEqualTo("Nike");
        assertThat(product.get("tier").asString()).isEqualTo("HOT");
        assertThat(product.get("freshnessTarget").asString()).isEqualTo("PT1H");
        assertThat(product.get("stale").asBoolean()).as("never synced").isTrue();
        assertThat(instant(product.get("createdAt"))).isEqualTo(START);
        assertThat(product.get("providers"))
                .extracting(p -> p.get("provider").asString())
                .containsExactly("STOCKX", "ALIAS", "EBAY");
        JsonNode alias = provider(product, "ALIAS");
        assertThat(alias.get("status").asString()).isEqualTo("UNRESOLVED");
        assertThat(alias.get("archivedAt").isNull()).isTrue();
        assertThat(alias.get("regions"))
                .extracting(r -> r.get("region").asString())
                .containsExactly("EU", "GB", "US");
        assertThat(alias.get("regions")).allSatisfy(region -> {
            assertThat(region.get("scheduled").asBoolean()).isTrue();
            assertThat(instant(region.get("nextDueAt"))).isEqualTo(START);
            assertThat(region.get("lastSuccessAt").isNull()).isTrue();
            assertThat(region.get("stale").asBoolean()).isTrue();
            assertThat(region.get("consecutiveFailures").asInt()).isZero();
        });

        assertThat(jdbc.sql("SELECT count(*) FROM sync_state WHERE sku = 'DD1391-100' AND scheduled AND tier_rank = 0"
                                + " AND next_due_at = ?")
                        .param(Timestamp.from(START))
                        .query(Integer.class)
                        .single())
                .isEqualTo(7);
        Response got = api.get("/api/products/DD1391-100");
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(product);
    }

    @Test
    void showsEachProvidersMappingAndEachRegionsScheduleWithItsStaleness() {
        create("DD1391-100", "Dunk Low Panda", "Nike", "WARM");
        jdbc.sql("""
                        INSERT INTO provider_mappings (sku, provider, status, provider_product_id, updated_at)
                        VALUES ('DD1391-100', 'STOCKX', 'VERIFIED', 'a1b2c3', ?)
                        """).param(Timestamp.from(START)).update();
        schedule("DD1391-100", "STOCKX", "US", START.minus(Duration.ofHours(5)));
        schedule("DD1391-100", "ALIAS", "EU", START.minus(Duration.ofHours(7)));
        jdbc.sql("""
                        UPDATE sync_state SET in_flight_request_id = 'req-1', lease_expires_at = ?,
                               consecutive_failures = 2, last_outcome_status = 'FAILED', last_error = 'HTTP 503'
                        WHERE sku = 'DD1391-100' AND provider = 'EBAY' AND region = 'DE'
                        """).param(Timestamp.from(START.plus(Duration.ofMinutes(10)))).update();

        JsonNode product = api.get("/api/products/DD1391-100").body();

        JsonNode stockx = provider(product, "STOCKX");
        assertThat(stockx.get("status").asString()).isEqualTo("VERIFIED");
        assertThat(stockx.get("providerProductId").asString()).isEqualTo("a1b2c3");
        JsonNode us = region(stockx, "US");
        assertThat(instant(us.get("lastSuccessAt"))).isEqualTo(START.minus(Duration.ofHours(5)));
        assertThat(us.get("stale").asBoolean()).as("5 h old, WARM target 6 h").isFalse();
        assertThat(region(provider(product, "ALIAS"), "EU").get("stale").asBoolean())
                .as("7 h old")
                .isTrue();
        JsonNode de = region(provider(product, "EBAY"), "DE");
        assertThat(de.get("inFlightRequestId").asString()).isEqualTo("req-1");
        assertThat(instant(de.get("leaseExpiresAt"))).isEqualTo(START.plus(Duration.ofMinutes(10)));
        assertThat(de.get("consecutiveFailures").asInt()).isEqualTo(2);
        assertThat(de.get("lastOutcomeStatus").asString()).isEqualTo("FAILED");
        assertThat(de.get("lastError").asString()).isEqualTo("HTTP 503");
        assertThat(product.get("stale").asBoolean()).isTrue();
    }

    @Test
    void refusesASkuThatExistsWith409() {
        create("DD1391-100", "Dunk Low Panda", "Nike", "HOT");

        Response again = create("DD1391-100", "Another", "Nike", "COLD");

        assertThat(again.status()).isEqualTo(409);
        assertThat(api.get("/api/products/DD1391-100").body().get("name").asString())
                .isEqualTo("Dunk Low Panda");
    }

    @Test
    void refusesInvalidProductsWith400NamingTheField() {
        assertThat(create("dd1391 100", "Dunk", "Nike", "HOT").field()).isEqualTo("sku");
        assertThat(create("DD1391-100", " ", "Nike", "HOT").field()).isEqualTo("name");
        assertThat(create("DD1391-100", "Dunk", "N".repeat(201), "HOT").field()).isEqualTo("brand");
        Response tier = create("DD1391-100", "Dunk", "Nike", "LUKEWARM");
        assertThat(tier.status()).isEqualTo(400);
        assertThat(tier.field()).isEqualTo("tier");
        assertThat(tier.detail()).contains("HOT", "WARM", "COLD", "FROZEN");
        assertThat(api.post("/api/products", "{\"sku\":\"DD1391-100\",\"name\":\"Dunk\",\"brand\":\"Nike\"}")
                        .field())
                .isEqualTo("tier");
        assertThat(api.post(
                                "/api/products",
                                "{\"sku\":\"DD1391-100\",\"name\":\"Dunk\",\"brand\":\"Nike\"," + "\"tier\":[\"HOT\"]}")
                        .status())
                .as("wrong type")
                .isEqualTo(400);
        assertThat(api.post("/api/products", "{\"sku\":\"DD1391-100\",").status())
                .as("malformed JSON")
                .isEqualTo(400);
        assertThat(api.post("/api/products", "").status()).as("no body").isEqualTo(400);

        assertThat(count("SELECT count(*) FROM products")).isZero();
    }

    @Test
    void answersUnknownSkus404AndMalformedOnes400() {
        assertThat(api.get("/api/products/DD1391-100").status()).isEqualTo(404);
        assertThat(api.put("/api/products/DD1391-100", json(Map.of("name", "a", "brand", "b", "tier", "HOT")))
                        .status())
                .isEqualTo(404);
        assertThat(api.put("/api/products/DD1391-100/tier", "{\"tier\":\"HOT\"}")
                        .status())
                .isEqualTo(404);
        assertThat(api.delete("/api/products/DD1391-100").status()).isEqualTo(404);
        assertThat(api.post("/api/products/DD1391-100/providers/EBAY/reactivate", "")
                        .status())
                .isEqualTo(404);

        Response malformed = api.get("/api/products/not%20a%20sku");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.field()).isEqualTo("sku");
    }

    @Test
    void updatesNameBrandAndTierMovingTheScheduleRows() {
        create("DD1391-100", "Dunk", "Nike", "COLD");
        CLOCK.set(START.plus(Duration.ofMinutes(5)));

        Response updated = api.put(
                "/api/products/DD1391-100",
                json(Map.of("name", "Dunk Low Retro Panda", "brand", "Nike SB", "tier", "HOT")));

        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body().get("name").asString()).isEqualTo("Dunk Low Retro Panda");
        assertThat(updated.body().get("brand").asString()).isEqualTo("Nike SB");
        assertThat(updated.body().get("tier").asString()).isEqualTo("HOT");
        assertThat(instant(updated.body().get("updatedAt"))).isEqualTo(CLOCK.instant());
        assertThat(instant(updated.body().get("createdAt"))).isEqualTo(START);
        assertThat(count("SELECT count(*) FROM sync_state WHERE sku = 'DD1391-100' AND tier_rank = 0"))
                .isEqualTo(7);

        Response invalid =
                api.put("/api/products/DD1391-100", json(Map.of("name", "Dunk", "brand", "", "tier", "HOT")));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.field()).isEqualTo("brand");
    }

    @Test
    void freezingStopsSchedulingAndUnfreezingMakesTheRowsDueAtOnce() {
        create("DD1391-100", "Dunk", "Nike", "HOT");
        // as if every region had just been synced and is due again in an hour
        jdbc.sql("UPDATE sync_state SET last_success_at = ?, next_due_at = ?")
                .params(Timestamp.from(START), Timestamp.from(START.plus(Duration.ofHours(1))))
                .update();

        Response frozen = api.put("/api/products/DD1391-100/tier", "{\"tier\":\"FROZEN\"}");

        assertThat(frozen.status()).isEqualTo(200);
        assertThat(frozen.body().get("tier").asString()).isEqualTo("FROZEN");
        assertThat(frozen.body().get("freshnessTarget").isNull()).isTrue();
        assertThat(frozen.body().get("stale").asBoolean()).isFalse();
        assertThat(count("SELECT count(*) FROM sync_state WHERE sku = 'DD1391-100' AND NOT scheduled"))
                .isEqualTo(7);
        assertThat(count("SELECT count(*) FROM products WHERE sku = 'DD1391-100' AND tier = 'FROZEN'"))
                .isEqualTo(1);

        CLOCK.set(START.plus(Duration.ofMinutes(20)));
        Response warm = api.put("/api/products/DD1391-100/tier", "{\"tier\":\"warm\"}");

        assertThat(warm.status()).isEqualTo(200);
        assertThat(warm.body().get("tier").asString()).isEqualTo("WARM");
        assertThat(count("SELECT count(*) FROM sync_state WHERE sku = 'DD1391-100' AND scheduled AND tier_rank = 1"
                        + " AND next_due_at = '2026-11-02T10:20:00Z'"))
                .as("due now, not in an hour")
                .isEqualTo(7);

        Response invalid = api.put("/api/products/DD1391-100/tier", "{\"tier\":\"TEPID\"}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.field()).isEqualTo("tier");
        assertThat(api.put("/api/products/DD1391-100/tier", "{}").field()).isEqualTo("tier");
    }

    @Test
    void deletesAProductWithItsScheduleRowsMappingsAndManualRequests() {
        create("DD1391-100", "Dunk", "Nike", "HOT");
        create("CT8532-111", "Air Jordan 3", "Jordan", "HOT");
        jdbc.sql("""
                        INSERT INTO provider_mappings (sku, provider, status, updated_at)
                        VALUES ('DD1391-100', 'EBAY', 'VERIFIED', now())
                        """).update();
        jdbc.sql("""
                        INSERT INTO manual_requests (request_id, sku, provider, region, requested_at, requested_by)
                        VALUES ('m-1', 'DD1391-100', 'EBAY', 'US', now(), 'test')
                        """).update();

        Response deleted = api.delete("/api/products/DD1391-100");

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(api.get("/api/products/DD1391-100").status()).isEqualTo(404);
        assertThat(count("SELECT count(*) FROM sync_state WHERE sku = 'DD1391-100'"))
                .isZero();
        assertThat(count("SELECT count(*) FROM provider_mappings WHERE sku = 'DD1391-100'"))
                .isZero();
        assertThat(count("SELECT count(*) FROM manual_requests WHERE sku = 'DD1391-100'"))
                .isZero();
        assertThat(count("SELECT count(*) FROM sync_state WHERE sku = 'CT8532-111'"))
                .as("other products keep theirs")
                .isEqualTo(7);
        assertThat(api.delete("/api/products/DD1391-100").status()).isEqualTo(404);
    }

    @Test
    void listsInSkuOrderPageByPageFilteredByTierProviderAndStaleness() {
        catalogOfSix();

        Response all = api.get("/api/products");
        assertThat(all.status()).isEqualTo(200);
        assertThat(skus(all)).containsExactly("AA0001", "AA0002", "AA0003", "AA0004", "AA0005", "AA0006");
        assertThat(all.body().get("page").asInt()).isZero();
        assertThat(all.body().get("size").asInt()).isEqualTo(50);
        assertThat(all.body().get("total").asLong()).isEqualTo(6);

        Response second = api.get("/api/products?page=1&size=2");
        assertThat(skus(second)).containsExactly("AA0003", "AA0004");
        assertThat(second.body().get("total").asLong()).isEqualTo(6);
        assertThat(skus(api.get("/api/products?page=2&size=2"))).containsExactly("AA0005", "AA0006");
        Response past = api.get("/api/products?page=5&size=2");
        assertThat(skus(past)).isEmpty();
        assertThat(past.body().get("total").asLong()).isEqualTo(6);

        assertThat(skus(api.get("/api/products?tier=HOT"))).containsExactly("AA0001", "AA0002");
        assertThat(skus(api.get("/api/products?tier=cold"))).containsExactly("AA0003", "AA0006");
        assertThat(skus(api.get("/api/products?provider=EBAY")))
                .as("AA0006 is archived by eBay")
                .containsExactly("AA0001", "AA0002", "AA0003", "AA0004", "AA0005");
        assertThat(skus(api.get("/api/products?provider=alias"))).hasSize(6);

        Response stale = api.get("/api/products?stale=true");
        assertThat(skus(stale)).containsExactly("AA0001", "AA0004");
        assertThat(stale.body().get("total").asLong()).isEqualTo(2);
        assertThat(skus(api.get("/api/products?stale=false"))).containsExactly("AA0002", "AA0003", "AA0005", "AA0006");
        assertThat(skus(api.get("/api/products?stale=true&provider=EBAY"))).containsExactly("AA0001");
        assertThat(skus(api.get("/api/products?stale=true&provider=ALIAS"))).containsExactly("AA0001", "AA0004");
        assertThat(skus(api.get("/api/products?stale=true&tier=WARM&provider=ALIAS")))
                .containsExactly("AA0004");
        Response page = api.get("/api/products?stale=true&size=1&page=1");
        assertThat(skus(page)).containsExactly("AA0004");
        assertThat(page.body().get("total").asLong()).isEqualTo(2);

        JsonNode d = all.body().get("items").get(3);
        assertThat(d.get("stale").asBoolean()).isTrue();
        assertThat(d.get("providers"))
                .extracting(
                        p -> p.get("provider").asString() + "=" + p.get("stale").asBoolean())
                .containsExactly("STOCKX=false", "ALIAS=true", "EBAY=false");
        JsonNode f = all.body().get("items").get(5);
        JsonNode ebay = f.get("providers").get(2);
        assertThat(ebay.get("status").asString()).isEqualTo("NOT_FOUND");
        assertThat(instant(ebay.get("archivedAt"))).isEqualTo(START.minus(Duration.ofDays(1)));
        assertThat(f.get("stale").asBoolean())
                .as("archived regions do not count")
                .isFalse();
    }

    @Test
    void refusesInvalidListParametersWith400NamingThem() {
        Map<String, String> invalid = Map.of(
                "size=0", "size",
                "size=501", "size",
                "size=ten", "size",
                "page=-1", "page",
                "page=first", "page",
                "tier=LUKEWARM", "tier",
                "provider=AMAZON", "provider",
                "stale=maybe", "stale");
        invalid.forEach((query, field) -> {
            Response response = api.get("/api/products?" + query);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.field()).as(query).isEqualTo(field);
        });
        assertThat(api.get("/api/products?size=500").status()).isEqualTo(200);
    }

    @Test
    void reactivatesAProviderThatArchivedTheProductAndRefusesOneThatDidNot() {
        create("DD1391-100", "Dunk", "Nike", "COLD");
        archive("DD1391-100", "EBAY");
        CLOCK.set(START.plus(Duration.ofHours(2)));

        Response reactivated = api.post("/api/products/DD1391-100/providers/ebay/reactivate", "");

        assertThat(reactivated.status()).isEqualTo(200);
        JsonNode ebay = provider(reactivated.body(), "EBAY");
        assertThat(ebay.get("status").asString()).isEqualTo("UNRESOLVED");
        assertThat(ebay.get("archivedAt").isNull()).isTrue();
        assertThat(ebay.get("notFoundSince").isNull()).isTrue();
        assertThat(ebay.get("regions")).allSatisfy(region -> {
            assertThat(region.get("scheduled").asBoolean()).isTrue();
            assertThat(instant(region.get("nextDueAt"))).isEqualTo(CLOCK.instant());
        });
        assertThat(count("SELECT count(*) FROM sync_state WHERE sku = 'DD1391-100' AND provider = 'EBAY'"
                        + " AND scheduled AND next_due_at = '2026-11-02T12:00:00Z'"))
                .isEqualTo(3);

        assertThat(api.post("/api/products/DD1391-100/providers/EBAY/reactivate", "")
                        .status())
                .as("no longer archived")
                .isEqualTo(409);
        assertThat(api.post("/api/products/DD1391-100/providers/ALIAS/reactivate", "")
                        .status())
                .isEqualTo(409);
        Response unknown = api.post("/api/products/DD1391-100/providers/AMAZON/reactivate", "");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.field()).isEqualTo("provider");
    }

    /**
     * AA0001 HOT never synced (stale); AA0002 HOT synced 30 min ago; AA0003 COLD synced 2 h ago; AA0004 WARM synced
     * 1 h ago except Alias EU 7 h ago (stale for Alias only); AA0005 FROZEN never synced (not scheduled, so not
     * stale); AA0006 COLD synced 1 h ago except on eBay, which archived it.
     */
    private void catalogOfSix() {
        create("AA0001", "One", "Nike", "HOT");
        create("AA0002", "Two", "Nike", "HOT");
        create("AA0003", "Three", "Jordan", "COLD");
        create("AA0004", "Four", "Jordan", "WARM");
        create("AA0005", "Five", "Adidas", "FROZEN");
        create("AA0006", "Six", "Adidas", "COLD");
        syncedAgo("AA0002", Duration.ofMinutes(30));
        syncedAgo("AA0003", Duration.ofHours(2));
        syncedAgo("AA0004", Duration.ofHours(1));
        schedule("AA0004", "ALIAS", "EU", START.minus(Duration.ofHours(7)));
        syncedAgo("AA0006", Duration.ofHours(1));
        archive("AA0006", "EBAY");
        jdbc.sql("UPDATE sync_state SET last_success_at = NULL WHERE sku = 'AA0006' AND provider = 'EBAY'")
                .update();
    }

    /** Marks a provider as having archived the product, as the outcome handler does after days of NOT_FOUND. */
    private void archive(String sku, String provider) {
        jdbc.sql("""
                        INSERT INTO provider_mappings (sku, provider, status, not_found_since, archived_at, updated_at)
                        VALUES (?, ?, 'NOT_FOUND', ?, ?, ?)
                        """)
                .params(
                        sku,
                        provider,
                        Timestamp.from(START.minus(Duration.ofDays(8))),
                        Timestamp.from(START.minus(Duration.ofDays(1))),
                        Timestamp.from(START.minus(Duration.ofDays(1))))
                .update();
        jdbc.sql("UPDATE sync_state SET scheduled = false, next_due_at = ? WHERE sku = ? AND provider = ?")
                .params(Timestamp.from(START.plus(Duration.ofDays(30))), sku, provider)
                .update();
    }

    private void syncedAgo(String sku, Duration age) {
        jdbc.sql("UPDATE sync_state SET last_success_at = ? WHERE sku = ?")
                .params(Timestamp.from(START.minus(age)), sku)
                .update();
    }

    private void schedule(String sku, String provider, String region, Instant lastSuccessAt) {
        jdbc.sql("UPDATE sync_state SET last_success_at = ? WHERE sku = ? AND provider = ? AND region = ?")
                .params(Timestamp.from(lastSuccessAt), sku, provider, region)
                .update();
    }

    private Response create(String sku, String name, String brand, String tier) {
        return api.post("/api/products", json(Map.of("sku", sku, "name", name, "brand", brand, "tier", tier)));
    }

    private int count(String sql) {
        return jdbc.sql(sql).query(Integer.class).single();
    }

    private static List<String> skus(Response page) {
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        return page.body()
                .get("items")
                .valueStream()
                .map(item -> item.get("sku").asString())
                .toList();
    }

    private static JsonNode provider(JsonNode product, String provider) {
        return product.get("providers")
                .valueStream()
                .filter(p -> p.get("provider").asString().equals(provider))
                .findFirst()
                .orElseThrow();
    }

    private static JsonNode region(JsonNode provider, String region) {
        return provider.get("regions")
                .valueStream()
                .filter(r -> r.get("region").asString().equals(region))
                .findFirst()
                .orElseThrow();
    }

    private static Instant instant(JsonNode node) {
        return Instant.parse(node.asString());
    }
}
