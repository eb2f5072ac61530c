package com.marketsync.fetcher.stockx;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.marketsync.fetcher.stockx.StockxApiStub.API;
import static com.marketsync.fetcher.stockx.StockxApiStub.TOKEN;
import static com.marketsync.fetcher.stockx.StockxApiStub.market;
import static com.marketsync.fetcher.stockx.StockxApiStub.product;
import static com.marketsync.fetcher.stockx.StockxApiStub.variant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.SyncRequest;
import com.marketsync.fetcher.core.CallRefusedException;
import com.marketsync.fetcher.core.FetchResult;
import com.marketsync.fetcher.core.ProviderCalls;
import com.marketsync.fetcher.core.ProviderFetcher;
import com.marketsync.testkit.MovableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Whole sync requests against a WireMock StockX and a real database, checking every call spent one token. */
class StockxFetcherTest {

    @RegisterExtension
    static WireMockExtension wireMock = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private static StockxDatabase database;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private StockxApiStub stub;
    private StockxFetcher fetcher;
    private CountingCalls calls;

    @BeforeAll
    static void createDatabase() {
        database = StockxDatabase.migrated();
    }

    @AfterAll
    static void closeDatabase() {
        database.close();
    }

    @BeforeEach
    void setUp() {
        database.clear();
        stub = new StockxApiStub(wireMock, wireMock.baseUrl());
        stub.token("token-1", 3600);
        fetcher = replica();
        calls = stub.countingCalls();
    }

    @AfterEach
    void everyApiCallSpentExactlyOneToken() {
        assertThat(calls.violations()).isEmpty();
        assertThat(calls.spent()).isEqualTo(stub.apiCalls());
    }

    @Test
    void neverFallsBackToAFuzzySearchHit() {
        stub.search("DD1391-100", product("p-103", "DD1391-103"), product("p-101", "DD1391-101"));

        FetchResult result = fetch("DD1391-100", "US");

        assertThat(result).isInstanceOfSatisfying(FetchResult.NotFound.class, notFound -> {
            assertThat(notFound.reason()).contains("DD1391-100");
            assertThat(notFound.httpStatus()).isEqualTo(200);
        });
        wireMock.verify(0, getRequestedFor(urlPathMatching(API + "/catalog/products/.*")));
    }

    @Test
    void neverMatchesAModelOnlySkuToFullStyleCodes() {
        stub.search(
                "DD1391",
                product("p-1", "DD1391-100"),
                product("p-2", "DD1391 100"),
                product("p-3", "Nike DD1391 100"));

        assertThat(fetch("DD1391", "US")).isInstanceOf(FetchResult.NotFound.class);
    }

    @Test
    void resolvesACompoundSkuToItsOwnCompoundStyleId() {
        String sku = "315122-111/CW2288-111";
        stub.search(sku, product("p-fuzzy", "CW2288-111"), product("p-af1", "315122-111/CW2288-111"));
        stub.variants("p-af1", variant("p-af1", "v-9", "9", "us m"), variant("p-af1", "v-10", "10", "us m"));
        stub.marketData("p-af1", "USD", market("p-af1", "v-9", "USD", "\"150\""), market("p-af1", "v-10", "USD", "99"));

        FetchResult result = fetch(sku, "US");

        assertThat(result).isInstanceOfSatisfying(FetchResult.Succeeded.class, succeeded -> {
            assertThat(succeeded.providerProductId()).isEqualTo("p-af1");
            assertThat(succeeded.httpStatus()).isEqualTo(200);
            assertThat(succeeded.snapshots())
                    .extracting(PriceSnapshot::getLowestAsk)
                    .containsExactly(new BigDecimal("150.00"), new BigDecimal("99.00"));
            assertThat(succeeded.snapshots())
                    .extracting(PriceSnapshot::getStyleCodeRaw)
                    .containsOnly("315122-111/CW2288-111");
        });
        assertThat(calls.spent()).isEqualTo(3);
    }

