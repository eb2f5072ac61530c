package com.marketsync.fetcher.stockx;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.marketsync.fetcher.stockx.StockxApiStub.API;
import static com.marketsync.fetcher.stockx.StockxApiStub.market;
import static com.marketsync.fetcher.stockx.StockxApiStub.product;
import static com.marketsync.fetcher.stockx.StockxApiStub.variant;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.Priority;
import com.marketsync.events.Provider;
import com.marketsync.events.SyncRequest;
import com.marketsync.events.Tier;
import com.marketsync.fetcher.core.FetchResult;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.web.client.RestClient;

class StockxFetcherTest {

    @RegisterExtension
    static WireMockExtension wireMock = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private StockxApiStub stub;
    private StockxFetcher fetcher;

    @BeforeEach
    void setUp() {
        stub = new StockxApiStub(wireMock, wireMock.baseUrl());
        stub.token("token-1", 3600);
        StockxProperties properties = StockxClientTest.properties(wireMock.baseUrl(), Duration.ofSeconds(2));
        RestClient http = StockxHttp.restClient(RestClient.builder(), properties);
        StockxClient client = new StockxClient(http, properties, new StockxTokens(http, properties, clock), clock);
        fetcher = new StockxFetcher(client, new ProductResolver(client), new StockxSnapshotMapper(), properties, clock);
    }

    @Test
    void neverFallsBackToAFuzzySearchHit() {
        stub.search("DD1391-100", product("p-103", "DD1391-103"), product("p-101", "DD1391-101"));

        FetchResult result = fetcher.fetch(request("DD1391-100", "US", null, null));

        assertThat(result).isInstanceOf(FetchResult.NotFound.class);
        assertThat(((FetchResult.NotFound) result).reason()).contains("DD1391-100");
        wireMock.verify(0, getRequestedFor(urlPathMatching(API + "/catalog/products/.*")));
    }

    @Test
    void resolvesACompoundStyleIdAndPublishesOneSnapshotPerVariant() {
        stub.search("CW2288-111", product("p-fuzzy", "CW2288-112"), product("p-af1", "315122-111/CW2288-111"));
        stub.variants("p-af1", variant("p-af1", "v-9", "9", "us m"), variant("p-af1", "v-10", "10", "us m"));
        stub.marketData("p-af1", "USD", market("p-af1", "v-9", "USD", "\"150\""), market("p-af1", "v-10", "USD", "99"));

        FetchResult result = fetcher.fetch(request("CW2288-111", "US", null, null));

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
    }

    @Test
    void reportsSeveralExactMatchesAsMappingUnresolved() {
        stub.search("AQ4211-101", product("p-a", "(Cactus Jack) AQ4211-101"), product("p-b", "AQ4211-101"));

        assertThat(fetcher.fetch(request("AQ4211-101", "US", null, null)))
                .isInstanceOf(FetchResult.MappingUnresolved.class);
    }

