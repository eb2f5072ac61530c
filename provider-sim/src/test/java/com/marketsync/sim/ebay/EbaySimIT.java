package com.marketsync.sim.ebay;

import static com.marketsync.sim.MutableClockConfiguration.START;
import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.sim.MutableClockConfiguration;
import com.marketsync.sim.SimHttp;
import com.marketsync.testkit.MovableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/** The simulated eBay token endpoint, Browse search and rate-limit report over real HTTP, on a hand-driven clock. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"market.sim.limits.ebay.per-second=0", "market.sim.limits.ebay.per-day=5000"})
@Import(MutableClockConfiguration.class)
class EbaySimIT {

    static final String SEARCH = "/item_summary/search?q=DD1391-100";
    static final String MONEY = "[0-9]+\\.[0-9]{2}";

    @LocalServerPort
    int port;

    @Autowired
    MovableClock clock;

    SimHttp http;
    String token;

    @BeforeEach
    void setUp() {
        clock.set(START);
        http = new SimHttp(port);
        token = http.ebayToken();
    }

    @Test
    void grantsAnApplicationTokenForTheClientCredentials() {
        ResponseEntity<JsonNode> response = http.ebayTokenResponse(
                SimHttp.EBAY_CLIENT_ID,
                SimHttp.EBAY_CLIENT_SECRET,
                Map.of("grant_type", "client_credentials", "scope", SimHttp.EBAY_SCOPE));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode body = response.getBody();
        assertThat(body.propertyNames())
                .containsExactlyInAnyOrder("access_token", "expires_in", "refresh_token", "token_type");
        assertThat(body.get("access_token").asString()).startsWith("v^1.1#");
        assertThat(body.get("expires_in").asInt()).isEqualTo(7200);
        assertThat(body.get("refresh_token").asString()).isEqualTo("N/A");
        assertThat(body.get("token_type").asString()).isEqualTo("Application Access Token");
    }

    @Test
    void refusesBadClientsGrantsAndScopes() {
        Map<String, String> form = Map.of("grant_type", "client_credentials", "scope", SimHttp.EBAY_SCOPE);

        assertOauthError(http.ebayTokenResponse(SimHttp.EBAY_CLIENT_ID, "guess", form), 401, "invalid_client");
        assertOauthError(http.postForm("/ebay/identity/v1/oauth2/token", form, Map.of()), 401, "invalid_client");
        assertOauthError(
                http.ebayTokenResponse(
                        SimHttp.EBAY_CLIENT_ID,
                        SimHttp.EBAY_CLIENT_SECRET,
                        Map.of("grant_type", "authorization_code", "scope", SimHttp.EBAY_SCOPE)),
                400,
                "unsupported_grant_type");
        assertOauthError(
                http.ebayTokenResponse(
                        SimHttp.EBAY_CLIENT_ID,
                        SimHttp.EBAY_CLIENT_SECRET,
                        Map.of(
                                "grant_type",
                                "client_credentials",
                                "scope",
                                "https://api.ebay.com/oauth/api_scope/sell")),
                400,
                "invalid_scope");
    }

    @Test
    void refusesSearchesWithoutAValidToken() {
        assertEbayError(http.get("/ebay/buy/browse/v1" + SEARCH, Map.of()), 403, 1100, "ACCESS");
        assertEbayError(http.ebay(SEARCH, "v^1.1#forged"), 401, 1001, "OAuth");
        assertThat(http.ebay(SEARCH, token).getStatusCode()).isEqualTo(HttpStatus.OK);

        clock.advance(Duration.ofHours(2));

        ResponseEntity<JsonNode> expired = http.ebay(SEARCH, token);
        assertEbayError(expired, 401, 1001, "OAuth");
        assertThat(expired.getBody().at("/errors/0/message").asString()).isEqualTo("Invalid access token");
    }

    @Test
    void answersASearchPagedCollectionWithDecimalPrices() {
        JsonNode body = http.ebay(SEARCH, token).getBody();

        assertThat(body.propertyNames()).contains("href", "total", "limit", "offset", "itemSummaries");
        assertThat(body.get("limit").asInt()).isEqualTo(50);
        assertThat(body.get("itemSummaries").size())
                .isEqualTo(Math.min(50, body.get("total").asInt()));
        for (JsonNode item : body.get("itemSummaries")) {
            assertThat(item.propertyNames())
                    .contains(
                            "itemId",
                            "legacyItemId",
                            "title",
                            "price",
                            "buyingOptions",
                            "condition",
                            "conditionId",
                            "shippingOptions",
                            "itemLocation",
                            "itemWebUrl",
                            "itemCreationDate",
                            "categories");
            assertThat(item.at("/price/value").asString()).matches(MONEY);
            assertThat(item.at("/price/currency").asString()).isEqualTo("USD");
            assertThat(item.at("/shippingOptions/0/shippingCost/value").asString())
                    .matches(MONEY);
            assertThat(item.at("/shippingOptions/0/shippingCostType").asString())
                    .isEqualTo("FIXED");
            assertThat(item.get("itemId").asString())
                    .isEqualTo("v1|" + item.get("legacyItemId").asString() + "|0");
            assertThat(item.get("itemWebUrl").asString()).startsWith("https://www.ebay.com/itm/");
            assertThat(item.get("itemCreationDate").asString())
                    .matches("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z");
        }
    }

    @Test
    void theMarketplaceHeaderPicksListingsAndCurrencyAndDefaultsToTheUs() {
        assertThat(currencies(search(SEARCH, "EBAY_GB"))).containsOnly("GBP");
        assertThat(currencies(search(SEARCH, "EBAY_DE"))).containsOnly("EUR");
        assertThat(currencies(search(SEARCH, null))).containsOnly("USD");
        assertThat(search(SEARCH, "EBAY_MARS")).isEqualTo(search(SEARCH, "EBAY_US"));
        assertThat(itemIds(search(SEARCH, "EBAY_GB"))).doesNotContainAnyElementsOf(itemIds(search(SEARCH, null)));
    }

    @Test
    void returnsTheNoiseACorrectClientMustDrop() {
        JsonNode body = http.ebay(SEARCH + "&limit=200", token).getBody();

        List<String> titles = new ArrayList<>();
        body.get("itemSummaries").forEach(i -> titles.add(i.get("title").asString()));
        assertThat(titles)
                .anyMatch(t -> t.contains("DD1391-100"))
                .anyMatch(t -> t.contains("DD1391-103"))
                .anyMatch(t -> t.contains("CW1590-100") || t.contains("CW1590 100") || t.contains("CW1590100"))
                .anyMatch(t -> t.startsWith("Nike Dunk Low Retro White Black Panda") && !t.contains("DD1391"));
        assertThat(body.get("itemSummaries"))
                .anyMatch(i -> i.get("conditionId").asString().equals("3000"))
                .anyMatch(i ->
                        i.at("/shippingOptions/0/shippingCost/value").asString().equals("0.00"))
                .anyMatch(i -> !i.at("/shippingOptions/0/shippingCost/value")
                        .asString()
                        .equals("0.00"))
                .noneMatch(i -> i.get("buyingOptions").toString().equals("[\"AUCTION\"]"));
    }

    @Test
    void listsAWomensSkuInTheWomensCategoryAndAGradeSchoolSkuInTheKidsCategory() {
        String newFixedPrice = "&limit=200&filter=conditionIds:{1000},buyingOptions:{FIXED_PRICE}";
        JsonNode womens = http.ebay("/item_summary/search?q=DD1503-101&category_ids=95672" + newFixedPrice, token)
                .getBody();
        JsonNode mens = http.ebay("/item_summary/search?q=DD1503-101&category_ids=15709" + newFixedPrice, token)
                .getBody();
        JsonNode gradeSchool = http.ebay(
                        "/item_summary/search?q=CW1590-100&category_ids=57929&aspect_filter=categoryId:57929,"
                                + "Department:{Boys}"
                                + newFixedPrice,
                        token)
                .getBody();

        assertThat(womens.get("itemSummaries"))
                .anyMatch(i -> i.get("title").asString().contains("DD1503-101"))
                .allSatisfy(i -> {
                    assertThat(i.at("/leafCategoryIds/0").asString()).isEqualTo("95672");
                    assertThat(i.at("/categories/1/categoryName").asString()).isEqualTo("Women's Shoes");
                });
        // Like eBay, the men's category has related shoes but no listing of the women's sku.
        assertThat(mens.get("itemSummaries"))
                .noneMatch(i -> i.get("title").asString().contains("DD1503-101"));
        assertThat(gradeSchool.get("itemSummaries"))
                .anyMatch(i -> i.get("title").asString().contains("CW1590-100"))
                .allSatisfy(
                        i -> assertThat(i.at("/leafCategoryIds/0").asString()).isEqualTo("57929"));
    }

    @Test
    void auctionsComeBackOnlyWhenAskedForAndArePricedAtTheStartingBid() {
        JsonNode body = http.ebay(SEARCH + "&limit=200&filter=buyingOptions:{AUCTION}", token)
                .getBody();

        List<JsonNode> auctions = new ArrayList<>();
        body.get("itemSummaries").forEach(auctions::add);
        assertThat(auctions)
                .isNotEmpty()
                .allMatch(i -> i.get("buyingOptions").toString().contains("AUCTION"));
        JsonNode pure = auctions.stream()
                .filter(i -> i.get("buyingOptions").size() == 1)
                .findFirst()
                .orElseThrow();
        assertThat(pure.at("/currentBidPrice/value").asString()).matches(MONEY);
        assertThat(Double.parseDouble(pure.at("/currentBidPrice/value").asString()))
                .isGreaterThanOrEqualTo(
                        Double.parseDouble(pure.at("/price/value").asString()));
        assertThat(pure.has("bidCount")).isTrue();
        assertThat(pure.get("itemEndDate").asString()).endsWith("Z");
    }

    @Test
    void appliesConditionAndPriceFiltersAndWarnsAboutAnInvalidValue() {
        JsonNode newOnly = http.ebay(SEARCH + "&limit=200&filter=conditionIds:{1000}", token)
                .getBody();
        JsonNode priced = http.ebay(SEARCH + "&limit=200&filter=price:[150..250],priceCurrency:USD", token)
                .getBody();
        JsonNode invalid = http.ebay(SEARCH + "&limit=200&filter=conditionIds:{NEW}", token)
                .getBody();

        assertThat(newOnly.get("itemSummaries"))
                .allMatch(i -> i.get("conditionId").asString().equals("1000"));
        assertThat(priced.get("itemSummaries")).isNotEmpty().allMatch(i -> {
            double value = Double.parseDouble(i.at("/price/value").asString());
            return value >= 150 && value <= 250;
        });
        assertThat(priced.has("warnings")).isFalse();
        assertThat(invalid.at("/warnings/0/errorId").asInt()).isEqualTo(12002);
        assertThat(invalid.at("/warnings/0/parameters/0/value").asString()).isEqualTo("conditionIds");
        // the filter was ignored, so the rows are unfiltered
        assertThat(invalid.get("total").asInt())
                .isEqualTo(http.ebay(SEARCH, token).getBody().get("total").asInt());
    }

    @Test
    void pagesWithNextLinksWithoutOverlap() {
        JsonNode all = http.ebay(SEARCH + "&limit=200", token).getBody();
        List<String> paged = new ArrayList<>();
        JsonNode page = http.ebay(SEARCH + "&limit=20", token).getBody();
        assertThat(page.has("prev")).isFalse();
        int pages = 1;
        paged.addAll(itemIds(page));
        while (page.has("next") && pages < 20) {
            String next = page.get("next").asString();
            assertThat(next).contains("limit=20").contains("offset=" + pages * 20);
            page = http.get(next, Map.of(HttpHeaders.AUTHORIZATION, "Bearer " + token))
                    .getBody();
            assertThat(page.get("prev").asString()).contains("offset=" + (pages - 1) * 20);
            paged.addAll(itemIds(page));
            pages++;
        }

        assertThat(pages).isGreaterThan(2);
        assertThat(paged).containsExactlyElementsOf(itemIds(all));
        assertThat(all.get("total").asInt()).isEqualTo(paged.size());
    }

    @Test
    void refusesBadPagingAndASearchWithoutKeywordsOrCategory() {
        assertEbayError(http.ebay(SEARCH + "&limit=201", token), 400, 12006, "API_BROWSE");
        assertEbayError(http.ebay(SEARCH + "&limit=ten", token), 400, 12007, "API_BROWSE");
        assertEbayError(http.ebay(SEARCH + "&offset=-50", token), 400, 12004, "API_BROWSE");
        assertEbayError(http.ebay(SEARCH + "&offset=10000", token), 400, 12029, "API_BROWSE");
        assertEbayError(http.ebay(SEARCH + "&offset=7", token), 400, 12515, "API_BROWSE");
        assertEbayError(http.ebay("/item_summary/search?limit=10", token), 400, 12001, "API_BROWSE");
        assertEbayError(http.ebay("/item/v1|1|0", token), 404, 2002, "ACCESS");
    }

    @Test
    void theMistypedSkuFindsNoListings() {
        JsonNode body = http.ebay("/item_summary/search?q=DC7350-100", token).getBody();

        assertThat(body.get("total").asInt()).isZero();
        assertThat(body.has("itemSummaries")).isFalse();
    }

    @Test
    void reportsTheDailyQuotaOfTheClientLikeTheAnalyticsApi() {
        String path = "/ebay/developer/analytics/v1_beta/rate_limit/?api_context=buy&api_name=browse";
        Map<String, String> auth = Map.of(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        int before = dailyCount(http.get(path, auth).getBody());

        http.ebay(SEARCH, token);
        JsonNode after = http.get(path, auth).getBody();

        assertThat(after.at("/rateLimits/0/apiContext").asString()).isEqualTo("buy");
        assertThat(after.at("/rateLimits/0/apiName").asString()).isEqualTo("browse");
        JsonNode daily = after.at("/rateLimits/0/resources/0/rates/0");
        assertThat(daily.propertyNames())
                .containsExactlyInAnyOrder("count", "limit", "remaining", "reset", "timeWindow");
        assertThat(daily.get("limit").asInt()).isEqualTo(5000);
        assertThat(daily.get("timeWindow").asLong()).isEqualTo(86_400);
        // the analytics calls themselves are not browse calls
        assertThat(daily.get("count").asInt()).isEqualTo(before + 1);
        assertThat(daily.get("remaining").asInt()).isEqualTo(5000 - before - 1);
        assertThat(http.get(path.replace("rate_limit/", "rate_limit"), auth).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(http.get(path, Map.of()).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    private JsonNode search(String pathAndQuery, String marketplace) {
        Map<String, String> headers = marketplace == null
                ? Map.of(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                : Map.of(HttpHeaders.AUTHORIZATION, "Bearer " + token, "X-EBAY-C-MARKETPLACE-ID", marketplace);
        ResponseEntity<JsonNode> response = http.get("/ebay/buy/browse/v1" + pathAndQuery, headers);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    private static int dailyCount(JsonNode rateLimits) {
        return rateLimits.at("/rateLimits/0/resources/0/rates/0/count").asInt();
    }

    private static List<String> currencies(JsonNode body) {
        List<String> currencies = new ArrayList<>();
        body.get("itemSummaries")
                .forEach(i -> currencies.add(i.at("/price/currency").asString()));
        return currencies;
    }

    private static List<String> itemIds(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.get("itemSummaries").forEach(i -> ids.add(i.get("itemId").asString()));
        return ids;
    }

    private static void assertOauthError(ResponseEntity<JsonNode> response, int status, String error) {
        assertThat(response.getStatusCode().value()).isEqualTo(status);
        assertThat(response.getBody().propertyNames()).containsExactlyInAnyOrder("error", "error_description");
        assertThat(response.getBody().get("error").asString()).isEqualTo(error);
    }

    static void assertEbayError(ResponseEntity<JsonNode> response, int status, int errorId, String domain) {
        assertThat(response.getStatusCode().value()).isEqualTo(status);
        JsonNode errors = response.getBody().get("errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).get("errorId").asInt()).isEqualTo(errorId);
        assertThat(errors.get(0).get("domain").asString()).isEqualTo(domain);
        assertThat(errors.get(0).get("category").asString()).isEqualTo("REQUEST");
        assertThat(errors.get(0).get("message").asString()).isNotBlank();
    }
}