    @Test
    void findsAnExactHitBeyondTheFirstSearchPage() {
        stub.searchPage("DV0833-100", 1, true, product("p-x1", "DV0833-101"), product("p-x2", "DV0833-102"));
        stub.searchPage("DV0833-100", 2, false, product("p-x3", "DV0833-103"), product("p-c", "DV0833-100"));
        stub.variants("p-c", variant("p-c", "v-1", "10", "us m"));
        stub.marketData("p-c", "USD", market("p-c", "v-1", "USD", "\"120\""));

        FetchResult result = fetch("DV0833-100", "US");

        assertThat(result).isInstanceOfSatisfying(FetchResult.Succeeded.class, succeeded -> assertThat(
                        succeeded.providerProductId())
                .isEqualTo("p-c"));
        wireMock.verify(2, getRequestedFor(urlPathEqualTo(API + "/catalog/search")));
        wireMock.verify(getRequestedFor(urlPathEqualTo(API + "/catalog/search"))
                .withQueryParam("pageNumber", equalTo("2"))
                .withQueryParam("pageSize", equalTo("50")));
        assertThat(calls.spent()).isEqualTo(4);
    }

    @Test
    void stopsSearchingAtTheConfiguredPageBound() {
        for (int page = 1; page <= 4; page++) {
            stub.searchPage("FZ0000-001", page, true, product("p-" + page, "FZ0000-00" + (page + 1)));
        }

        FetchResult result = fetch("FZ0000-001", "US");

        assertThat(result).isInstanceOfSatisfying(FetchResult.NotFound.class, notFound -> assertThat(notFound.reason())
                .contains("3 pages", "page limit"));
        wireMock.verify(3, getRequestedFor(urlPathEqualTo(API + "/catalog/search")));
    }

    @Test
    void reportsSeveralExactMatchesAsMappingUnresolved() {
        stub.search("AQ4211-101", product("p-a", "(Cactus Jack) AQ4211-101"), product("p-b", "AQ4211-101"));

        assertThat(fetch("AQ4211-101", "US"))
                .isInstanceOfSatisfying(FetchResult.MappingUnresolved.class, unresolved -> {
                    assertThat(unresolved.reason()).contains("p-a", "p-b");
                });
        assertThat(database.mappedProduct(StyleCodes.key("AQ4211-101"))).isNull();
    }