    @Test
    void remembersTheProductAndItsSizesSoARepeatCostsOneCall() {
        stub.search("DV0833-100", product("p-c", "DV0833-100"));
        stub.variants("p-c", variant("p-c", "v-1", "10", "us m"));
        stub.marketData("p-c", "USD", market("p-c", "v-1", "USD", "\"120\""));

        fetcher.fetch(request("DV0833-100", "US", null, null));
        FetchResult again = fetcher.fetch(request("DV0833-100", "US", null, null));

        assertThat(again).isInstanceOf(FetchResult.Succeeded.class);
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(API + "/catalog/search")));
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(API + "/catalog/products/p-c/variants")));
        wireMock.verify(2, getRequestedFor(urlPathEqualTo(API + "/catalog/products/p-c/market-data")));
    }

    @Test
    void dropsAStaleProductIdThat404sAndResolvesItAgainBySearch() {
        stub.productGone("p-old");
        stub.search("FD1234-001", product("p-new", "FD1234-001"));
        stub.variants("p-new", variant("p-new", "v-1", "10", "us m"));
        stub.marketData("p-new", "USD", market("p-new", "v-1", "USD", "\"180\""));

        FetchResult result = fetcher.fetch(request("FD1234-001", "US", null, "p-old"));

        assertThat(result).isInstanceOfSatisfying(FetchResult.Succeeded.class, succeeded -> {
            assertThat(succeeded.providerProductId()).isEqualTo("p-new");
            assertThat(succeeded.snapshots()).hasSize(1);
        });
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(API + "/catalog/search")));
    }

    @Test
    void reportsNotFoundWhenTheReResolvedProductIsGoneToo() {
        stub.productGone("p-gone");
        stub.search("FD9999-001", product("p-gone", "FD9999-001"));

        FetchResult result = fetcher.fetch(request("FD9999-001", "US", null, "p-gone"));

        assertThat(result).isInstanceOf(FetchResult.NotFound.class);
        assertThat(result.httpStatus()).isEqualTo(404);
        // One search only: the re-resolution happens once, never in a loop.
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(API + "/catalog/search")));
    }

    @Test
    void asksForTheRegionsCurrencyWhenTheRequestNamesNone() {
        stub.search("DD1391-200", product("p-gb", "DD1391-200"));
        stub.variants("p-gb", variant("p-gb", "v-1", "9", "uk"));
        stub.marketData("p-gb", "GBP", market("p-gb", "v-1", "GBP", "\"112\""));

        FetchResult result = fetcher.fetch(request("DD1391-200", "gb", null, null));

        assertThat(result).isInstanceOfSatisfying(FetchResult.Succeeded.class, succeeded -> assertThat(
                        succeeded.snapshots().getFirst().getCurrency())
                .isEqualTo("GBP"));
    }

    @Test
    void prefersTheRequestedCurrencyOverTheRegionDefault() {
        stub.search("DD1391-300", product("p-eu", "DD1391-300"));
        stub.variants("p-eu", variant("p-eu", "v-1", "42", "eu"));
        stub.marketData("p-eu", "CHF", market("p-eu", "v-1", "CHF", "\"140\""));

        FetchResult result = fetcher.fetch(request("DD1391-300", "EU", "chf", null));

        assertThat(result).isInstanceOf(FetchResult.Succeeded.class);
    }

    @Test
    void failsARegionWithoutCurrencyBeforeCallingStockx() {
        FetchResult result = fetcher.fetch(request("DD1391-400", "JP", null, null));

        assertThat(result).isInstanceOf(FetchResult.Failed.class);
        assertThat(wireMock.getAllServeEvents()).isEmpty();
    }

    @Test
    void failsTheWholeRequestWhenOneAmountIsNotExact() {
        stub.search("DD1391-500", product("p-m", "DD1391-500"));
        stub.variants("p-m", variant("p-m", "v-1", "9", "us m"), variant("p-m", "v-2", "10", "us m"));
        stub.marketData(
                "p-m", "USD", market("p-m", "v-1", "USD", "\"150\""), market("p-m", "v-2", "USD", "\"12.345\""));

        FetchResult result = fetcher.fetch(request("DD1391-500", "US", null, null));

        assertThat(result).isInstanceOfSatisfying(FetchResult.Failed.class, failed -> {
            assertThat(failed.reason()).contains("12.345");
            assertThat(failed.httpStatus()).isEqualTo(200);
        });
    }

    @Test
    void reportsRateLimitingWithTheRetryAfterDeadline() {
        wireMock.stubFor(get(urlPathEqualTo(API + "/catalog/search"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "12")));

        FetchResult result = fetcher.fetch(request("DD1391-600", "US", null, null));

        assertThat(result).isInstanceOfSatisfying(FetchResult.RateLimited.class, limited -> {
            assertThat(limited.retryAfter()).isEqualTo(clock.instant().plusSeconds(12));
            assertThat(limited.httpStatus()).isEqualTo(429);
        });
    }

    @Test
    void reportsAServerErrorAsFailedWithItsStatus() {
        wireMock.stubFor(get(urlPathEqualTo(API + "/catalog/search"))
                .willReturn(aResponse().withStatus(500).withBody("{\"statusCode\":500,\"message\":\"oops\"}")));

        FetchResult result = fetcher.fetch(request("DD1391-700", "US", null, null));

        assertThat(result).isInstanceOfSatisfying(FetchResult.Failed.class, failed -> {
            assertThat(failed.httpStatus()).isEqualTo(500);
            assertThat(failed.reason()).contains("oops");
        });
    }

    private SyncRequest request(String sku, String region, String currency, String productId) {
        return SyncRequest.newBuilder()
                .setRequestId("REQ-" + sku)
                .setSku(sku)
                .setProvider(Provider.STOCKX)
                .setRegion(region)
                .setCurrency(currency)
                .setProviderProductId(productId)
                .setPriority(Priority.MANUAL)
                .setTier(Tier.HOT)
                .setReason("MANUAL")
                .setRequestedAt(clock.instant())
                .setRequestedBy("test")
                .build();
    }
}
