package com.marketsync.fetcher.stockx;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.junit.Stubbing;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Serves the StockX v2 JSON shapes of PROVIDERS.md §1 from a WireMock server, under the simulator's paths. */
final class StockxApiStub {

    static final String API = "/stockx/v2";
    static final String TOKEN = "/stockx/oauth/token";
    static final String API_KEY = "test-api-key";

    private final Stubbing server;
    private final String serverUrl;

    StockxApiStub(Stubbing server, String serverUrl) {
        this.server = server;
        this.serverUrl = serverUrl;
    }

    String baseUrl() {
        return serverUrl + API;
    }

    String tokenUrl() {
        return serverUrl + TOKEN;
    }

    /** StockX API calls the server has seen so far; token refreshes are not API calls. */
    int apiCalls() {
        return server.findAll(anyRequestedFor(urlPathMatching(API + "/.*"))).size();
    }

    /** A budget that counts spends against the API calls this server sees. */
    CountingCalls countingCalls() {
        return new CountingCalls(this::apiCalls);
    }

    /** A token endpoint that hands out the same access token to every account and does not rotate. */
    void token(String accessToken, long expiresIn) {
        server.stubFor(post(urlPathEqualTo(TOKEN))
                .willReturn(okJson("{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\","
                        + "\"expires_in\":" + expiresIn + ",\"scope\":\"offline_access openid\"}")));
    }

    /** A search with a single page of results. */
    void search(String query, String... products) {
        searchPage(query, 1, false, products);
    }

    /** One page of search results, matched on the query and the page number. */
    void searchPage(String query, int pageNumber, boolean hasNextPage, String... products) {
        server.stubFor(get(urlPathEqualTo(API + "/catalog/search"))
                .withQueryParam("query", equalTo(query))
                .withQueryParam("pageNumber", equalTo(Integer.toString(pageNumber)))
                .willReturn(okJson("{\"count\":" + products.length + ",\"pageSize\":50,\"pageNumber\":"
                        + pageNumber + ",\"hasNextPage\":" + hasNextPage + ",\"products\":["
                        + String.join(",", products) + "]}")));
    }

    void variants(String productId, String... variants) {
        server.stubFor(get(urlPathEqualTo(API + "/catalog/products/" + productId + "/variants"))
                .willReturn(okJson("[" + String.join(",", variants) + "]")));
    }

    void marketData(String productId, String currency, String... entries) {
        server.stubFor(get(urlPathEqualTo(API + "/catalog/products/" + productId + "/market-data"))
                .withQueryParam("currencyCode", equalTo(currency))
                .willReturn(okJson("[" + String.join(",", entries) + "]")));
    }

    /**
     * Answers the product's market data with a 429 carrying {@code Retry-After} once, then like
     * {@link #marketData}; StockX documents no such header, the simulator's fault injection sends one.
     */
    void marketDataRateLimitedOnce(String productId, int retryAfterSeconds, String... entries) {
        String path = API + "/catalog/products/" + productId + "/market-data";
        server.stubFor(get(urlPathEqualTo(path))
                .inScenario(productId)
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Retry-After", String.valueOf(retryAfterSeconds))
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"statusCode\":429,\"message\":\"Too Many Requests\"}"))
                .willSetStateTo("answered"));
        server.stubFor(get(urlPathEqualTo(path))
                .inScenario(productId)
                .whenScenarioStateIs("answered")
                .willReturn(okJson("[" + String.join(",", entries) + "]")));
    }

    void productGone(String productId) {
        server.stubFor(get(urlPathEqualTo(API + "/catalog/products/" + productId + "/variants"))
                .willReturn(aResponse()
                        .withStatus(404)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"statusCode\":404,\"message\":\"Product not found\"}")));
        server.stubFor(get(urlPathEqualTo(API + "/catalog/products/" + productId + "/market-data"))
                .willReturn(aResponse()
                        .withStatus(404)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"statusCode\":404,\"message\":\"Product not found\"}")));
    }

    static String product(String productId, String styleId) {
        return """
                {"productId":"%s","urlKey":"key-%s","styleId":%s,"productType":"sneakers",
                 "title":"Nike Dunk Low","brand":"Nike","futureField":{"x":1},
                 "productAttributes":{"gender":"men","season":null,"releaseDate":"2021-03-10",
                                      "retailPrice":110,"colorway":"White/Black","color":null}}""".formatted(productId, productId, styleId == null ? "null" : "\"" + styleId + "\"");
    }

    static String variant(String productId, String variantId, String value, String type) {
        return """
                {"productId":"%s","variantId":"%s","variantName":"DD1391-100-%s","variantValue":"%s",
                 "sizeChart":{"defaultConversion":{"size":"%s","type":"%s"},
                              "availableConversions":[{"size":"UK 9.5","type":"uk"},{"size":"EU 44.5","type":"eu"}]},
                 "gtins":[{"identifier":"195866000000","type":"UPC"}],"isFlexEligible":true,"isDirectEligible":false}""".formatted(productId, variantId, value, value, value, type);
    }

    /**
     * One market-data entry; amounts are raw JSON ({@code "\"150\""}, {@code "99"}, {@code "null"}) in the order
     * lowestAsk, highestBid, sellFaster, earnMore, flexLowestAsk, beatUS, directLowestAsk.
     */
    static String market(String productId, String variantId, String currency, String... amounts) {
        String[] a = Arrays.copyOf(amounts, 7);
        for (int i = 0; i < a.length; i++) {
            a[i] = a[i] == null ? "null" : a[i];
        }
        return """
                {"productId":"%s","variantId":"%s","currencyCode":"%s",
                 "lowestAskAmount":%s,"highestBidAmount":%s,"sellFasterAmount":%s,"earnMoreAmount":%s,
                 "flexLowestAskAmount":%s,
                 "standardMarketData":{"lowestAsk":%s,"highestBidAmount":%s,"sellFaster":%s,"earnMore":%s,"beatUS":%s},
                 "flexMarketData":{"lowestAsk":%s,"highestBidAmount":null,"sellFaster":null,"earnMore":null,"beatUS":null},
                 "directMarketData":{"lowestAsk":%s,"highestBidAmount":null,"sellFaster":null,"earnMore":null,"beatUS":null}}""".formatted(
                productId, variantId, currency, a[0], a[1], a[2], a[3], a[4], a[0], a[1], a[2], a[3], a[5], a[4], a[6]);
    }

    static String quoted(String... values) {
        return Arrays.stream(values).map(v -> "\"" + v + "\"").collect(Collectors.joining(","));
    }
}