    @Test
    void storesTheMappingSoAnotherReplicaNeedsNoSearchAndKeepsTheRawStyleId() {
        stub.search("DV0833-200", product("p-c", "dv0833 200"));
        stub.variants("p-c", variant("p-c", "v-1", "10", "us m"));
        stub.marketData("p-c", "USD", market("p-c", "v-1", "USD", "\"120\""));
        fetch("DV0833-200", "US");
        assertThat(database.mappedProduct("DV0833200")).isEqualTo("p-c");

        FetchResult onAnotherReplica = replica().fetch(request("DV0833-200", "US"), calls);

        assertThat(onAnotherReplica).isInstanceOfSatisfying(FetchResult.Succeeded.class, succeeded -> assertThat(
                        succeeded.snapshots().getFirst().getStyleCodeRaw())
                .isEqualTo("dv0833 200"));
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(API + "/catalog/search")));
    }

    @Test
    void keepsTheSizesInMemorySoARepeatCostsOneCall() {
        stub.search("DV0833-300", product("p-d", "DV0833-300"));
        stub.variants("p-d", variant("p-d", "v-1", "10", "us m"));
        stub.marketData("p-d", "USD", market("p-d", "v-1", "USD", "\"120\""));

        fetch("DV0833-300", "US");
        FetchResult again = fetch("DV0833-300", "US");

        assertThat(again).isInstanceOf(FetchResult.Succeeded.class);
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(API + "/catalog/search")));
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(API + "/catalog/products/p-d/variants")));
        wireMock.verify(2, getRequestedFor(urlPathEqualTo(API + "/catalog/products/p-d/market-data")));
    }

    @Test
    void dropsAStoredMappingThat404sAndResolvesItAgainBySearch() {
        storeMapping("FD1234-001", "p-old");
        stub.productGone("p-old");
        stub.search("FD1234-001", product("p-new", "FD1234-001"));
        stub.variants("p-new", variant("p-new", "v-1", "10", "us m"));
        stub.marketData("p-new", "USD", market("p-new", "v-1", "USD", "\"180\""));

        FetchResult result = fetch("FD1234-001", "US");

        assertThat(result).isInstanceOfSatisfying(FetchResult.Succeeded.class, succeeded -> {
            assertThat(succeeded.providerProductId()).isEqualTo("p-new");
            assertThat(succeeded.snapshots()).hasSize(1);
        });
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(API + "/catalog/search")));
        assertThat(database.mappedProduct("FD1234001")).isEqualTo("p-new");
    }

    @Test
    void dropsAPlannerMappingThat404sAndResolvesItAgainBySearch() {
        stub.productGone("p-old");
        stub.search("FD1234-002", product("p-new2", "FD1234-002"));
        stub.variants("p-new2", variant("p-new2", "v-1", "10", "us m"));
        stub.marketData("p-new2", "USD", market("p-new2", "v-1", "USD", "\"180\""));

        FetchResult result =
                fetcher.fetch(StockxFixture.request("FD1234-002", "US", null, "p-old", clock.instant()), calls);

        assertThat(result).isInstanceOfSatisfying(FetchResult.Succeeded.class, succeeded -> assertThat(
                        succeeded.providerProductId())
                .isEqualTo("p-new2"));
    }

    @Test
    void reportsNotFoundAndForgetsTheMappingWhenTheReResolvedProductIsGoneToo() {
        storeMapping("FD9999-001", "p-gone");
        stub.productGone("p-gone");
        stub.search("FD9999-001", product("p-gone", "FD9999-001"));

        FetchResult result = fetch("FD9999-001", "US");

        assertThat(result).isInstanceOf(FetchResult.NotFound.class);
        assertThat(result.httpStatus()).isEqualTo(404);
        // One search only: the re-resolution happens once, never in a loop.
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(API + "/catalog/search")));
        assertThat(database.mappedProduct("FD9999001")).isNull();
    }

    @Test
    void reResolvesAStoredProductWithoutMarketDataWhoseSizesAreGone() {
        storeMapping("CZ0790-001", "p-retired");
        stub.variants("p-retired");
        stub.marketData("p-retired", "USD");
        stub.search("CZ0790-001", product("p-retired", "CZ0790-001-OLD"), product("p-live", "CZ0790-001"));
        stub.variants("p-live", variant("p-live", "v-1", "9", "us m"));
        stub.marketData("p-live", "USD", market("p-live", "v-1", "USD", "\"210\""));

        FetchResult result = fetch("CZ0790-001", "US");

        assertThat(result).isInstanceOfSatisfying(FetchResult.Succeeded.class, succeeded -> {
            assertThat(succeeded.providerProductId()).isEqualTo("p-live");
            assertThat(succeeded.snapshots())
                    .extracting(PriceSnapshot::getLowestAsk)
                    .containsExactly(new BigDecimal("210.00"));
        });
        assertThat(database.mappedProduct("CZ0790001")).isEqualTo("p-live");
    }

    @Test
    void reResolvesAProductWithCachedSizesWhenItLosesItsMarketDataAndItsSizesAnswer404() {
        stub.search("CZ0790-002", product("p-migrated", "CZ0790-002"));
        stub.variants("p-migrated", variant("p-migrated", "v-1", "9", "us m"));
        stub.marketData("p-migrated", "USD", market("p-migrated", "v-1", "USD", "\"150\""));
        assertThat(fetch("CZ0790-002", "US")).isInstanceOf(FetchResult.Succeeded.class);
        // StockX migrates the product: no market data any more, its sizes 404, search finds nothing exact.
        stub.marketData("p-migrated", "USD");
        wireMock.stubFor(get(urlPathEqualTo(API + "/catalog/products/p-migrated/variants"))
                .willReturn(aResponse().withStatus(404)));
        stub.search("CZ0790-002", product("p-other", "CZ0790-003"));

        FetchResult result = fetch("CZ0790-002", "US");

        assertThat(result).isInstanceOfSatisfying(FetchResult.NotFound.class, notFound -> assertThat(notFound.reason())
                .contains("p-migrated"));
        assertThat(database.mappedProduct("CZ0790002")).isNull();
        wireMock.verify(2, getRequestedFor(urlPathEqualTo(API + "/catalog/products/p-migrated/variants")));
        wireMock.verify(2, getRequestedFor(urlPathEqualTo(API + "/catalog/search")));
    }

    @Test
    void keepsAStoredProductWithoutMarketDataThatStillListsSizes() {
        storeMapping("CZ0790-003", "p-quiet");
        stub.variants("p-quiet", variant("p-quiet", "v-1", "9", "us m"));
        stub.marketData("p-quiet", "USD");

        FetchResult result = fetch("CZ0790-003", "US");

        assertThat(result).isInstanceOfSatisfying(FetchResult.Succeeded.class, succeeded -> {
            assertThat(succeeded.snapshots()).isEmpty();
            assertThat(succeeded.providerProductId()).isEqualTo("p-quiet");
        });
        wireMock.verify(0, getRequestedFor(urlPathEqualTo(API + "/catalog/search")));
        assertThat(database.mappedProduct("CZ0790003")).isEqualTo("p-quiet");
    }

    @Test
    void ignoresSizesWithoutVariantIdAndFailsPricesWithoutOne() {
        stub.search("DD1391-800", product("p-v", "DD1391-800"));
        String nameless = """
                {"productId":"p-v","variantId":null,"variantValue":"11","sizeChart":{"defaultConversion":{"size":"11","type":"us m"}}}""";
        stub.variants("p-v", variant("p-v", "v-1", "9", "us m"), nameless);
        stub.marketData("p-v", "USD", market("p-v", "v-1", "USD", "\"150\""));

        FetchResult priced = fetch("DD1391-800", "US");

        assertThat(priced)
                .isInstanceOfSatisfying(FetchResult.Succeeded.class, succeeded -> assertThat(succeeded.snapshots())
                        .singleElement()
                        .satisfies(snapshot ->
                                assertThat(snapshot.getVariant().getSize()).isEqualTo("9")));

        stub.marketData(
                "p-v",
                "USD",
                market("p-v", "v-1", "USD", "\"150\""),
                "{\"productId\":\"p-v\",\"variantId\":null,\"currencyCode\":\"USD\",\"lowestAskAmount\":\"1\"}");
        FetchResult unnamed = fetch("DD1391-800", "US");

        assertThat(unnamed).isInstanceOfSatisfying(FetchResult.Failed.class, failed -> {
            assertThat(failed.reason()).contains("no variantId");
            assertThat(failed.httpStatus()).isEqualTo(200);
        });
    }

    @Test
    void servesEachMarketWithItsOwnAccountAndStampsItsMarketAndCurrency() {
        wireMock.stubFor(post(urlPathEqualTo(TOKEN))
                .withFormParam("client_id", equalTo("client-gb"))
                .willReturn(okJson("{\"access_token\":\"gb-token\",\"expires_in\":3600}")));
        stub.search("DD1391-200", product("p-gb", "DD1391-200"));
        stub.variants("p-gb", variant("p-gb", "v-1", "9", "uk"));
        stub.marketData("p-gb", "GBP", market("p-gb", "v-1", "GBP", "\"112\""));

        FetchResult result = fetch("DD1391-200", "GB");

        assertThat(result).isInstanceOfSatisfying(FetchResult.Succeeded.class, succeeded -> {
            assertThat(succeeded.snapshots().getFirst().getRegion()).isEqualTo("GB");
            assertThat(succeeded.snapshots().getFirst().getCurrency()).isEqualTo("GBP");
        });
        wireMock.verify(
                3, getRequestedFor(urlPathMatching(API + "/.*")).withHeader("x-api-key", equalTo("gb-api-key")));
        wireMock.verify(
                3,
                getRequestedFor(urlPathMatching(API + "/.*")).withHeader("Authorization", equalTo("Bearer gb-token")));
        assertThat(fetcher.credentialFor(request("DD1391-200", "GB"))).isEqualTo("gb");
        assertThat(fetcher.credentialFor(request("DD1391-200", "US"))).isEqualTo("us");
    }

    @Test
    void refusesAnotherCurrencyThanTheAccountsWithoutCallingStockx() {
        FetchResult result =
                fetcher.fetch(StockxFixture.request("DD1391-300", "GB", "chf", null, clock.instant()), calls);

        assertThat(result)
                .isEqualTo(new FetchResult.Failed(
                        "StockX market GB is priced in GBP only (its account's currency), chf was asked for", null));
        assertThat(calls.spent()).isZero();
        assertThat(wireMock.getAllServeEvents()).isEmpty();
    }

    @Test
    void acceptsARequestNamingTheAccountsOwnCurrency() {
        wireMock.stubFor(post(urlPathEqualTo(TOKEN))
                .withFormParam("client_id", equalTo("client-gb"))
                .willReturn(okJson("{\"access_token\":\"gb-token\",\"expires_in\":3600}")));
        stub.search("DD1391-300", product("p-gbp", "DD1391-300"));
        stub.variants("p-gbp", variant("p-gbp", "v-1", "9", "uk"));
        stub.marketData("p-gbp", "GBP", market("p-gbp", "v-1", "GBP", "\"140\""));

        FetchResult result =
                fetcher.fetch(StockxFixture.request("DD1391-300", "GB", " gbp ", null, clock.instant()), calls);

        assertThat(result).isInstanceOfSatisfying(FetchResult.Succeeded.class, succeeded -> assertThat(
                        succeeded.snapshots().getFirst().getCurrency())
                .isEqualTo("GBP"));
    }

    @Test
    void failsAMarketWithoutAccountBeforeCallingStockx() {
        FetchResult result = fetch("DD1391-400", "JP");

        assertThat(result).isInstanceOfSatisfying(FetchResult.Failed.class, failed -> {
            assertThat(failed.reason()).isEqualTo("no StockX account for market JP");
            assertThat(failed.httpStatus()).isNull();
        });
        assertThat(wireMock.getAllServeEvents()).isEmpty();
        assertThat(fetcher.credentialFor(request("DD1391-400", "JP"))).isEqualTo(ProviderFetcher.DEFAULT_CREDENTIAL);
    }

    @Test
    void servesTheMarketsOfItsAccountsAndNamesThePropertyThatWouldServeAnother() {
        assertThat(fetcher.missingRegionMapping("US")).isEmpty();
        assertThat(fetcher.missingRegionMapping("GB")).isEmpty();
        assertThat(fetcher.missingRegionMapping("JP")).hasValueSatisfying(missing -> assertThat(missing)
                .startsWith("no StockX account serves market JP")
                .contains("market.stockx.accounts.<id> with market=JP"));
    }

    @Test
    void failsTheWholeRequestWhenOneAmountIsNotExact() {
        stub.search("DD1391-500", product("p-m", "DD1391-500"));
        stub.variants("p-m", variant("p-m", "v-1", "9", "us m"), variant("p-m", "v-2", "10", "us m"));
        stub.marketData(
                "p-m", "USD", market("p-m", "v-1", "USD", "\"112.50\""), market("p-m", "v-2", "USD", "\"112.505\""));

        FetchResult result = fetch("DD1391-500", "US");

        assertThat(result).isInstanceOfSatisfying(FetchResult.Failed.class, failed -> {
            assertThat(failed.reason()).contains("112.505");
            assertThat(failed.httpStatus()).isEqualTo(200);
        });
    }

    @Test
    void reportsRateLimitingWithTheRetryAfterDeadline() {
        wireMock.stubFor(get(urlPathEqualTo(API + "/catalog/search"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "12")));

        FetchResult result = fetch("DD1391-600", "US");

        assertThat(result).isInstanceOfSatisfying(FetchResult.RateLimited.class, limited -> {
            assertThat(limited.retryAfter()).isEqualTo(clock.instant().plusSeconds(12));
            assertThat(limited.httpStatus()).isEqualTo(429);
        });
    }

    @Test
    void reportsRateLimitingWithoutDeadlineWhenStockxNamesNone() {
        wireMock.stubFor(get(urlPathEqualTo(API + "/catalog/search"))
                .willReturn(aResponse()
                        .withStatus(429)
                        .withBody("{\"statusCode\":429,\"message\":\"Too Many Requests\"}")));

        FetchResult result = fetch("DD1391-601", "US");

        assertThat(result).isInstanceOfSatisfying(FetchResult.RateLimited.class, limited -> {
            assertThat(limited.retryAfter()).isNull();
            assertThat(limited.httpStatus()).isEqualTo(429);
        });
    }

    @Test
    void reportsAServerErrorAsUnavailableWithItsStatus() {
        wireMock.stubFor(get(urlPathEqualTo(API + "/catalog/search"))
                .willReturn(aResponse().withStatus(500).withBody("{\"statusCode\":500,\"message\":\"oops\"}")));

        FetchResult result = fetch("DD1391-700", "US");

        assertThat(result).isInstanceOfSatisfying(FetchResult.Unavailable.class, unavailable -> {
            assertThat(unavailable.httpStatus()).isEqualTo(500);
            assertThat(unavailable.reason()).contains("oops");
        });
    }

    @Test
    void reportsATimeoutAsUnavailableWithoutStatus() {
        StockxFetcher impatient =
                new StockxFixture(wireMock.baseUrl(), database.dataSource(), clock, Duration.ofMillis(300)).fetcher;
        wireMock.stubFor(get(urlPathEqualTo(API + "/catalog/search"))
                .willReturn(okJson("{}").withFixedDelay(1500)));

        FetchResult result = impatient.fetch(request("DD1391-701", "US"), calls);

        assertThat(result).isInstanceOfSatisfying(FetchResult.Unavailable.class, unavailable -> assertThat(
                        unavailable.httpStatus())
                .isNull());
    }

    @Test
    void failsOnAMisconfiguredTokenEndpointRatherThanReportingTheProductMissing() {
        wireMock.stubFor(post(urlPathEqualTo(TOKEN)).willReturn(aResponse().withStatus(404)));

        FetchResult result = fetch("DD1391-702", "US");

        assertThat(result).isInstanceOfSatisfying(FetchResult.Failed.class, failed -> {
            assertThat(failed.httpStatus()).isEqualTo(404);
            assertThat(failed.reason()).contains("token");
        });
        assertThat(stub.apiCalls()).isZero();
    }

    @Test
    void failsNamingInvalidGrantWhenTheRefreshTokenIsRefused() {
        wireMock.stubFor(
                post(urlPathEqualTo(TOKEN))
                        .willReturn(
                                aResponse()
                                        .withStatus(403)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"error\":\"invalid_grant\",\"error_description\":\"Unknown or invalid refresh token.\"}")));

        FetchResult result = fetch("DD1391-703", "US");

        assertThat(result).isInstanceOfSatisfying(FetchResult.Failed.class, failed -> assertThat(failed.reason())
                .contains("invalid_grant"));
    }

    @Test
    void letsARefusedSpendPropagateWithoutAnyHttpCall() {
        stub.search("DD1391-900", product("p-r", "DD1391-900"));
        stub.variants("p-r", variant("p-r", "v-1", "9", "us m"));
        stub.marketData("p-r", "USD", market("p-r", "v-1", "USD", "\"150\""));
        fetch("DD1391-900", "US");
        int requestsBefore = wireMock.getAllServeEvents().size();
        CallRefusedException refusal =
                new CallRefusedException("provider paused", clock.instant().plusSeconds(30));
        ProviderCalls refusing = () -> {
            throw refusal;
        };

        assertThatThrownBy(() -> fetcher.fetch(request("DD1391-900", "US"), refusing))
                .isSameAs(refusal);
        assertThat(wireMock.getAllServeEvents()).hasSize(requestsBefore);
    }

    private FetchResult fetch(String sku, String region) {
        return fetcher.fetch(request(sku, region), calls);
    }

    private SyncRequest request(String sku, String region) {
        return StockxFixture.request(sku, region, null, null, clock.instant());
    }

    private StockxFetcher replica() {
        return new StockxFixture(wireMock.baseUrl(), database.dataSource(), clock, Duration.ofSeconds(2)).fetcher;
    }

    private void storeMapping(String sku, String productId) {
        new ProductMappingRepository(database.dataSource())
                .save(
                        StyleCodes.key(sku),
                        new ProductMappingRepository.ProductMapping(productId, sku),
                        clock.instant());
    }
}
