package com.marketsync.fetcher.ebay;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.marketsync.fetcher.ebay.EbayApiStub.SEARCH;
import static com.marketsync.fetcher.ebay.EbayApiStub.TOKEN;
import static com.marketsync.fetcher.ebay.EbayApiStub.golden;
import static com.marketsync.fetcher.ebay.EbayApiStub.json;
import static com.marketsync.fetcher.ebay.EbayApiStub.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.Provider;
import com.marketsync.events.SizeSystem;
import com.marketsync.fetcher.core.CallRefusedException;
import com.marketsync.fetcher.core.FetchResult;
import com.marketsync.testkit.MovableClock;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The eBay fetcher against a WireMock eBay: request shape, token use, budget spending and every answer class. */
class EbayFetcherTest {

    @RegisterExtension
    static WireMockExtension wireMock = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final EbayApiStub ebay = new EbayApiStub(wireMock);
    private final CountingCalls calls = CountingCalls.unlimited();

    private EbayFetcher fetcher() {
        return fetcher(1);
    }

    private EbayFetcher fetcher(int searchesPerRequest) {
        return EbayApiStub.wire(ebay.properties(Duration.ofSeconds(10), searchesPerRequest), clock)
                .fetcher();
    }

    @Test
    void servesTheEbayProvider() {
        assertThat(fetcher().provider()).isEqualTo(Provider.EBAY);
    }

    @Test
    void searchesTheMensCategoryForNewFixedPriceListingsWithTokenAndMarketplaceHeader() {
        ebay.token("token-1", 7200);
        ebay.search(golden(200, Golden.SEARCH));

        FetchResult result = fetcher().fetch(request("US"), calls);

        assertThat(result)
                .isInstanceOfSatisfying(FetchResult.Succeeded.class, succeeded -> assertThat(succeeded.snapshots())
                        .extracting(snapshot -> snapshot.getVariant().getSize())
                        .containsExactly("9", "10.5", "12"));
        wireMock.verify(getRequestedFor(urlPathEqualTo(SEARCH))
                .withQueryParam("q", equalTo("DD1391-100"))
                .withQueryParam("category_ids", equalTo("15709"))
                .withQueryParam("filter", equalTo("conditionIds:{1000},buyingOptions:{FIXED_PRICE}"))
                .withQueryParam("sort", equalTo("price"))
                .withQueryParam("limit", equalTo("200"))
                .withHeader("Authorization", equalTo("Bearer token-1"))
                .withHeader("X-EBAY-C-MARKETPLACE-ID", equalTo("EBAY_US")));
        assertThat(calls.spent()).isEqualTo(1);
    }

    @Test
    void alwaysSendsTheMarketplaceOfTheRequestedRegion() {
        ebay.token("token-1", 7200);
        ebay.search(json(200, EbayApiStub.emptyPage()));
        EbayFetcher fetcher = fetcher();

        fetcher.fetch(request("US"), calls);
        fetcher.fetch(request("gb"), calls);
        fetcher.fetch(request("DE"), calls);

        List<String> marketplaces = wireMock.findAll(getRequestedFor(urlPathEqualTo(SEARCH))).stream()
                .map(sent -> sent.getHeader("X-EBAY-C-MARKETPLACE-ID"))
                .toList();
        assertThat(marketplaces).containsExactly("EBAY_US", "EBAY_GB", "EBAY_DE");
    }

    @Test
    void reusesOneTokenForManyRequestsAndNeverSpendsTheBudgetOnIt() {
        ebay.token("token-1", 7200);
        ebay.search(json(200, EbayApiStub.emptyPage()));
        EbayFetcher fetcher = fetcher();

        for (int i = 0; i < 5; i++) {
            fetcher.fetch(request("US"), calls);
        }

        assertThat(ebay.tokenCalls()).isEqualTo(1);
        assertThat(ebay.searchCalls()).isEqualTo(5);
        assertThat(calls.spent()).isEqualTo(5);
    }

