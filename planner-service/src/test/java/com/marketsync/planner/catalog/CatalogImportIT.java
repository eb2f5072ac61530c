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
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * {@code POST /api/products/import} over HTTP against a real PostgreSQL: full-size CSV and JSON files with a few bad
 * rows, re-imports that update and move tiers, and files the endpoint refuses as a whole. Default regions: 7 schedule
 * rows per product.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "market.planner.scheduling=false",
            "market.planner.demo-catalog=false",
            CatalogApi.KEY_HASH_PROPERTY,
            CatalogApi.KEY_ROLE_PROPERTY
        })
class CatalogImportIT {

    private static final Instant START = Instant.parse("2026-11-02T10:00:00Z");
    private static final MovableClock CLOCK = new MovableClock(START);
    private static final String[] TIERS = {"HOT", "WARM", "COLD", "FROZEN"};

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfra.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        String url = TestInfra.newDatabase("planner_catalog_import");
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
    void importsTenThousandCsvRowsInSecondsAndReportsEachBadRowByRowAndField() {
        List<String> lines = new ArrayList<>();
        lines.add("sku,name,brand,tier");
        for (int i = 1; i <= 10_000; i++) {
            lines.add(
                    switch (i) {
                        case 10 -> "bad sku,Dunk,Nike,HOT";
                        case 20 -> "CSV00020-100,   ,Nike,HOT";
                        case 30 -> "CSV00030-100,Dunk,Nike,LUKEWARM";
                        case 40 -> "CSV00001-100,Duplicate of row 1,Nike,HOT";
                        case 50 -> "CSV00050-100,Dunk," + "N".repeat(201) + ",HOT";
                        case 60 -> "CSV00060-100,Dunk, Low,Nike,HOT";
                        default -> sku("CSV", i) + ",\"Dunk Low, \"\"Panda\"\" " + i + "\",Nike," + TIERS[i % 4];
                    });
        }

        Response response = api.send("POST", "/api/products/import", "text/csv", String.join("\n", lines));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode report = response.body();
        assertThat(report.get("received").asInt()).isEqualTo(10_000);
        assertThat(report.get("created").asInt()).isEqualTo(9_994);
        assertThat(report.get("updated").asInt()).isZero();
        assertThat(rejected(report))
                .containsExactly(
                        "10 bad sku sku",
                        "20 CSV00020-100 name",
                        "30 CSV00030-100 tier",
                        "40 CSV00001-100 sku",
                        "50 CSV00050-100 brand",
                        "60 CSV00060-100 null");
        assertThat(report.get("rejected").get(3).get("reason").asString()).contains("duplicate of row 1");
        assertThat(count("SELECT count(*) FROM products")).isEqualTo(9_994);
        assertThat(count("SELECT count(*) FROM sync_state")).isEqualTo(9_994 * 7);
        assertThat(count("SELECT count(*) FROM sync_state s JOIN products p USING (sku)"
                        + " WHERE s.scheduled = (p.tier <> 'FROZEN') AND s.next_due_at = '2026-11-02T10:00:00Z'"))
                .as("due now unless FROZEN")
                .isEqualTo(9_994 * 7);
        assertThat(jdbc.sql("SELECT name FROM products WHERE sku = 'CSV00001-100'")
                        .query(String.class)
                        .single())
                .isEqualTo("Dunk Low, \"Panda\" 1");
    }

    @Test
    void importsTenThousandJsonRowsAndReportsElementsOfTheWrongShape() {
        List<Object> rows = new ArrayList<>();
        for (int i = 1; i <= 10_000; i++) {
            rows.add(
                    switch (i) {
                        case 7 -> "JSN00007-100";
                        case 8 -> product("JSN00008-100", Map.of("en", "Dunk"), "Nike", "HOT");
                        case 9 -> product("JSN00009-100", "Dunk", "Nike", null);
                        case 9_999 -> product("JSN00002-100", "Again", "Nike", "HOT");
                        default -> product(sku("JSN", i), "Dunk " + i, "Nike", TIERS[i % 4]);
                    });
        }

        Response response = api.send("POST", "/api/products/import", "application/json", json(rows));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode report = response.body();
        assertThat(report.get("received").asInt()).isEqualTo(10_000);
        assertThat(report.get("created").asInt()).isEqualTo(9_996);
        assertThat(rejected(report))
                .containsExactly("7 null null", "8 JSN00008-100 name", "9 JSN00009-100 tier", "9999 JSN00002-100 sku");
        assertThat(count("SELECT count(*) FROM products")).isEqualTo(9_996);
        assertThat(count("SELECT count(*) FROM sync_state")).isEqualTo(9_996 * 7);
    }

