package com.marketsync.fetcher.alias;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.marketsync.fetcher.alias.AliasApiStub.AVAILABILITIES;
import static com.marketsync.fetcher.alias.AliasApiStub.CATALOG;
import static com.marketsync.fetcher.alias.AliasApiStub.error;
import static com.marketsync.fetcher.alias.AliasApiStub.item;
import static com.marketsync.fetcher.alias.AliasApiStub.json;
import static com.marketsync.fetcher.alias.AliasApiStub.newVariant;
import static com.marketsync.fetcher.alias.AliasApiStub.page;
import static com.marketsync.fetcher.alias.AliasApiStub.prices;
import static com.marketsync.fetcher.alias.AliasApiStub.variant;
import static com.marketsync.fetcher.alias.AliasApiStub.variants;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.SyncRequest;
import com.marketsync.fetcher.core.CallRefusedException;
import com.marketsync.fetcher.core.FetchResult;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.web.client.RestClient;

class AliasFetcherTest {

    @RegisterExtension
    static WireMockExtension wireMock = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private static final String PANDA = "nike-dunk-low-retro-white-black-dd1391-100";
    private static final String VALID_VARIANTS = variants(newVariant("10", "\"25000\""));

    private final Clock clock = Clock.fixed(Golden.FETCHED, ZoneOffset.UTC);
    private AliasApiStub stub;
    private AliasFetcher fetcher;
    private CountingCalls calls;

    @BeforeEach
    void setUp() {
        stub = new AliasApiStub(wireMock);
        fetcher = fetcher(Duration.ofSeconds(2), 3);
        calls = CountingCalls.granting(AliasFetcherTest::served);
    }