    @Test
    void parallelRequestsShareOneTokenMint() throws Exception {
        wireMock.stubFor(post(urlPathEqualTo(TOKEN))
                .willReturn(json(200, "{\"access_token\":\"shared\",\"expires_in\":7200}")
                        .withFixedDelay(500)));
        ebay.search(golden(200, Golden.SEARCH));
        EbayFetcher fetcher = fetcher();
        int parallel = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<FetchResult>> results = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                String requestId = "req-" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return fetcher.fetch(request(requestId, "DD1391-100", "US", null), calls);
                }));
            }
            start.countDown();
            for (Future<FetchResult> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).isInstanceOf(FetchResult.Succeeded.class);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ebay.tokenCalls()).isEqualTo(1);
        assertThat(ebay.searchCalls()).isEqualTo(parallel);
        assertThat(calls.spent()).isEqualTo(parallel);
        wireMock.verify(
                parallel,
                getRequestedFor(urlPathEqualTo(SEARCH)).withHeader("Authorization", equalTo("Bearer shared")));
    }

    @Test
    void findsAWomensSkuInTheWomensCategoryAndSearchesThereFirstNextTime() {
        ebay.token("token-1", 7200);
        // The men's category holds one stray listing of the women's sku, in women's sizing.
        ebay.search("DD1503-101", "15709", json(200, page(listing("v1|9|0", "DD1503-101 Women's Size 8", "90.00"))));
        ebay.search("DD1503-101", "95672", golden(200, Golden.SEARCH_WOMENS));
        EbayFetcher fetcher = fetcher(3);

        FetchResult first = fetcher.fetch(request("req-1", "DD1503-101", "US", null), calls);

        assertThat(ebay.searchedCategories()).containsExactly("15709", "95672");
        assertThat(calls.spent()).isEqualTo(2);
        assertThat(first)
                .isInstanceOfSatisfying(FetchResult.Succeeded.class, succeeded -> assertThat(succeeded.snapshots())
                        .extracting(
                                snapshot -> snapshot.getVariant().getSize(),
                                snapshot -> snapshot.getVariant().getSizeSystem(),
                                PriceSnapshot::getLowestAsk,
                                PriceSnapshot::getListingCount)
                        // The stray listing counts too: its size was labelled women's.
                        .containsExactly(
                                tuple("6.5", SizeSystem.US_M, new BigDecimal("105.00"), 1),
                                tuple("8W", SizeSystem.US_W, new BigDecimal("90.00"), 3),
                                tuple("8.5W", SizeSystem.US_W, new BigDecimal("125.00"), 1),
                                tuple("9W", SizeSystem.US_W, new BigDecimal("130.00"), 2)));

        fetcher.fetch(request("req-2", "DD1503-101", "GB", null), calls);

        // One call in the category that held it, on any marketplace.
        assertThat(ebay.searchedCategories()).containsExactly("15709", "95672", "95672");
        assertThat(calls.spent()).isEqualTo(3);
    }

    @Test
    void findsAGradeSchoolSkuInTheKidsCategoryAfterTheMensAndWomensCategories() {
        ebay.token("token-1", 7200);
        ebay.search("CW1590-100", "15709", json(200, EbayApiStub.emptyPage()));
        ebay.search("CW1590-100", "95672", json(200, EbayApiStub.emptyPage()));
        ebay.search("CW1590-100", "57929", golden(200, Golden.SEARCH_GRADE_SCHOOL));
        EbayFetcher fetcher = fetcher(3);

        FetchResult first = fetcher.fetch(request("req-1", "CW1590-100", "US", null), calls);
        fetcher.fetch(request("req-2", "CW1590-100", "US", null), calls);

        assertThat(first).isInstanceOfSatisfying(FetchResult.Succeeded.class, succeeded -> assertThat(
                        succeeded.snapshots())
                .extracting(snapshot -> snapshot.getVariant().getSize(), snapshot -> snapshot.getVariant()
                        .getSizeSystem())
                .containsExactly(
                        tuple("5.5Y", SizeSystem.US_Y), tuple("6Y", SizeSystem.US_Y), tuple("7Y", SizeSystem.US_Y)));
        assertThat(ebay.searchedCategories()).containsExactly("15709", "95672", "57929", "57929");
        assertThat(calls.spent()).isEqualTo(4);
    }

    @Test
    void searchesAMensSkuInTheMensCategoryOnly() {
        ebay.token("token-1", 7200);
        ebay.search(golden(200, Golden.SEARCH));
        EbayFetcher fetcher = fetcher(3);

        fetcher.fetch(request("US"), calls);
        fetcher.fetch(request("US"), calls);

        assertThat(ebay.searchedCategories()).containsExactly("15709", "15709");
        assertThat(calls.spent()).isEqualTo(2);
    }

    @Test
    void searchesEveryCategoryForAnUnknownSkuNamingThemAndForgetsACategoryThatNoLongerHoldsTheSku() {
        ebay.token("token-1", 7200);
        // WireMock prefers the stub added last: the catch-all first.
        ebay.search(json(200, EbayApiStub.emptyPage()));
        ebay.search("DD1503-101", "95672", golden(200, Golden.SEARCH_WOMENS));
        EbayFetcher fetcher = fetcher(3);
        assertThat(fetcher.fetch(request("req-1", "DD1503-101", "US", null), calls))
                .isInstanceOf(FetchResult.Succeeded.class);
        wireMock.resetRequests();
        // Sold out in the women's category, nowhere else either.
        wireMock.resetMappings();
        ebay.token("token-1", 7200);
        ebay.search(json(200, EbayApiStub.emptyPage()));

        FetchResult gone = fetcher.fetch(request("req-2", "DD1503-101", "US", null), calls);
        FetchResult again = fetcher.fetch(request("req-3", "DD1503-101", "US", null), calls);

        assertThat(gone)
                .isEqualTo(new FetchResult.NotFound(
                        "no eBay listing carries style code DD1503-101 (0 listings examined on EBAY_US in categories"
                                + " 95672, 15709, 57929)",
                        200));
        assertThat(again).isInstanceOf(FetchResult.NotFound.class);
        assertThat(ebay.searchedCategories()).containsExactly("95672", "15709", "57929", "15709", "95672", "57929");
    }

    @Test
    void searchesNoMoreCategoriesThanConfigured() {
        ebay.token("token-1", 7200);
        ebay.search(json(200, EbayApiStub.emptyPage()));
        ebay.search("DD1503-101", "95672", golden(200, Golden.SEARCH_WOMENS));

        FetchResult result = fetcher(1).fetch(request("req-1", "DD1503-101", "US", null), calls);

        assertThat(result).isInstanceOf(FetchResult.NotFound.class);
        assertThat(ebay.searchedCategories()).containsExactly("15709");
        assertThat(calls.spent()).isEqualTo(1);
    }

    @Test
    void remintsOnceOn401AndRetriesSpendingATokenForTheRetry() {
        wireMock.stubFor(post(urlPathEqualTo(TOKEN))
                .inScenario("revoked")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, "{\"access_token\":\"revoked\",\"expires_in\":7200}"))
                .willSetStateTo("fresh"));
        wireMock.stubFor(post(urlPathEqualTo(TOKEN))
                .inScenario("revoked")
                .whenScenarioStateIs("fresh")
                .willReturn(json(200, "{\"access_token\":\"fresh\",\"expires_in\":7200}")));
        wireMock.stubFor(get(urlPathEqualTo(SEARCH))
                .withHeader("Authorization", equalTo("Bearer revoked"))
                .willReturn(golden(401, Golden.ERROR_401_1001)));
        wireMock.stubFor(get(urlPathEqualTo(SEARCH))
                .withHeader("Authorization", equalTo("Bearer fresh"))
                .willReturn(golden(200, Golden.SEARCH)));

        FetchResult result = fetcher().fetch(request("US"), calls);

        assertThat(result).isInstanceOf(FetchResult.Succeeded.class);
        assertThat(ebay.tokenCalls()).isEqualTo(2);
        assertThat(ebay.searchCalls()).isEqualTo(2);
        assertThat(calls.spent()).isEqualTo(2);
    }

    @Test
    void failsAfterOneRemintWhenEbayKeepsAnswering401() {
        ebay.token("token-x", 7200);
        ebay.search(golden(401, Golden.ERROR_401_1001));

        FetchResult result = fetcher().fetch(request("US"), calls);

        assertThat(result)
                .isEqualTo(new FetchResult.Failed(
                        "eBay search answered HTTP 401, errorId 1001: Invalid access token", 401));
        assertThat(ebay.tokenCalls()).isEqualTo(2);
        assertThat(ebay.searchCalls()).isEqualTo(2);
        assertThat(calls.spent()).isEqualTo(2);
    }

    @Test
    void failsNamingInvalidClientWhenTheKeysetIsRejectedWithoutSpendingAToken() {
        wireMock.stubFor(post(urlPathEqualTo(TOKEN)).willReturn(golden(401, Golden.TOKEN_INVALID_CLIENT)));

        FetchResult result = fetcher().fetch(request("US"), calls);

        assertThat(result).isInstanceOfSatisfying(FetchResult.Failed.class, failed -> {
            assertThat(failed.reason()).startsWith("eBay keyset rejected (invalid_client)");
            assertThat(failed.httpStatus()).isEqualTo(401);
        });
        assertThat(ebay.searchCalls()).isZero();
        assertThat(calls.spent()).isZero();
    }

    @Test
    void answersRateLimitedOn429WithTheRetryAfterDeadline() {
        ebay.token("token-1", 7200);
        ebay.search(golden(429, Golden.ERROR_429_2001).withHeader("Retry-After", "120"));

        FetchResult result = fetcher().fetch(request("US"), calls);

        assertThat(result).isEqualTo(new FetchResult.RateLimited(Instant.parse("2026-11-22T10:02:00Z"), 429));
        assertThat(ebay.searchCalls()).isEqualTo(1);
    }

    @Test
    void answersRateLimitedWithoutADeadlineWhenEbaySendsNoRetryAfter() {
        ebay.token("token-1", 7200);
        ebay.search(golden(429, Golden.ERROR_429_2001));

        assertThat(fetcher().fetch(request("US"), calls)).isEqualTo(new FetchResult.RateLimited(null, 429));
    }

    @Test
    void pausesUntilTheQuotaResetEbayReportsWhenTheDailyBrowseQuotaIsSpent() {
        ebay.token("token-1", 7200);
        ebay.search(golden(429, Golden.ERROR_429_2001));
        wireMock.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                        com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(
                                "/ebay/developer/analytics/v1_beta/rate_limit/"))
                .withQueryParam("api_name", com.github.tomakehurst.wiremock.client.WireMock.equalTo("browse"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson("""
                        {"rateLimits":[{"apiContext":"buy","apiName":"browse","apiVersion":"v1","resources":[
                          {"name":"buy.browse","rates":[
                            {"count":5000,"limit":5000,"remaining":0,"reset":"2026-11-23T08:00:00.000Z","timeWindow":86400}]},
                          {"name":"buy.browse.item.bulk","rates":[
                            {"count":0,"limit":5000,"remaining":5000,"reset":"2026-11-23T09:00:00.000Z","timeWindow":86400}]}]}]}
                        """)));

        assertThat(fetcher().fetch(request("US"), calls))
                .isEqualTo(new FetchResult.RateLimited(Instant.parse("2026-11-23T08:00:00Z"), 429));
        assertThat(calls.spent()).as("the quota lookup is not a Browse call").isEqualTo(1);
    }

    @Test
    void answersRateLimitedOnErrorId2001UnderAnotherStatus() {
        ebay.token("token-1", 7200);
        ebay.search(golden(403, Golden.ERROR_429_2001).withHeader("Retry-After", "Sun, 22 Nov 2026 10:05:00 GMT"));

        assertThat(fetcher().fetch(request("US"), calls))
                .isEqualTo(new FetchResult.RateLimited(Instant.parse("2026-11-22T10:05:00Z"), 403));
    }

    @Test
    void answersUnavailableOn500WithoutRetrying() {
        ebay.token("token-1", 7200);
        ebay.search(golden(500, Golden.ERROR_500_12000));

        FetchResult result = fetcher().fetch(request("US"), calls);

        assertThat(result)
                .isEqualTo(new FetchResult.Unavailable(
                        "eBay search answered HTTP 500, errorId 12000: A system error has occurred.", 500));
        assertThat(ebay.searchCalls()).isEqualTo(1);
        assertThat(calls.spent()).isEqualTo(1);
    }

    @Test
    void answersFailedOnAClientErrorNamingErrorIdAndMessage() {
        ebay.token("token-1", 7200);
        ebay.search(golden(409, Golden.ERROR_409_12019));

        assertThat(fetcher().fetch(request("US"), calls))
                .isEqualTo(new FetchResult.Failed(
                        "eBay search answered HTTP 409, errorId 12019: The marketplace is not supported.", 409));
    }

    @Test
    void answersFailedOn400And403EvenWithoutAnErrorBody() {
        ebay.token("token-1", 7200);
        ebay.search(json(400, "not json"));
        assertThat(fetcher().fetch(request("US"), calls))
                .isEqualTo(new FetchResult.Failed("eBay search answered HTTP 400", 400));

        ebay.search(json(
                403,
                "{\"errors\":[{\"errorId\":1100,\"domain\":\"ACCESS\",\"category\":\"REQUEST\","
                        + "\"message\":\"Access denied\",\"longMessage\":\"Insufficient permissions\"}]}"));
        assertThat(fetcher().fetch(request("US"), calls))
                .isEqualTo(new FetchResult.Failed("eBay search answered HTTP 403, errorId 1100: Access denied", 403));
    }

    @Test
    void answersUnavailableOnAReadTimeout() {
        EbayFetcher impatient = EbayApiStub.wire(ebay.properties(Duration.ofMillis(300), 1), clock)
                .fetcher();
        ebay.token("token-1", 7200);
        ebay.search(json(200, EbayApiStub.emptyPage()).withFixedDelay(1500));

        FetchResult result = impatient.fetch(request("US"), calls);

        assertThat(result).isInstanceOfSatisfying(FetchResult.Unavailable.class, unavailable -> {
            assertThat(unavailable.reason()).startsWith("eBay search call failed");
            assertThat(unavailable.httpStatus()).isNull();
        });
        assertThat(calls.spent()).isEqualTo(1);
    }

    @Test
    void answersUnavailableWhenTheConnectionFails() throws IOException {
        ebay.token("token-1", 7200);
        ebay.search(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        assertThat(fetcher().fetch(request("US"), calls)).isInstanceOf(FetchResult.Unavailable.class);

        EbayFetcher nowhere = EbayApiStub.wire(
                        EbayApiStub.properties("http://localhost:" + closedPort(), Duration.ofSeconds(1), 1), clock)
                .fetcher();
        assertThat(nowhere.fetch(request("US"), calls))
                .isInstanceOfSatisfying(FetchResult.Unavailable.class, unavailable -> assertThat(unavailable.reason())
                        .startsWith("eBay token endpoint unreachable"));
    }

    @Test
    void answersFailedOnMalformedOrUnexpectedJson() {
        ebay.token("token-1", 7200);
        EbayFetcher fetcher = fetcher();

        ebay.search(json(200, "{\"itemSummaries\":[{\"itemId\":\"v1|1|0\""));
        assertThat(fetcher.fetch(request("US"), calls)).isInstanceOfSatisfying(FetchResult.Failed.class, failed -> {
            assertThat(failed.reason()).startsWith("malformed eBay search answer: unreadable SearchPage");
            assertThat(failed.httpStatus()).isEqualTo(200);
        });

        ebay.search(json(200, "{\"itemSummaries\":{\"itemId\":\"v1|1|0\"}}"));
        assertThat(fetcher.fetch(request("US"), calls))
                .isInstanceOfSatisfying(FetchResult.Failed.class, failed -> assertThat(failed.reason())
                        .startsWith("malformed eBay search answer"));

        ebay.search(json(200, ""));
        assertThat(fetcher.fetch(request("US"), calls))
                .isEqualTo(new FetchResult.Failed(
                        "malformed eBay search answer: empty body where a SearchPage was expected", 200));

        ebay.search(json(200, "{\"itemSummaries\":[null]}"));
        assertThat(fetcher.fetch(request("US"), calls))
                .isEqualTo(new FetchResult.Failed("malformed eBay search answer: null entry in itemSummaries", 200));
    }

    @Test
    void answersFailedNamingTheWarningWhenEbayIgnoredPartOfTheSearch() {
        ebay.token("token-1", 7200);
        ebay.search(golden(200, Golden.SEARCH_WITH_WARNINGS));

        FetchResult result = fetcher().fetch(request("US"), calls);

        assertThat(result)
                .isEqualTo(new FetchResult.Failed(
                        "eBay search answered with warnings, the result is unfiltered: errorId 12002: "
                                + "The 'filter' value 'conditionIds:{1000}' is invalid and was ignored.",
                        200));
    }

    @Test
    void answersNotFoundWhenTheSearchFindsNoListingWithTheStyleCode() {
        ebay.token("token-1", 7200);
        ebay.search(json(200, EbayApiStub.emptyPage()));

        FetchResult result = fetcher().fetch(request("US"), calls);

        assertThat(result)
                .isEqualTo(new FetchResult.NotFound(
                        "no eBay listing carries style code DD1391-100 (0 listings examined on EBAY_US in category 15709)",
                        200));
    }

    @Test
    void letsARefusedCallPropagateWithoutAnyBrowseCall() {
        ebay.token("token-1", 7200);
        ebay.search(golden(200, Golden.SEARCH));
        CountingCalls refusing = CountingCalls.granting(0);

        assertThatThrownBy(() -> fetcher().fetch(request("US"), refusing))
                .isInstanceOfSatisfying(
                        CallRefusedException.class, e -> assertThat(e.retryAt()).isEqualTo(CountingCalls.RETRY_AT));

        assertThat(ebay.searchCalls()).isZero();
        assertThat(refusing.refused()).isEqualTo(1);
    }

    @Test
    void letsARefusalOfTheRetryAfter401PropagateWithoutTheRetry() {
        ebay.token("token-x", 7200);
        ebay.search(golden(401, Golden.ERROR_401_1001));
        CountingCalls oneCall = CountingCalls.granting(1);

        assertThatThrownBy(() -> fetcher().fetch(request("US"), oneCall)).isInstanceOf(CallRefusedException.class);

        assertThat(ebay.searchCalls()).isEqualTo(1);
        assertThat(oneCall.spent()).isEqualTo(1);
    }

    @Test
    void failsWithoutAnyCallForAnUnconfiguredRegionOrAnotherCurrency() {
        FetchResult unknownRegion = fetcher().fetch(request("JP"), calls);
        FetchResult otherCurrency = fetcher().fetch(request("req-2", "DD1391-100", "GB", "USD"), calls);

        assertThat(unknownRegion)
                .isEqualTo(new FetchResult.Failed(
                        "no eBay marketplace configured for region JP (market.ebay.regions)", null));
        assertThat(otherCurrency)
                .isEqualTo(new FetchResult.Failed("eBay prices EBAY_GB in GBP only, USD was asked for", null));
        assertThat(wireMock.getAllServeEvents()).isEmpty();
        assertThat(calls.spent()).isZero();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String page(String... listings) {
        return "{\"total\":" + listings.length + ",\"itemSummaries\":[" + String.join(",", listings) + "]}";
    }

    private static String listing(String itemId, String title, String price) {
        return EbaySnapshotMapperTest.listing(itemId, title, price, "USD");
    }
}