    @Test
    void reimportUpdatesExistingProductsAndMovesTierChangesThroughTheSchedule() {
        importJson(List.of(
                product("AA0001", "One", "Nike", "HOT"),
                product("AA0002", "Two", "Nike", "COLD"),
                product("AA0003", "Three", "Nike", "FROZEN")));
        jdbc.sql("UPDATE sync_state SET next_due_at = ?")
                .param(Timestamp.from(START.plus(Duration.ofHours(20))))
                .update();
        CLOCK.set(START.plus(Duration.ofHours(1)));

        JsonNode report = importJson(List.of(
                product("AA0001", "One", "Nike", "HOT"),
                product("AA0002", "Two", "Nike", "FROZEN"),
                product("AA0003", "Three, renamed", "Nike", "WARM"),
                product("AA0004", "Four", "Nike", "HOT")));

        assertThat(report.get("received").asInt()).isEqualTo(4);
        assertThat(report.get("created").asInt()).isEqualTo(1);
        assertThat(report.get("updated").asInt()).isEqualTo(3);
        assertThat(report.get("rejected")).isEmpty();
        assertThat(count("SELECT count(*) FROM sync_state WHERE sku = 'AA0002' AND NOT scheduled AND tier_rank = 3"))
                .as("frozen")
                .isEqualTo(7);
        assertThat(count("SELECT count(*) FROM sync_state WHERE sku = 'AA0003' AND scheduled AND tier_rank = 1"
                        + " AND next_due_at = '2026-11-02T11:00:00Z'"))
                .as("unfrozen: due now")
                .isEqualTo(7);
        assertThat(count("SELECT count(*) FROM sync_state WHERE sku = 'AA0004' AND scheduled"))
                .isEqualTo(7);
        assertThat(jdbc.sql("SELECT name FROM products WHERE sku = 'AA0003'")
                        .query(String.class)
                        .single())
                .isEqualTo("Three, renamed");
        assertThat(jdbc.sql("SELECT updated_at FROM products WHERE sku = 'AA0001'")
                        .query(Timestamp.class)
                        .single()
                        .toInstant())
                .as("an unchanged product is not rewritten")
                .isEqualTo(START);
        assertThat(count(
                        "SELECT count(*) FROM sync_state WHERE sku = 'AA0001' AND next_due_at = ?",
                        START.plus(Duration.ofHours(20))))
                .as("an unchanged tier keeps its schedule")
                .isEqualTo(7);
    }

    @Test
    void reimportsTenThousandProductsWithNewTiersInSeconds() {
        List<Object> first = new ArrayList<>();
        List<Object> second = new ArrayList<>();
        for (int i = 1; i <= 10_000; i++) {
            first.add(product(sku("TIR", i), "Dunk " + i, "Nike", TIERS[i % 4]));
            second.add(product(sku("TIR", i), "Dunk " + i, "Nike", TIERS[(i + 1) % 4]));
        }
        importJson(first);

        JsonNode report = importJson(second);

        assertThat(report.get("updated").asInt()).isEqualTo(10_000);
        assertThat(count("SELECT count(*) FROM sync_state s JOIN products p USING (sku)"
                        + " WHERE s.tier_rank = CASE p.tier WHEN 'HOT' THEN 0 WHEN 'WARM' THEN 1 WHEN 'COLD' THEN 2"
                        + " ELSE 3 END AND s.scheduled = (p.tier <> 'FROZEN')"))
                .as("every schedule row follows its product's new tier")
                .isEqualTo(70_000);
        assertThat(count("SELECT count(*) FROM products WHERE tier = 'FROZEN' AND sku = 'TIR00002-100'"))
                .as("row 2 moved from COLD to FROZEN")
                .isEqualTo(1);
    }