    /** Checked after every test: each HTTP call to Alias was preceded by exactly one token, taken right before it. */
    @AfterEach
    void everyCallSpentExactlyOneTokenRightBeforeIt() {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(served())
                .as("HTTP calls Alias received vs tokens granted")
                .isEqualTo(calls.granted()));
        assertThat(calls.servedAtSpend())
                .as("calls already answered at each spend")
                .isEqualTo(
                        IntStream.range(0, calls.servedAtSpend().size()).boxed().toList());
    }

    private static int served() {
        return wireMock.getAllServeEvents().size();
    }

    private AliasFetcher fetcher(Duration readTimeout, int maxPages) {
        AliasProperties properties = AliasApiStub.properties(wireMock.baseUrl(), readTimeout, maxPages);
        AliasClient client =
                new AliasClient(new AliasHttp().aliasRestClient(RestClient.builder(), properties), properties, clock);
        return new AliasFetcher(
                client, new CatalogResolver(client, properties), new AliasSnapshotMapper(), properties, clock);
    }

    private FetchResult fetch(String sku, String region) {
        return fetcher.fetch(Golden.request("REQ-1", sku, region), calls);
    }

    @Test
    void followsPaginationToTheExactHitAndMapsTheGoldenAvailabilities() {
        stub.search("DD1391 100", Golden.text(Golden.SEARCH_PAGE_1));
        stub.searchPage("DD1391 100", Golden.PAGE_2_TOKEN, Golden.text(Golden.SEARCH_PAGE_2));
        stub.availabilities(Golden.CATALOG_ID, "1", Golden.text(Golden.AVAILABILITIES));

        FetchResult result = fetcher.fetch(Golden.goldenRequest(), calls);

        assertThat(result).isInstanceOfSatisfying(FetchResult.Succeeded.class, succeeded -> {
            assertThat(succeeded.providerProductId()).isEqualTo(Golden.CATALOG_ID);
            assertThat(succeeded.httpStatus()).isEqualTo(200);
            assertThat(succeeded.snapshots().stream().map(Golden::describe).toList())
                    .containsExactlyElementsOf(Golden.expectedSnapshots());
        });
        // The exact hit was on page 2, so page 3 (has_more=true) was never read.
        wireMock.verify(2, getRequestedFor(urlPathEqualTo(CATALOG)));
        assertThat(calls.granted()).isEqualTo(3);
    }

    @Test
    void matchesAliasSpaceSeparatedSkuToOurHyphenatedSkuRegardlessOfCase() {
        stub.search("dd1391 100", page(false, null, item(PANDA, "DD1391 100")));
        stub.availabilities(PANDA, "1", VALID_VARIANTS);

        FetchResult result = fetch("dd1391-100", "US");

        assertThat(result).isInstanceOfSatisfying(FetchResult.Succeeded.class, succeeded -> {
            assertThat(succeeded.providerProductId()).isEqualTo(PANDA);
            assertThat(succeeded.snapshots()).singleElement().satisfies(snapshot -> {
                assertThat(snapshot.getSku()).isEqualTo("dd1391-100");
                assertThat(snapshot.getStyleCodeRaw()).isEqualTo("DD1391 100");
                assertThat(snapshot.getLowestAsk()).isEqualTo(new BigDecimal("250.00"));
            });
        });
    }

    @Test
    void matchesAHyphenatedAliasSkuToASpaceSeparatedSku() {
        stub.search("DD1391 100", page(false, null, item(PANDA, "DD1391-100")));
        stub.availabilities(PANDA, "1", VALID_VARIANTS);

        assertThat(fetch("DD1391 100", "US")).isInstanceOf(FetchResult.Succeeded.class);
    }

    @Test
    void neverMatchesAModelOnlyCodeToAFullCode() {
        stub.search("DD1391 100", page(false, null, item("dunk-low-dd1391", "DD1391")));
        stub.search("DD1391", page(false, null, item(PANDA, "DD1391 100")));

        assertThat(fetch("DD1391-100", "US")).isInstanceOf(FetchResult.NotFound.class);
        assertThat(fetch("DD1391", "US")).isInstanceOf(FetchResult.NotFound.class);
        wireMock.verify(0, getRequestedFor(urlPathMatching(AVAILABILITIES + ".*")));
    }

    @Test
    void rejectsFuzzySearchResultsInsteadOfTakingTheFirstHit() {
        stub.search(
                "DD1391 100",
                page(
                        false,
                        null,
                        item("dunk-photon-dust-dd1391-101", "DD1391 101"),
                        item("wmns-dunk-dd1503-101", "DD1503 101", "women"),
                        item("dunk-gs-dd1391-100-gs", "DD1391 100 GS"),
                        item("no-sku", null)));

        FetchResult result = fetch("DD1391-100", "US");

        assertThat(result).isInstanceOfSatisfying(FetchResult.NotFound.class, notFound -> {
            assertThat(notFound.reason()).contains("DD1391-100").contains("4 search results");
            assertThat(notFound.httpStatus()).isEqualTo(200);
        });
        wireMock.verify(0, getRequestedFor(urlPathMatching(AVAILABILITIES + ".*")));
    }

    @Test
    void reportsSeveralDistinctExactMatchesAsMappingUnresolved() {
        stub.search(
                "DD1391 100",
                page(
                        false,
                        null,
                        item("panda-a", "DD1391 100"),
                        item("panda-b", "dd1391-100"),
                        item("panda-a", "DD1391 100")));

        FetchResult result = fetch("DD1391-100", "US");

        assertThat(result).isInstanceOfSatisfying(FetchResult.MappingUnresolved.class, unresolved -> assertThat(
                        unresolved.reason())
                .contains("panda-a")
                .contains("panda-b"));
        wireMock.verify(0, getRequestedFor(urlPathMatching(AVAILABILITIES + ".*")));
    }

    @Test
    void readsNoMoreThanTheConfiguredNumberOfSearchPages() {
        fetcher = fetcher(Duration.ofSeconds(2), 2);
        stub.search("DD1391 100", page(true, "t2", item("other-1", "DD1391 101")));
        stub.searchPage("DD1391 100", "t2", page(true, "t3", item("other-2", "DD1391 102")));
        stub.searchPage("DD1391 100", "t3", page(false, null, item(PANDA, "DD1391 100")));

        FetchResult result = fetch("DD1391-100", "US");

        assertThat(result).isInstanceOfSatisfying(FetchResult.NotFound.class, notFound -> assertThat(notFound.reason())
                .contains("first 2 search pages"));
        wireMock.verify(2, getRequestedFor(urlPathEqualTo(CATALOG)));
    }

    @Test
    void stopsPagingWhenAliasSaysThereIsNoMore() {
        stub.search("DD1391 100", page(false, "ignored", item("other-1", "DD1391 101")));

        assertThat(fetch("DD1391-100", "US")).isInstanceOf(FetchResult.NotFound.class);
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(CATALOG)));
    }

    @Test
    void remembersTheCatalogIdSoARepeatCostsOneCallInAnyRegion() {
        stub.search("DD1391 100", page(false, null, item(PANDA, "DD1391 100")));
        stub.availabilities(PANDA, "1", VALID_VARIANTS);
        stub.availabilities(PANDA, "2", variants(newVariant("10", "\"27000\"")));
        stub.availabilities(PANDA, "", variants(newVariant("10", "\"26000\"")));

        fetch("DD1391-100", "US");
        FetchResult eu = fetch("DD1391-100", "eu");
        FetchResult global = fetch("DD1391-100", "GLOBAL");

        assertThat(eu).isInstanceOfSatisfying(FetchResult.Succeeded.class, succeeded -> {
            assertThat(succeeded.snapshots().getFirst().getLowestAsk()).isEqualTo(new BigDecimal("270.00"));
            assertThat(succeeded.snapshots().getFirst().getRegion()).isEqualTo("eu");
            assertThat(succeeded.snapshots().getFirst().getCurrency()).isEqualTo("USD");
        });
        assertThat(global).isInstanceOfSatisfying(FetchResult.Succeeded.class, succeeded -> assertThat(
                        succeeded.snapshots().getFirst().getLowestAsk())
                .isEqualTo(new BigDecimal("260.00")));
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(CATALOG)));
        wireMock.verify(3, getRequestedFor(urlPathEqualTo(AVAILABILITIES + PANDA)));
    }

    @Test
    void answersARegionWithoutAliasRegionIdWithoutCallingAlias() {
        FetchResult result = fetch("DD1391-100", "JP");

        assertThat(result).isInstanceOfSatisfying(FetchResult.Failed.class, failed -> {
            assertThat(failed.reason()).contains("JP").contains("market.alias.regions");
            assertThat(failed.httpStatus()).isNull();
        });
        assertThat(calls.servedAtSpend()).isEmpty();
    }

    @Test
    void forgetsARememberedCatalogIdThat404sAndResolvesItAgainOnce() {
        stub.search("DD1391 100", page(false, null, item("panda-old", "DD1391 100")));
        stub.availabilities("panda-old", "1", VALID_VARIANTS);
        assertThat(fetch("DD1391-100", "US")).isInstanceOf(FetchResult.Succeeded.class);
        stub.gone("panda-old");
        stub.search("DD1391 100", page(false, null, item("panda-new", "DD1391 100")));
        stub.availabilities("panda-new", "1", variants(newVariant("10.5", "\"31000\"")));

        FetchResult result = fetch("DD1391-100", "US");
        FetchResult again = fetch("DD1391-100", "US");

        assertThat(result).isInstanceOfSatisfying(FetchResult.Succeeded.class, succeeded -> {
            assertThat(succeeded.providerProductId()).isEqualTo("panda-new");
            assertThat(succeeded.snapshots().getFirst().getVariant().getVariantKey())
                    .isEqualTo("alias:panda-new|10.5|NEW|GOOD|false");
        });
        assertThat(again).isInstanceOf(FetchResult.Succeeded.class);
        wireMock.verify(2, getRequestedFor(urlPathEqualTo(CATALOG)));
        wireMock.verify(2, getRequestedFor(urlPathEqualTo(AVAILABILITIES + "panda-old")));
        wireMock.verify(2, getRequestedFor(urlPathEqualTo(AVAILABILITIES + "panda-new")));
    }

    @Test
    void answersNotFoundWhenTheReResolvedCatalogIdStill404sAndSearchesOnlyOnce() {
        stub.search("DD1391 100", page(false, null, item("panda-old", "DD1391 100")));
        stub.availabilities("panda-old", "1", VALID_VARIANTS);
        fetch("DD1391-100", "US");
        stub.gone("panda-old");

        FetchResult result = fetch("DD1391-100", "US");

        assertThat(result).isInstanceOfSatisfying(FetchResult.NotFound.class, notFound -> {
            assertThat(notFound.httpStatus()).isEqualTo(404);
            assertThat(notFound.reason()).contains("catalog item not found");
        });
        wireMock.verify(2, getRequestedFor(urlPathEqualTo(CATALOG)));
        wireMock.verify(3, getRequestedFor(urlPathEqualTo(AVAILABILITIES + "panda-old")));
    }

    @Test
    void answersNotFoundWhenTheReResolutionFindsNoExactMatch() {
        stub.search("DD1391 100", page(false, null, item("panda-old", "DD1391 100")));
        stub.availabilities("panda-old", "1", VALID_VARIANTS);
        fetch("DD1391-100", "US");
        stub.gone("panda-old");
        stub.search("DD1391 100", page(false, null, item("photon", "DD1391 101")));

        assertThat(fetch("DD1391-100", "US"))
                .isInstanceOfSatisfying(FetchResult.NotFound.class, notFound -> assertThat(notFound.httpStatus())
                        .isEqualTo(200));
    }

    @Test
    void answersNotFoundWhenAFreshlyResolvedCatalogId404sWithoutSearchingAgain() {
        stub.search("DD1391 100", page(false, null, item("panda-gone", "DD1391 100")));
        stub.gone("panda-gone");

        assertThat(fetch("DD1391-100", "US")).isInstanceOf(FetchResult.NotFound.class);
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(CATALOG)));
    }

    @Test
    void answersNotFoundWhenTheSearchItself404s() {
        stub.searchAnswers("DD1391 100", null, error(404, 5, "not found"));

        assertThat(fetch("DD1391-100", "US"))
                .isInstanceOfSatisfying(FetchResult.NotFound.class, notFound -> assertThat(notFound.httpStatus())
                        .isEqualTo(404));
    }

    @Test
    void reportsA429WithRetryAfterSecondsAsRateLimitedUntilThen() {
        stub.searchAnswers(
                "DD1391 100", null, error(429, 8, "too many requests").withHeader("Retry-After", "120"));

        FetchResult result = fetch("DD1391-100", "US");

        assertThat(result).isEqualTo(new FetchResult.RateLimited(Golden.FETCHED.plusSeconds(120), 429));
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(CATALOG)));
    }

    @Test
    void reportsA429WithAnHttpDateRetryAfter() {
        stub.searchAnswers(
                "DD1391 100",
                null,
                error(429, 8, "too many requests").withHeader("Retry-After", "Sun, 22 Nov 2026 10:20:00 GMT"));

        assertThat(fetch("DD1391-100", "US"))
                .isEqualTo(new FetchResult.RateLimited(Instant.parse("2026-11-22T10:20:00Z"), 429));
    }

    @Test
    void reportsA429WithoutOrWithAnUnreadableRetryAfterAsRateLimitedWithoutDeadline() {
        stub.search("DD1391 100", page(false, null, item(PANDA, "DD1391 100")));
        stub.availabilityAnswers(PANDA, "1", error(429, 8, "too many requests"));
        assertThat(fetch("DD1391-100", "US")).isEqualTo(new FetchResult.RateLimited(null, 429));

        stub.availabilityAnswers(PANDA, "1", error(429, 8, "slow down").withHeader("Retry-After", "soon"));
        assertThat(fetch("DD1391-100", "US")).isEqualTo(new FetchResult.RateLimited(null, 429));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void reportsServerErrorsAsUnavailableWithoutRetrying(int status) {
        stub.searchAnswers("DD1391 100", null, error(status, 14, "upstream trouble"));

        FetchResult result = fetch("DD1391-100", "US");

        assertThat(result).isInstanceOfSatisfying(FetchResult.Unavailable.class, unavailable -> {
            assertThat(unavailable.httpStatus()).isEqualTo(status);
            assertThat(unavailable.reason()).contains("HTTP " + status).contains("req-" + status);
        });
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(CATALOG)));
    }

    @Test
    void reportsAReadTimeoutAsUnavailableWithoutStatus() {
        fetcher = fetcher(Duration.ofMillis(300), 3);
        stub.search("DD1391 100", page(false, null, item(PANDA, "DD1391 100")));
        stub.availabilityAnswers(PANDA, "1", json(VALID_VARIANTS).withFixedDelay(1500));

        FetchResult result = fetch("DD1391-100", "US");

        assertThat(result).isInstanceOfSatisfying(FetchResult.Unavailable.class, unavailable -> {
            assertThat(unavailable.httpStatus()).isNull();
            assertThat(unavailable.reason()).contains("availabilities");
        });
    }

    @Test
    void reportsADroppedConnectionAsUnavailable() {
        stub.searchAnswers("DD1391 100", null, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        assertThat(fetch("DD1391-100", "US"))
                .isInstanceOfSatisfying(
                        FetchResult.Unavailable.class,
                        unavailable -> assertThat(unavailable.httpStatus()).isNull());
    }

    @Test
    void reportsARejectedPersonalAccessTokenAsFailedNamingIt() {
        stub.searchAnswers("DD1391 100", null, error(401, 16, "invalid token"));

        FetchResult result = fetch("DD1391-100", "US");

        assertThat(result).isInstanceOfSatisfying(FetchResult.Failed.class, failed -> {
            assertThat(failed.httpStatus()).isEqualTo(401);
            assertThat(failed.reason())
                    .contains("personal access token")
                    .contains("market.alias.pat")
                    .contains("invalid token")
                    .contains("x-request-id req-401");
        });
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(CATALOG)));
    }

    @Test
    void reportsATokenWithoutScopeAsFailedNamingTheScope() {
        stub.search("DD1391 100", page(false, null, item(PANDA, "DD1391 100")));
        stub.availabilityAnswers(PANDA, "1", error(403, 7, "permission denied"));

        FetchResult result = fetch("DD1391-100", "US");

        assertThat(result).isInstanceOfSatisfying(FetchResult.Failed.class, failed -> {
            assertThat(failed.httpStatus()).isEqualTo(403);
            assertThat(failed.reason()).contains("lacks the scope").contains("availabilities");
        });
    }

    @Test
    void reportsOtherClientErrorsAsFailed() {
        stub.searchAnswers("DD1391 100", null, error(400, 3, "query is required"));

        assertThat(fetch("DD1391-100", "US")).isInstanceOfSatisfying(FetchResult.Failed.class, failed -> {
            assertThat(failed.httpStatus()).isEqualTo(400);
            assertThat(failed.reason()).contains("query is required");
        });
    }

    @Test
    void reportsUnreadableSearchAnswersAsFailed() {
        for (String body : List.of(
                "{\"catalog_items\":[",
                "<html>gateway</html>",
                "{}",
                "{\"catalog_items\":{\"catalog_id\":\"x\"}}",
                "{\"catalog_items\":[null]}",
                "")) {
            wireMock.resetAll();
            calls = CountingCalls.granting(AliasFetcherTest::served);
            stub.search("DD1391 100", body);

            assertThat(fetch("DD1391-100", "US")).as(body).isInstanceOfSatisfying(FetchResult.Failed.class, failed -> {
                assertThat(failed.httpStatus()).isEqualTo(200);
                assertThat(failed.reason()).contains("malformed Alias catalog search");
            });
            everyCallSpentExactlyOneTokenRightBeforeIt();
        }
    }

    @Test
    void reportsUnusableAvailabilitiesAsFailedNamingTheProblemAndTheRequestId() {
        String good = prices("\"25000\"", null, null, null);
        String newGood = "\"PRODUCT_CONDITION_NEW\"";
        String box = "\"PACKAGING_CONDITION_GOOD_CONDITION\"";
        List<List<String>> cases = List.of(
                List.of("{\"variants\":[{\"size\":", "unreadable"),
                List.of("{}", "no variants"),
                List.of(variants(newVariant("10", "\"250.00\"")), "lowest_listing_price_cents"),
                List.of(variants(newVariant("10", "\"-100\"")), "negative"),
                List.of(variants(newVariant("10", "\"abc\"")), "not a whole number of cents"),
                List.of(variants(newVariant("10", "249.5")), "not a whole number of cents"),
                List.of(variants(newVariant("10", "true")), "neither a string nor a number"),
                List.of(variants(variant("10", "\"PRODUCT_CONDITION_MINT\"", box, "false", good)), "product_condition"),
                List.of(
                        variants(variant("10", newGood, "\"PACKAGING_CONDITION_INVALID\"", "false", good)),
                        "packaging"),
                List.of(variants(variant("10", newGood, box, "null", good)), "consigned is missing"),
                List.of(variants(variant("\"10\"", newGood, box, "false", good)), "size is not a number"),
                List.of(variants(newVariant("10", "\"25000\""), newVariant("10.0", "\"26000\"")), "repeats variant"));
        for (List<String> bad : cases) {
            wireMock.resetAll();
            calls = CountingCalls.granting(AliasFetcherTest::served);
            stub.search("DD1391 100", page(false, null, item(PANDA, "DD1391 100")));
            stub.availabilities(PANDA, "1", bad.get(0));

            assertThat(fetch("DD1391-100", "US"))
                    .as(bad.get(0))
                    .isInstanceOfSatisfying(FetchResult.Failed.class, failed -> {
                        assertThat(failed.httpStatus()).isEqualTo(200);
                        assertThat(failed.reason())
                                .contains("malformed Alias availabilities")
                                .contains(bad.get(1))
                                .contains("x-request-id req-ok-1");
                    });
            everyCallSpentExactlyOneTokenRightBeforeIt();
        }
    }

    @Test
    void letsARefusedFirstTokenPropagateWithoutCallingAlias() {
        calls = CountingCalls.refusing(1, AliasFetcherTest::served);
        stub.search("DD1391 100", page(false, null, item(PANDA, "DD1391 100")));

        assertThatThrownBy(() -> fetch("DD1391-100", "US"))
                .isInstanceOfSatisfying(CallRefusedException.class, refused -> assertThat(refused.retryAt())
                        .isEqualTo(CountingCalls.RETRY_AT));
        assertThat(served()).isZero();
    }

    @Test
    void letsATokenRefusedAfterTheSearchPropagateBeforeTheAvailabilitiesCall() {
        calls = CountingCalls.refusing(2, AliasFetcherTest::served);
        stub.search("DD1391 100", page(false, null, item(PANDA, "DD1391 100")));
        stub.availabilities(PANDA, "1", VALID_VARIANTS);

        assertThatThrownBy(() -> fetch("DD1391-100", "US")).isInstanceOf(CallRefusedException.class);
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(CATALOG)));
        wireMock.verify(0, getRequestedFor(urlPathMatching(AVAILABILITIES + ".*")));
    }

    @Test
    void letsARefusedTokenPropagateWhileReResolvingAStaleCatalogId() {
        stub.search("DD1391 100", page(false, null, item("panda-old", "DD1391 100")));
        stub.availabilities("panda-old", "1", VALID_VARIANTS);
        fetch("DD1391-100", "US");
        stub.gone("panda-old");
        calls = CountingCalls.refusing(2, AliasFetcherTest::served);
        SyncRequest request = Golden.request("REQ-2", "DD1391-100", "US");
        int before = served();

        assertThatThrownBy(() -> fetcher.fetch(request, calls)).isInstanceOf(CallRefusedException.class);
        assertThat(served() - before).isEqualTo(1);
        // Make the after-each bookkeeping see only this budget's calls.
        wireMock.resetRequests();
        calls = CountingCalls.granting(AliasFetcherTest::served);
    }

    @Test
    void stampsEverySnapshotWithTheRequestAndTheFetchInstantToTheMillisecond() {
        stub.search("DD1391 100", page(false, null, item(PANDA, "DD1391 100")));
        stub.availabilities(PANDA, "3", VALID_VARIANTS);

        FetchResult result = fetcher.fetch(Golden.request("REQ-GB", "DD1391-100", "GB"), calls);

        PriceSnapshot snapshot = ((FetchResult.Succeeded) result).snapshots().getFirst();
        assertThat(snapshot.getRequestId()).isEqualTo("REQ-GB");
        assertThat(snapshot.getRegion()).isEqualTo("GB");
        assertThat(snapshot.getObservedAt()).isEqualTo(Instant.parse("2026-11-22T10:15:30.123Z"));
        assertThat(snapshot.getFetchedAt()).isEqualTo(snapshot.getObservedAt());
    }
}
