package com.marketsync.sim.stockx;

import static com.marketsync.sim.MutableClockConfiguration.START;
import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.sim.MutableClockConfiguration;
import com.marketsync.sim.StyleCodes;
import com.marketsync.testkit.MovableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/** The simulated StockX API over real HTTP, as an outside client sees it, on a hand-driven clock. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // a frozen clock puts every call into the same second; limits have their own test
        properties = {"market.sim.limits.stockx.per-second=0", "market.sim.limits.stockx.per-day=0"})
@Import(MutableClockConfiguration.class)
class StockxSimIT {

    static final String PANDA = "DD1391-100";
    static final Pattern WHOLE_POSITIVE_AMOUNT = Pattern.compile("[1-9][0-9]*");

    @LocalServerPort
    int port;

    @Autowired
    MovableClock clock;

    @Autowired
    ApplicationContext context;

    StockxHttp http;

    @BeforeEach
    void setUp() {
        clock.set(START);
        http = new StockxHttp(port, StockxLogin.refreshToken(context));
    }

    @Test
    void exposesHealthForReadinessChecks() {
        ResponseEntity<String> health = http.raw("/actuator/health");

        assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(health.getBody()).contains("\"status\":\"UP\"");
    }

    @Test
    void refusesCallsWithoutApiKey() {
        ResponseEntity<JsonNode> response = http.get(search(PANDA), null, http.token());

        assertPublicApiError(response, 401);
    }

    @Test
    void refusesUnknownPathsWithoutApiKeyAsUnauthorised() {
        ResponseEntity<JsonNode> response = http.get("/stockx/v2/no-such-endpoint", null, null);

        assertPublicApiError(response, 401);
    }

    @Test
    void answersUnknownPathsWithAPublicApiError() {
        assertPublicApiError(http.get("/stockx/v2/no-such-endpoint"), 404);
    }

    @Test
    void refusesCallsWithWrongApiKey() {
        ResponseEntity<JsonNode> response = http.get(search(PANDA), "not-the-key", http.token());

        assertPublicApiError(response, 401);
    }

    @Test
    void refusesCallsWithoutBearerToken() {
        ResponseEntity<JsonNode> response = http.get(search(PANDA), StockxHttp.API_KEY, null);

        assertPublicApiError(response, 401);
    }

    @Test
    void refusesBearerTokensItDidNotIssue() {
        ResponseEntity<JsonNode> response = http.get(search(PANDA), StockxHttp.API_KEY, "eyJhbGciOi.bogus.token");

        assertPublicApiError(response, 401);
    }

    @Test
    void grantsAccessTokenAndARotatedRefreshTokenForTheConfiguredOne() {
        // the only test in this context that spends the configured token, which is valid once per sim run
        ResponseEntity<JsonNode> response = http.tokenResponse("demo-client", "demo-secret", "demo-refresh-token");

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode body = response.getBody();
        assertThat(body.get("access_token").asString()).isNotBlank();
        assertThat(body.get("expires_in").asLong()).isEqualTo(3600);
        assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(body.get("refresh_token").asString()).isNotBlank().isNotEqualTo("demo-refresh-token");
        String token = body.get("access_token").asString();
        assertThat(http.get(search(PANDA), StockxHttp.API_KEY, token).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertInvalidGrant(http.tokenResponse("demo-client", "demo-secret", "demo-refresh-token"));
    }

    @Test
    void rotatesTheRefreshTokenOnEveryGrantAndRefusesARotatedOne() {
        String first = StockxLogin.refreshToken(context);

        ResponseEntity<JsonNode> grant = http.tokenResponse("demo-client", "demo-secret", first);
        String second = grant.getBody().get("refresh_token").asString();
        ResponseEntity<JsonNode> reuse = http.tokenResponse("demo-client", "demo-secret", first);
        ResponseEntity<JsonNode> next = http.tokenResponse("demo-client", "demo-secret", second);

        assertThat(grant.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(second).isNotEqualTo(first);
        assertInvalidGrant(reuse);
        assertThat(next.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(next.getBody().get("refresh_token").asString()).isNotIn(first, second);
        assertInvalidGrant(http.tokenResponse("demo-client", "demo-secret", second));
    }

    @Test
    void refusesWrongRefreshTokenAndWrongClientSecret() {
        ResponseEntity<JsonNode> wrongRefresh = http.tokenResponse("demo-client", "demo-secret", "stolen");
        ResponseEntity<JsonNode> wrongSecret =
                http.tokenResponse("demo-client", "guess", StockxLogin.refreshToken(context));

        assertInvalidGrant(wrongRefresh);
        assertThat(wrongSecret.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(wrongSecret.getBody().get("error").asString()).isEqualTo("invalid_client");
        assertThat(wrongSecret.getBody().has("access_token")).isFalse();
    }

    @Test
    void refusesAccessTokenOnceItsLifetimeHasPassed() {
        String token = http.token();
        clock.advance(Duration.ofMinutes(59));
        assertThat(http.get(search(PANDA), StockxHttp.API_KEY, token).getStatusCode())
                .isEqualTo(HttpStatus.OK);

        clock.advance(Duration.ofMinutes(1));

        assertPublicApiError(http.get(search(PANDA), StockxHttp.API_KEY, token), 401);
        assertThat(http.get(search(PANDA)).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void searchReturnsOneProductPerPageByDefault() {
        ResponseEntity<JsonNode> response = http.get(search(PANDA));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode body = response.getBody();
        assertThat(body.get("pageSize").asInt()).isEqualTo(1);
        assertThat(body.get("pageNumber").asInt()).isEqualTo(1);
        assertThat(body.get("count").asInt()).isGreaterThan(1);
        assertThat(body.get("hasNextPage").asBoolean()).isTrue();
        assertThat(body.get("products")).hasSize(1);
        JsonNode product = body.get("products").get(0);
        assertThat(product.propertyNames())
                .containsExactlyInAnyOrder(
                        "productId", "urlKey", "styleId", "productType", "title", "brand", "productAttributes");
        assertThat(product.get("productAttributes").propertyNames())
                .containsExactlyInAnyOrder("gender", "season", "releaseDate", "retailPrice", "colorway", "color");
        assertThat(product.get("productAttributes").get("retailPrice").isNumber())
                .isTrue();
        assertThat(UUID.fromString(product.get("productId").asString())).isNotNull();
    }

    @Test
    void styleCodeSearchIsFuzzyAndDoesNotPutTheExactMatchFirst() {
        JsonNode body = http.get(search(PANDA) + "&pageSize=50").getBody();

        List<String> styleIds = styleIds(body);
        assertThat(styleIds)
                .contains(PANDA, "DD1391-103", "DD1391-300", "CW1590-100", "DD1503-101")
                .doesNotHaveDuplicates();
        assertThat(styleIds.getFirst()).isNotEqualTo(PANDA);
        assertThat(body.get("count").asInt()).isEqualTo(styleIds.size());
        assertThat(body.get("hasNextPage").asBoolean()).isFalse();
    }

    @Test
    void pagesThroughSearchResultsWithoutOverlap() {
        JsonNode all = http.get(search(PANDA) + "&pageSize=50").getBody();
        List<String> paged = new ArrayList<>();
        JsonNode page;
        int pageNumber = 0;
        do {
            pageNumber++;
            page = http.get(search(PANDA) + "&pageSize=3&pageNumber=" + pageNumber)
                    .getBody();
            assertThat(page.get("products").size()).isLessThanOrEqualTo(3);
            paged.addAll(styleIds(page));
        } while (page.get("hasNextPage").asBoolean() && pageNumber < 20);

        assertThat(pageNumber).isGreaterThan(1);
        assertThat(paged).containsExactlyElementsOf(styleIds(all));
    }

    @Test
    void matchesStyleCodesAfterNormalising() {
        assertThat(styleIds(http.get(search("dd1391 100") + "&pageSize=50").getBody()))
                .contains(PANDA);
    }

    @Test
    void resolvesBothCatalogSkusOfACompoundStyleIdToOneProduct() {
        JsonNode viaNew =
                exactMatch(http.get(search("CW2288-111") + "&pageSize=50").getBody(), "CW2288111");
        JsonNode viaOld =
                exactMatch(http.get(search("315122-111") + "&pageSize=50").getBody(), "315122111");

        assertThat(viaNew.get("styleId").asString()).isEqualTo("315122-111/CW2288-111");
        assertThat(viaOld.get("productId").asString())
                .isEqualTo(viaNew.get("productId").asString());
    }

    @Test
    void unknownStyleCodeHasNoExactMatch() {
        ResponseEntity<JsonNode> response = http.get(search("DC7350-100") + "&pageSize=50");

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(styleIds(response.getBody()))
                .noneMatch(id -> StockxCatalog.styleCodes(id).contains("DC7350100"));
    }

    @Test
    void rejectsPageSizeAboveFifty() {
        assertPublicApiError(http.get(search(PANDA) + "&pageSize=51"), 400);
    }

    @Test
    void listsMensVariantsWithSizeCharts() {
        JsonNode variants = variants(PANDA);

        assertThat(variants).hasSize(13);
        JsonNode first = variants.get(0);
        assertThat(first.propertyNames())
                .containsExactlyInAnyOrder(
                        "productId",
                        "variantId",
                        "variantName",
                        "variantValue",
                        "sizeChart",
                        "gtins",
                        "isFlexEligible",
                        "isDirectEligible");
        assertThat(first.get("variantValue").asString()).isEqualTo("7");
        assertThat(first.at("/sizeChart/defaultConversion/type").asString()).isEqualTo("us m");
        assertThat(first.at("/sizeChart/defaultConversion/size").asString()).isEqualTo("7");
        assertThat(first.at("/sizeChart/availableConversions")).isNotEmpty();
        assertThat(first.at("/gtins/0/type").asString()).isEqualTo("UPC");
        assertThat(variants.get(12).get("variantValue").asString()).isEqualTo("13");
    }

    @Test
    void womensProductsUseWomensSizes() {
        JsonNode variants = variants("DD1503-101");

        List<String> values = new ArrayList<>();
        variants.forEach(v -> {
            assertThat(v.at("/sizeChart/defaultConversion/type").asString()).isEqualTo("us w");
            values.add(v.get("variantValue").asString());
        });
        assertThat(values).contains("6.5W").allMatch(v -> v.endsWith("W"));
    }

    @Test
    void gradeSchoolProductsUseYouthSizes() {
        JsonNode variants = variants("CW1590-100");

        assertThat(variants.get(0).at("/sizeChart/defaultConversion/type").asString())
                .isEqualTo("us y");
        assertThat(variants.get(0).get("variantValue").asString()).isEqualTo("3.5Y");
    }

    @Test
    void marketDataAmountsAreWholeNumberStringsOrNull() {
        String productId = productId(PANDA);
        JsonNode market = http.get(marketData(productId, "USD")).getBody();

        assertThat(market).hasSize(13);
        Set<String> amounts = Set.of(
                "lowestAskAmount", "highestBidAmount", "sellFasterAmount", "earnMoreAmount", "flexLowestAskAmount");
        Set<String> subAmounts = Set.of("lowestAsk", "highestBidAmount", "sellFaster", "earnMore", "beatUS");
        int present = 0;
        for (JsonNode row : market) {
            assertThat(row.get("productId").asString()).isEqualTo(productId);
            assertThat(row.get("currencyCode").asString()).isEqualTo("USD");
            for (String field : amounts) {
                present += assertAmount(row, field);
            }
            for (String sub : List.of("standardMarketData", "flexMarketData", "directMarketData")) {
                for (String field : subAmounts) {
                    present += assertAmount(row.get(sub), field);
                }
            }
        }
        assertThat(present).isGreaterThan(13 * 4);
    }

    @Test
    void reportsMissingAsksAndBidsAsNullAcrossTheCatalog() {
        boolean sawMissingBid = false;
        boolean sawMissingAsk = false;
        for (String sku : List.of(PANDA, "DD1391-103", "555088-134", "CT8012-170", "GW2871", "DZ5485-612")) {
            for (JsonNode row : http.get(marketData(productId(sku), "USD")).getBody()) {
                assertThat(row.has("highestBidAmount")).isTrue();
                assertThat(row.has("lowestAskAmount")).isTrue();
                sawMissingBid |= row.get("highestBidAmount").isNull();
                sawMissingAsk |= row.get("lowestAskAmount").isNull();
            }
        }
        assertThat(sawMissingBid).isTrue();
        assertThat(sawMissingAsk).isTrue();
    }

    @Test
    void convertsMarketDataToTheRequestedCurrency() {
        String productId = productId(PANDA);
        JsonNode usd = http.get(marketData(productId, "USD")).getBody();
        JsonNode jpy = http.get(marketData(productId, "JPY")).getBody();

        assertThat(jpy.get(0).get("currencyCode").asString()).isEqualTo("JPY");
        long usdEarnMore = Long.parseLong(usd.get(0).get("earnMoreAmount").asString());
        long jpyEarnMore = Long.parseLong(jpy.get(0).get("earnMoreAmount").asString());
        assertThat(jpyEarnMore).isBetween((usdEarnMore - 1) * 151, (usdEarnMore + 1) * 151);
    }

    @Test
    void servesOneVariantsMarketDataAndRefusesVariantsOfOtherProducts() {
        String productId = productId(PANDA);
        JsonNode all = http.get(marketData(productId, "EUR")).getBody();
        String variantId = all.get(4).get("variantId").asString();
        String otherVariantId = variants("DD1391-103").get(0).get("variantId").asString();

        JsonNode one = http.get("/stockx/v2/catalog/products/" + productId + "/variants/" + variantId
                        + "/market-data?currencyCode=EUR")
                .getBody();
        ResponseEntity<JsonNode> foreign =
                http.get("/stockx/v2/catalog/products/" + productId + "/variants/" + otherVariantId + "/market-data");

        assertThat(one).isEqualTo(all.get(4));
        assertPublicApiError(foreign, 400);
    }

    @Test
    void rejectsUnsupportedCurrency() {
        assertPublicApiError(http.get(marketData(productId(PANDA), "BRL")), 400);
    }

    @Test
    void answersNotFoundForUnknownProducts() {
        String unknown = UUID.randomUUID().toString();

        assertPublicApiError(http.get("/stockx/v2/catalog/products/" + unknown + "/variants"), 404);
        assertPublicApiError(http.get(marketData(unknown, "USD")), 404);
        // a style code where a productId belongs is a classic client bug; StockX answers 404
        assertPublicApiError(http.get("/stockx/v2/catalog/products/" + PANDA + "/variants"), 404);
    }

    @Test
    void pricesAreStableWithinABucketAndDriftAcrossBuckets() {
        String path = marketData(productId(PANDA), "USD");
        JsonNode first = http.get(path).getBody();

        assertThat(http.get(path).getBody()).isEqualTo(first);
        clock.advance(Duration.ofMinutes(4));
        assertThat(http.get(path).getBody()).isEqualTo(first);

        clock.advance(Duration.ofMinutes(1));
        assertThat(http.get(path).getBody()).isNotEqualTo(first);
    }

    private static String search(String query) {
        return "/stockx/v2/catalog/search?query=" + query;
    }

    private static String marketData(String productId, String currency) {
        return "/stockx/v2/catalog/products/" + productId + "/market-data?currencyCode=" + currency;
    }

    private JsonNode variants(String styleId) {
        ResponseEntity<JsonNode> response = http.get("/stockx/v2/catalog/products/" + productId(styleId) + "/variants");
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    private String productId(String styleId) {
        JsonNode body = http.get(search(styleId) + "&pageSize=50").getBody();
        return exactMatch(body, StyleCodes.normalise(styleId)).get("productId").asString();
    }

    private static JsonNode exactMatch(JsonNode searchBody, String normalisedCode) {
        List<JsonNode> matches = new ArrayList<>();
        searchBody.get("products").forEach(p -> {
            if (StockxCatalog.styleCodes(p.get("styleId").asString()).contains(normalisedCode)) {
                matches.add(p);
            }
        });
        assertThat(matches).hasSize(1);
        return matches.getFirst();
    }

    private static List<String> styleIds(JsonNode searchBody) {
        List<String> ids = new ArrayList<>();
        searchBody.get("products").forEach(p -> ids.add(p.get("styleId").asString()));
        return ids;
    }

    /** Asserts the StockX amount rule and returns 1 if an amount is present. */
    private static int assertAmount(JsonNode node, String field) {
        assertThat(node.has(field)).as(field + " is always present").isTrue();
        JsonNode value = node.get(field);
        if (value.isNull()) {
            return 0;
        }
        assertThat(value.isString()).as(field + " is a JSON string").isTrue();
        assertThat(value.asString()).as(field).matches(WHOLE_POSITIVE_AMOUNT);
        return 1;
    }

    /** Auth0's answer to an unknown or already rotated refresh token. */
    private static void assertInvalidGrant(ResponseEntity<JsonNode> response) {
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(response.getBody().propertyNames()).containsExactlyInAnyOrder("error", "error_description");
        assertThat(response.getBody().get("error").asString()).isEqualTo("invalid_grant");
        assertThat(response.getBody().get("error_description").asString())
                .isEqualTo("Unknown or invalid refresh token.");
    }

    private static void assertPublicApiError(ResponseEntity<JsonNode> response, int status) {
        assertThat(response.getStatusCode().value()).isEqualTo(status);
        assertThat(response.getBody().get("statusCode").asInt()).isEqualTo(status);
        assertThat(response.getBody().get("message").asString()).isNotBlank();
    }
}