    @Test
    void readsQuotedCsvFieldsColumnsInAnyOrderAndCrLfLines() {
        String csv = "tier,brand,sku,name\r\n"
                + "HOT,Nike,DD1391-100,\"Dunk Low, Retro \"\"Panda\"\"\"\r\n"
                + "cold,\"New Balance, Inc.\",M990GL6,990v6\r\n";

        Response response = api.send("POST", "/api/products/import", "text/csv; charset=UTF-8", csv);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.body().get("created").asInt()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT sku || '|' || name || '|' || brand || '|' || tier FROM products ORDER BY sku")
                        .query(String.class)
                        .list())
                .containsExactly(
                        "DD1391-100|Dunk Low, Retro \"Panda\"|Nike|HOT", "M990GL6|990v6|New Balance, Inc.|COLD");
    }

    @Test
    void answersAFileOfOnlyBadRowsWithTheReport() {
        Response response = api.send(
                "POST", "/api/products/import", "text/csv", "sku,name,brand,tier\nbad,,,\nDD1391-100,Dunk,Nike,\n");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("created").asInt()).isZero();
        assertThat(response.body().get("updated").asInt()).isZero();
        assertThat(rejected(response.body())).containsExactly("1 bad sku", "2 DD1391-100 tier");
        assertThat(count("SELECT count(*) FROM products")).isZero();
    }

    @Test
    void refusesMoreThanTenThousandRowsNamingTheLimitAndStoresNothing() {
        StringBuilder csv = new StringBuilder("sku,name,brand,tier\n");
        List<Object> rows = new ArrayList<>();
        for (int i = 1; i <= 10_001; i++) {
            csv.append(sku("BIG", i)).append(",Dunk,Nike,HOT\n");
            rows.add(product(sku("BIG", i), "Dunk", "Nike", "HOT"));
        }

        Response tooManyCsv = api.send("POST", "/api/products/import", "text/csv", csv.toString());
        Response tooManyJson = api.send("POST", "/api/products/import", "application/json", json(rows));

        for (Response response : List.of(tooManyCsv, tooManyJson)) {
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.field()).isEqualTo("body");
            assertThat(response.detail()).contains("10,000");
        }
        assertThat(count("SELECT count(*) FROM products")).isZero();
    }

    @Test
    void refusesFilesThatAreNotACatalogWith400() {
        Response notAnArray = api.send("POST", "/api/products/import", "application/json", "{\"sku\":\"DD1391-100\"}");
        assertThat(notAnArray.status()).isEqualTo(400);
        assertThat(notAnArray.field()).isEqualTo("body");

        Response broken = api.send("POST", "/api/products/import", "application/json", "[{\"sku\": \"DD1391-100\",");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.field()).isEqualTo("body");

        Response noHeader = api.send("POST", "/api/products/import", "text/csv", "DD1391-100,Dunk,Nike,HOT\n");
        assertThat(noHeader.status()).isEqualTo(400);
        assertThat(noHeader.field()).isEqualTo("header");

        Response unclosed = api.send(
                "POST", "/api/products/import", "text/csv", "sku,name,brand,tier\nDD1391-100,\"Dunk,Nike,HOT\n");
        assertThat(unclosed.status()).isEqualTo(400);
        assertThat(unclosed.detail()).contains("never closed");

        assertThat(api.send("POST", "/api/products/import", "text/plain", "sku,name,brand,tier\n")
                        .status())
                .isEqualTo(415);
        assertThat(count("SELECT count(*) FROM products")).isZero();
    }

    private JsonNode importJson(List<Object> rows) {
        Response response = api.send("POST", "/api/products/import", "application/json", json(rows));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.body();
    }

    private int count(String sql, Object... params) {
        var statement = jdbc.sql(sql);
        for (Object param : params) {
            statement = statement.param(param instanceof Instant instant ? Timestamp.from(instant) : param);
        }
        return statement.query(Integer.class).single();
    }

    /** Each rejected row as "row sku field". */
    private static List<String> rejected(JsonNode report) {
        return report.get("rejected")
                .valueStream()
                .map(r -> r.get("row").asInt() + " " + text(r.get("sku")) + " " + text(r.get("field")))
                .toList();
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "null" : node.asString();
    }

    private static String sku(String prefix, int i) {
        return String.format("%s%05d-100", prefix, i);
    }

    private static Map<String, Object> product(String sku, Object name, String brand, String tier) {
        Map<String, Object> product = new LinkedHashMap<>();
        product.put("sku", sku);
        product.put("name", name);
        product.put("brand", brand);
        product.put("tier", tier);
        return product;
    }
}
