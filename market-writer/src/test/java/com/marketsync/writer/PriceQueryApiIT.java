package com.marketsync.writer;

import static com.marketsync.writer.TestSnapshots.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Checks the price query API (latest prices and paged history of a sku) over HTTP against rows in PostgreSQL. */
class PriceQueryApiIT extends WriterIntegrationSupport {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;

    @LocalServerPort
    private int port;

    @Autowired
    private Clock clock;

    @Test
    void returnsLatestPricesWithExactDecimalsNullsAndAge() {
        String sku = uniqueSku("PQ");
        Instant verifiedAt = now().minus(Duration.ofMinutes(90));
        Instant observedAt = verifiedAt.minus(Duration.ofHours(5));
        Instant changedAt = observedAt.minus(Duration.ofDays(2));
        insertLatest(sku, "STOCKX", "US", "v1", row -> {
            row.put("lowest_ask", new BigDecimal("180.10"));
            row.put("highest_bid", null);
            row.put("last_sale", new BigDecimal("123456789012.34"));
            row.put("last_sale_at", null);
            row.put("suggested_sell_faster", new BigDecimal("0.05"));
            row.put("sales_count", 12);
            row.put("listing_count", null);
            row.put("observed_at", observedAt);
            row.put("verified_at", verifiedAt);
            row.put("changed_at", changedAt);
        });
        insertLatest(sku, "ALIAS", "GB", "a1", row -> row.put("currency", "GBP"));

        Instant before = clock.instant();
        ResponseEntity<String> response = get("/api/prices/" + sku);
        Instant after = clock.instant();

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getHeaders().getContentType()).isNotNull();
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_JSON))
                .isTrue();
        // JSON numbers written with their scale, not strings and not binary floats
        assertThat(response.getBody())
                .contains("\"lowestAsk\":180.10")
                .contains("\"lastSale\":123456789012.34")
                .contains("\"suggestedSellFaster\":0.05");
        JsonNode body = JSON.readTree(response.getBody());
        assertThat(body.get("sku").asString()).isEqualTo(sku);
        JsonNode prices = body.get("prices");
        assertThat(prices).hasSize(2);
        assertThat(prices.get(0).get("provider").asString()).isEqualTo("ALIAS");
        assertThat(prices.get(0).get("currency").asString()).isEqualTo("GBP");
        JsonNode stockx = prices.get(1);
        assertThat(stockx.get("provider").asString()).isEqualTo("STOCKX");
        assertThat(stockx.get("region").asString()).isEqualTo("US");
        assertThat(stockx.get("variantKey").asString()).isEqualTo("v1");
        assertThat(stockx.get("size").asString()).isEqualTo("10.5");
        assertThat(stockx.get("sizeSystem").asString()).isEqualTo("US_M");
        assertThat(stockx.get("condition").asString()).isEqualTo("NEW");
        assertThat(stockx.get("packaging").asString()).isEqualTo("GOOD");
        assertThat(stockx.get("fulfilment").asString()).isEqualTo("STANDARD");
        assertThat(stockx.get("currency").asString()).isEqualTo("USD");
        assertThat(stockx.get("lowestAsk").isNumber()).isTrue();
        assertThat(stockx.get("lowestAsk").decimalValue()).isEqualTo(new BigDecimal("180.10"));
        assertThat(stockx.get("lastSale").decimalValue()).isEqualTo(new BigDecimal("123456789012.34"));
        assertThat(stockx.get("suggestedSellFaster").decimalValue()).isEqualTo(new BigDecimal("0.05"));
        assertThat(stockx.get("highestBid").isNull()).isTrue();
        assertThat(stockx.get("lastSaleAt").isNull()).isTrue();
        assertThat(stockx.get("flexLowestAsk").isNull()).isTrue();
        assertThat(stockx.get("listingCount").isNull()).isTrue();
        assertThat(stockx.get("salesCount").asInt()).isEqualTo(12);
        assertThat(stockx.get("verifiedAt").asString()).endsWith("Z");
        assertThat(Instant.parse(stockx.get("observedAt").asString())).isEqualTo(observedAt);
        assertThat(Instant.parse(stockx.get("verifiedAt").asString())).isEqualTo(verifiedAt);
        assertThat(Instant.parse(stockx.get("changedAt").asString())).isEqualTo(changedAt);
        assertThat(stockx.get("ageSeconds").asLong())
                .isBetween(
                        Duration.between(verifiedAt, before).getSeconds(),
                        Duration.between(verifiedAt, after).getSeconds() + 1);
    }

    @Test
    void filtersLatestPricesByProviderInAnyCaseAndByRegion() {
        String sku = uniqueSku("PQ");
        insertLatest(sku, "STOCKX", "US", "v1", row -> {});
        insertLatest(sku, "ALIAS", "US", "a1", row -> {});
        insertLatest(sku, "ALIAS", "GB", "a1", row -> row.put("lowest_ask", new BigDecimal("99.99")));

        JsonNode alias = body(get("/api/prices/" + sku + "?provider=alias")).get("prices");
        JsonNode aliasGb =
                body(get("/api/prices/" + sku + "?provider=Alias&region=GB")).get("prices");
        JsonNode us = body(get("/api/prices/" + sku + "?region=US")).get("prices");
        ResponseEntity<String> ebay = get("/api/prices/" + sku + "?provider=EBAY");

        assertThat(values(alias, "provider")).containsOnly("ALIAS").hasSize(2);
        assertThat(aliasGb).hasSize(1);
        assertThat(aliasGb.get(0).get("region").asString()).isEqualTo("GB");
        assertThat(aliasGb.get(0).get("lowestAsk").decimalValue()).isEqualTo(new BigDecimal("99.99"));
        assertThat(values(us, "provider")).containsExactly("ALIAS", "STOCKX");
        // a known sku that a filter does not match is an empty answer, not an unknown sku
        assertThat(ebay.getStatusCode().value()).isEqualTo(200);
        assertThat(body(ebay).get("prices")).isEmpty();
    }

    @Test
    void answersNotFoundProblemForAnUnknownSku() {
        String sku = uniqueSku("NONE");

        for (String path : List.of(
                "/api/prices/" + sku, "/api/prices/" + sku + "?provider=STOCKX", "/api/prices/" + sku + "/history")) {
            ResponseEntity<String> response = get(path);

            assertThat(response.getStatusCode().value()).as(path).isEqualTo(404);
            assertProblem(response);
            JsonNode problem = body(response);
            assertThat(problem.get("status").asInt()).isEqualTo(404);
            assertThat(problem.get("detail").asString()).contains(sku);
        }
    }

    @Test
    void knowsASkuThatHasHistoryButNoLatestPrice() {
        String sku = uniqueSku("PQ");
        insertHistory(sku, "STOCKX", "US", "v1", now().minus(Duration.ofDays(200)), "old", row -> {});

        ResponseEntity<String> latest = get("/api/prices/" + sku);
        ResponseEntity<String> recent = get("/api/prices/" + sku + "/history");

        assertThat(latest.getStatusCode().value()).isEqualTo(404);
        assertThat(recent.getStatusCode().value()).isEqualTo(200);
        assertThat(body(recent).get("items")).isEmpty();
        assertThat(body(recent).get("nextCursor").isNull()).isTrue();
    }

    @Test
    void pagesThroughHistoryNewestFirstReturningEveryRowExactlyOnce() {
        String sku = uniqueSku("PQ");
        insertLatest(sku, "STOCKX", "US", "v1", row -> {});
        Instant base = now().minus(Duration.ofDays(3));
        List<Instant> observed = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            // pairs of rows share an observed_at, so the snapshot id has to break ties across page borders
            Instant at = base.plus(Duration.ofMinutes(10L * (i / 2))).plusNanos(123_000);
            String provider = i % 2 == 0 ? "STOCKX" : "ALIAS";
            String id = sku + "-h-" + String.format("%03d", i);
            insertHistory(sku, provider, "US", "v" + (i % 2), at, id, row -> {});
            observed.add(at);
        }

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        int requests = 0;
        do {
            ResponseEntity<String> response = get("/api/prices/" + sku + "/history?limit=5"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            assertThat(response.getStatusCode().value()).isEqualTo(200);
            JsonNode page = body(response);
            pageSizes.add(page.get("items").size());
            page.get("items").forEach(item -> seen.add(item.get("snapshotId").asString()));
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
            requests++;
        } while (cursor != null && requests < 20);

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            expected.add(sku + "-h-" + String.format("%03d", i));
        }
        expected.sort(Comparator.comparing((String id) -> observed.get(Integer.parseInt(id.substring(id.length() - 3))))
                .thenComparing(Comparator.naturalOrder())
                .reversed());
        assertThat(pageSizes).containsExactly(5, 5, 5, 5, 3);
        assertThat(seen).containsExactlyElementsOf(expected).doesNotHaveDuplicates();
    }

    @Test
    void returnsHistoryRowsWithAllFieldsAndFilters() {
        String sku = uniqueSku("PQ");
        Instant at = now().minus(Duration.ofHours(2));
        insertHistory(sku, "STOCKX", "US", "v1", at, sku + "-a", row -> {
            row.put("lowest_ask", new BigDecimal("201.30"));
            row.put("highest_bid", null);
            row.put("sales_count", 7);
            row.put("sales_window_start", at.minus(Duration.ofDays(3)));
            row.put("sales_window_end", at);
        });
        insertHistory(sku, "STOCKX", "US", "v2", at.minusSeconds(1), sku + "-b", row -> row.put("size", "11"));
        insertHistory(sku, "ALIAS", "GB", "a1", at.minusSeconds(2), sku + "-c", row -> row.put("currency", "GBP"));

        ResponseEntity<String> all = get("/api/prices/" + sku + "/history");
        JsonNode items = body(all).get("items");
        JsonNode stockx =
                body(get("/api/prices/" + sku + "/history?provider=stockx")).get("items");
        JsonNode gb = body(get("/api/prices/" + sku + "/history?region=GB")).get("items");
        JsonNode size11 = body(get("/api/prices/" + sku + "/history?size=11&provider=STOCKX&region=US"))
                .get("items");

        assertThat(all.getStatusCode().value()).isEqualTo(200);
        assertThat(all.getBody()).contains("\"lowestAsk\":201.30");
        assertThat(values(items, "snapshotId")).containsExactly(sku + "-a", sku + "-b", sku + "-c");
        assertThat(body(all).get("nextCursor").isNull()).isTrue();
        JsonNode first = items.get(0);
        assertThat(first.get("provider").asString()).isEqualTo("STOCKX");
        assertThat(first.get("requestId").asString()).isEqualTo("req-" + sku);
        assertThat(first.get("lowestAsk").decimalValue()).isEqualTo(new BigDecimal("201.30"));
        assertThat(first.get("highestBid").isNull()).isTrue();
        assertThat(first.get("salesCount").asInt()).isEqualTo(7);
        assertThat(Instant.parse(first.get("salesWindowStart").asString())).isEqualTo(at.minus(Duration.ofDays(3)));
        assertThat(Instant.parse(first.get("observedAt").asString())).isEqualTo(at);
        assertThat(Instant.parse(first.get("fetchedAt").asString())).isEqualTo(at.plusMillis(250));
        assertThat(first.get("warnings").isArray()).isTrue();
        assertThat(values(stockx, "snapshotId")).containsExactly(sku + "-a", sku + "-b");
        assertThat(values(gb, "snapshotId")).containsExactly(sku + "-c");
        assertThat(values(size11, "snapshotId")).containsExactly(sku + "-b");
    }

    @Test
    void boundsHistoryByTheWindowFromInclusiveToExclusive() {
        String sku = uniqueSku("PQ");
        insertLatest(sku, "STOCKX", "US", "v1", row -> {});
        Instant now = now();
        Instant oneDay = now.minus(Duration.ofDays(1));
        Instant twentyNineDays = now.minus(Duration.ofDays(29));
        Instant thirtyOneDays = now.minus(Duration.ofDays(31));
        Instant sixtyDays = now.minus(Duration.ofDays(60));
        insertHistory(sku, "STOCKX", "US", "v1", oneDay, "d1", row -> {});
        insertHistory(sku, "STOCKX", "US", "v1", twentyNineDays, "d29", row -> {});
        insertHistory(sku, "STOCKX", "US", "v1", thirtyOneDays, "d31", row -> {});
        insertHistory(sku, "STOCKX", "US", "v1", sixtyDays, "d60", row -> {});

        JsonNode lastThirtyDays = body(get("/api/prices/" + sku + "/history")).get("items");
        JsonNode window = body(get("/api/prices/" + sku + "/history?from=" + thirtyOneDays + "&to=" + oneDay))
                .get("items");
        JsonNode onlyTo = body(get("/api/prices/" + sku + "/history?to=" + twentyNineDays.plusSeconds(1)))
                .get("items");
        JsonNode onlyFrom =
                body(get("/api/prices/" + sku + "/history?from=" + sixtyDays)).get("items");
        String offset =
                twentyNineDays.atOffset(ZoneOffset.ofHours(2)).toString().replace("+", "%2B");
        JsonNode withOffset =
                body(get("/api/prices/" + sku + "/history?from=" + offset)).get("items");

        assertThat(values(lastThirtyDays, "snapshotId")).containsExactly("d1", "d29");
        assertThat(values(window, "snapshotId")).containsExactly("d29", "d31");
        assertThat(values(onlyTo, "snapshotId")).containsExactly("d29", "d31");
        assertThat(values(onlyFrom, "snapshotId")).containsExactly("d1", "d29", "d31", "d60");
        assertThat(values(withOffset, "snapshotId")).containsExactly("d1", "d29");
    }

    @ParameterizedTest(name = "{0} -> field {1}")
    @CsvSource(
            delimiter = ' ',
            value = {
                "/api/prices/SKU?provider=nike provider",
                "/api/prices/SKU?region=%00 region",
                "/api/prices/SKU/history?provider=goat provider",
                "/api/prices/SKU/history?from=yesterday from",
                "/api/prices/SKU/history?from=2026-01-01 from",
                "/api/prices/SKU/history?to=2026-13-01T00:00:00Z to",
                "/api/prices/SKU/history?to=2026-01-01T00:00:00%2B25:00 to",
                "/api/prices/SKU/history?from=2026-01-01T10:00:00+01:00 from",
                "/api/prices/SKU/history?from=%2B100000-01-01T00:00:00Z from",
                "/api/prices/SKU/history?to=-50000-01-01T00:00:00Z to",
                "/api/prices/SKU/history?from=1800-01-01T00:00:00Z&to=1800-01-02T00:00:00Z from",
                "/api/prices/SKU/history?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z from",
                "/api/prices/SKU/history?from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:00Z from",
                "/api/prices/SKU/history?from=2025-01-01T00:00:00Z&to=2026-02-06T00:00:00Z from",
                "/api/prices/SKU/history?from=2999-01-01T00:00:00Z from",
                "/api/prices/SKU/history?limit=0 limit",
                "/api/prices/SKU/history?limit=-5 limit",
                "/api/prices/SKU/history?limit=1001 limit",
                "/api/prices/SKU/history?limit=ten limit",
                "/api/prices/SKU/history?limit=1.5 limit",
                "/api/prices/SKU/history?limit=1&limit=2 limit",
                "/api/prices/SKU/history?cursor=not-a-cursor! cursor",
                "/api/prices/SKU/history?cursor=aGVsbG8 cursor",
                "/api/prices/SKU/history?cursor=MXx4fGlk cursor",
                "/api/prices/SKU/history?cursor=MnwxfGlk cursor",
                "/api/prices/SKU/history?cursor=MXwxfA cursor",
                "/api/prices/SKU/history?cursor=MXwxfGEAYg cursor",
                "/api/prices/SKU/history?cursor=MXw5OTk5OTk5OTk5OTk5OTk5OTk5OXxpZA cursor",
                "/api/prices/SKU/history?cursor=_-_- cursor",
                "/api/prices/%20 sku",
                "/api/prices/%20/history sku",
                "/api/prices/SKU/history?region=%01 region",
                "/api/prices/SKU/history?region=%C3%28 region",
                "/api/prices/SKU/history?limit=5&cursor=%FF%FE cursor",
                "/api/latest-prices?sku=%FF%FE sku",
                "/api/latest-prices sku",
                "/api/latest-prices?sku=%20 sku",
                "/api/latest-prices?sku=SKU&provider=nike provider",
                "/api/latest-prices?sku=SKU&region=%00 region",
            })
    void refusesInvalidInputWithAProblemNamingTheParameter(String pathAndQuery, String field) {
        ResponseEntity<String> response = get(pathAndQuery.replace("SKU", "DD1391-100"));

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertProblem(response);
        JsonNode problem = body(response);
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("field").asString()).isEqualTo(field);
        assertThat(problem.get("detail").asString()).contains("'" + field + "'");
    }

    @ParameterizedTest(name = "{0} over the limit")
    @ValueSource(strings = {"sku", "region", "size"})
    void refusesTextParametersLongerThanOneHundredCharacters(String field) {
        String tooLong = "X".repeat(101);
        String sku = uniqueSku("NONE");
        String path =
                switch (field) {
                    case "sku" -> "/api/prices/" + tooLong + "/history";
                    case "region" -> "/api/prices/" + sku + "/history?region=" + tooLong;
                    default -> "/api/prices/" + sku + "/history?size=" + tooLong;
                };

        ResponseEntity<String> response = get(path);
        ResponseEntity<String> longest = get(path.replace(tooLong, "X".repeat(100)));

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertProblem(response);
        assertThat(body(response).get("field").asString()).isEqualTo(field);
        assertThat(body(response).get("detail").asString()).contains("'" + field + "'");
        // 100 characters are accepted: the unknown sku is then a 404, not a 400
        assertThat(longest.getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void refusesAGarbageCursorAndAGiantLimitWithBadRequestNotServerError() {
        String sku = uniqueSku("PQ");
        insertLatest(sku, "STOCKX", "US", "v1", row -> {});
        insertHistory(sku, "STOCKX", "US", "v1", now().minus(Duration.ofHours(1)), "h1", row -> {});
        byte[] noise = new byte[600];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (byte) (i * 37 + 11);
        }
        String garbage = Base64.getUrlEncoder().withoutPadding().encodeToString(noise);
        String tooLong = "A".repeat(5000);
        String forged = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("1|-99999999999999999|x".getBytes(StandardCharsets.UTF_8));

        for (String query : List.of(
                "cursor=" + garbage,
                "cursor=" + tooLong,
                "cursor=" + forged,
                "cursor=%F0%9F%92%A5",
                "limit=2147483648",
                "limit=99999999999999999999999999",
                "limit=-2147483649")) {
            ResponseEntity<String> response = get("/api/prices/" + sku + "/history?" + query);

            assertThat(response.getStatusCode().value()).as(query).isEqualTo(400);
            assertProblem(response);
            assertThat(body(response).get("field").asString()).isEqualTo(query.substring(0, query.indexOf('=')));
        }
        assertThat(get("/api/prices/" + sku + "/history?limit=1000")
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "/api/prices/%27%3B%20DROP%20TABLE%20market.latest_prices%3B--",
                "/api/prices/%E2%82%AC%F0%9F%91%9F",
                "/api/prices/DD1391-100/history?size=%27%20OR%201%3D1--&region=%25",
                "/api/prices/DD1391-100/history?provider=%00",
                "/api/prices/DD1391-100/history?from=&to=&limit=&cursor=",
                "/api/prices/DD1391-100/history?to=9999-12-31T23:59:59Z",
                "/api/prices/DD1391-100/history?from=1900-01-01T00:00:00Z&to=1900-01-02T00:00:00Z",
                "/api/prices/DD1391-100/history?to=1900-01-01T00:00:00.000000001Z",
                "/api/prices/DD1391-100/history?from=2026-01-01T00:00:00.0000001Z&to=2026-01-01T00:00:00.0000002Z",
                "/api/prices/a%3Bb/history",
                "/api/latest-prices?sku=SKU&region=%E2%82",
            })
    void answersOddButHarmlessInputWithoutAServerError(String pathAndQuery) {
        ResponseEntity<String> response = get(pathAndQuery);

        assertThat(response.getStatusCode().is5xxServerError())
                .as("%s answered %s", pathAndQuery, response.getBody())
                .isFalse();
        if (response.getStatusCode().isError()) {
            assertProblem(response);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/prices/%FF/history", "/api/prices/%C3%28"})
    void refusesAPathThatIsNotUtf8WithBadRequest(String path) {
        // the servlet container refuses such a path before any controller sees it, with its own error page
        assertThat(get(path).getStatusCode().value()).isEqualTo(400);
    }

    private ResponseEntity<String> get(String pathAndQuery) {
        // a URI, not a template, so an already encoded query such as sku=%20 is sent as written
        return RestClient.create()
                .get()
                .uri(URI.create("http://localhost:" + port + pathAndQuery))
                .retrieve()
                .onStatus(HttpStatusCode::isError, (request, response) -> {})
                .toEntity(String.class);
    }

    private static JsonNode body(ResponseEntity<String> response) {
        return JSON.readTree(response.getBody());
    }

    private static void assertProblem(ResponseEntity<String> response) {
        assertThat(response.getHeaders().getContentType())
                .as("Content-Type of %s", response.getBody())
                .isNotNull();
        assertThat(response.getHeaders().getContentType().isCompatibleWith(PROBLEM))
                .as("Content-Type %s", response.getHeaders().getContentType())
                .isTrue();
    }

    private static List<String> values(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.get(field).asString()));
        return values;
    }

    /** Now at the database's microsecond precision, so timestamps read back compare equal. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private void insertLatest(
            String sku, String provider, String region, String variantKey, Consumer<Map<String, Object>> customize) {
        Instant at = now().minus(Duration.ofMinutes(5));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("provider", provider);
        row.put("sku", sku);
        row.put("variant_key", variantKey);
        row.put("region", region);
        row.put("provider_variant_id", "pv-" + variantKey);
        row.put("size", "10.5");
        row.put("size_system", "US_M");
        row.put("us_size", "10.5");
        row.put("condition", "NEW");
        row.put("packaging", "GOOD");
        row.put("fulfilment", "STANDARD");
        row.put("currency", "USD");
        row.put("lowest_ask", new BigDecimal("180.00"));
        row.put("highest_bid", new BigDecimal("150.00"));
        row.put("last_sale", new BigDecimal("171.00"));
        row.put("last_sale_at", at.minus(Duration.ofHours(1)));
        row.put("snapshot_id", String.join("|", provider, sku, variantKey, region, at.toString()));
        row.put("observed_at", at);
        row.put("verified_at", at);
        row.put("changed_at", at);
        customize.accept(row);
        insert("market.latest_prices", row);
    }

    private void insertHistory(
            String sku,
            String provider,
            String region,
            String variantKey,
            Instant observedAt,
            String snapshotId,
            Consumer<Map<String, Object>> customize) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("snapshot_id", snapshotId);
        row.put("request_id", "req-" + sku);
        row.put("provider", provider);
        row.put("sku", sku);
        row.put("provider_product_id", "prod-" + sku);
        row.put("variant_key", variantKey);
        row.put("provider_variant_id", "pv-" + variantKey);
        row.put("size", "10.5");
        row.put("size_system", "US_M");
        row.put("us_size", "10.5");
        row.put("condition", "NEW");
        row.put("packaging", "GOOD");
        row.put("fulfilment", "STANDARD");
        row.put("region", region);
        row.put("currency", "USD");
        row.put("lowest_ask", new BigDecimal("180.00"));
        row.put("highest_bid", new BigDecimal("150.00"));
        row.put("last_sale", new BigDecimal("171.00"));
        row.put("observed_at", observedAt);
        row.put("fetched_at", observedAt.plusMillis(250));
        customize.accept(row);
        ensureHistoryPartition(observedAt);
        insert("market.price_snapshots", row);
    }

    /** History is partitioned by month; the writer creates a month's partition before it stores a row in it. */
    private void ensureHistoryPartition(Instant observedAt) {
        jdbc.sql("SELECT market.ensure_history_partition(:at)")
                .param("at", observedAt.atOffset(ZoneOffset.UTC))
                .query(String.class)
                .single();
    }

    private void insert(String table, Map<String, Object> row) {
        Map<String, Object> params = new LinkedHashMap<>();
        row.forEach((column, value) ->
                params.put(column, value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : value));
        String columns = String.join(", ", row.keySet());
        String values = row.keySet().stream().map(c -> ":" + c).collect(Collectors.joining(", "));
        jdbc.sql("INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ")")
                .params(params)
                .update();
    }
}
