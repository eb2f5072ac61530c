package com.marketsync.fetcher.stockx;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.marketsync.fetcher.stockx.StockxApiStub.API;
import static com.marketsync.fetcher.stockx.StockxApiStub.TOKEN;
import static com.marketsync.fetcher.stockx.StockxApiStub.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.marketsync.fetcher.core.CallRefusedException;
import com.marketsync.fetcher.core.ProviderCallException;
import com.marketsync.fetcher.core.ProviderCalls;
import com.marketsync.fetcher.stockx.StockxClient.Session;
import com.marketsync.testkit.MovableClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The StockX HTTP client: credentials per account, one token spent per call, and how every answer is classified. */
class StockxClientTest {

    @RegisterExtension
    static WireMockExtension wireMock = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private static StockxDatabase database;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private StockxApiStub stub;
    private StockxClient client;
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
        client = new StockxFixture(wireMock.baseUrl(), database.dataSource(), clock, Duration.ofSeconds(2)).client;
        calls = stub.countingCalls();
    }

    @Test
    void sendsTheAccountsApiKeyBearerTokenPageSizeAndPageNumber() {
        token("token-1", 3600, null);
        wireMock.stubFor(get(urlPathEqualTo(API + "/catalog/search"))
                .willReturn(okJson("{\"hasNextPage\":true,\"products\":[" + product("p-1", "DD1391-100") + "]}")));

        StockxResponses.Search page = client.search(us(), "DD1391-100", 2);

        assertThat(page.products())
                .extracting(StockxResponses.Product::productId)
                .containsExactly("p-1");
        assertThat(page.morePages()).isTrue();
        wireMock.verify(getRequestedFor(urlPathEqualTo(API + "/catalog/search"))
                .withQueryParam("query", equalTo("DD1391-100"))
                .withQueryParam("pageSize", equalTo("50"))
                .withQueryParam("pageNumber", equalTo("2"))
                .withHeader("x-api-key", equalTo(StockxFixture.US_API_KEY))
                .withHeader("Authorization", equalTo("Bearer token-1")));
        wireMock.verify(postRequestedFor(urlPathEqualTo(TOKEN))
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .withFormParam("grant_type", equalTo("refresh_token"))
                .withFormParam("client_id", equalTo("client-us"))
                .withFormParam("client_secret", equalTo("secret-us"))
                .withFormParam("refresh_token", equalTo("refresh-1"))
                .withFormParam("audience", equalTo("gateway.stockx.com")));
        assertThat(calls.spent()).isEqualTo(1);
        assertThat(calls.violations()).isEmpty();
    }

    @Test
    void callsAsTheAccountOfTheSession() {
        wireMock.stubFor(post(urlPathEqualTo(TOKEN))
                .withFormParam("client_id", equalTo("client-gb"))
                .withFormParam("refresh_token", equalTo("refresh-gb"))
                .willReturn(okJson("{\"access_token\":\"gb-token\",\"expires_in\":3600}")));
        wireMock.stubFor(get(urlPathEqualTo(API + "/catalog/products/p-1/variants"))
                .withHeader("x-api-key", equalTo(StockxFixture.GB_API_KEY))
                .withHeader("Authorization", equalTo("Bearer gb-token"))
                .willReturn(okJson("[]")));

        assertThat(client.variants(new Session("gb", calls), "p-1")).isEmpty();
        assertThat(calls.spent()).isEqualTo(1);
    }

    @Test
    void reusesTheAccessTokenUntilAMinuteBeforeItExpiresAndStoresARotatedRefreshToken() {
        token("token-1", 3600, "refresh-2");
        wireMock.stubFor(get(urlPathEqualTo(API + "/catalog/search")).willReturn(okJson("{\"products\":[]}")));

        client.search(us(), "A", 1);
        clock.advance(Duration.ofSeconds(3600 - 61));
        client.search(us(), "B", 1);
        assertThat(wireMock.findAll(postRequestedFor(urlPathEqualTo(TOKEN)))).hasSize(1);
        assertThat(database.storedRefreshToken("us")).isEqualTo("refresh-2");

        clock.advance(Duration.ofSeconds(2));
        client.search(us(), "C", 1);

        assertThat(wireMock.findAll(postRequestedFor(urlPathEqualTo(TOKEN)))).hasSize(2);
        wireMock.verify(postRequestedFor(urlPathEqualTo(TOKEN)).withFormParam("refresh_token", equalTo("refresh-2")));
        assertThat(calls.spent()).isEqualTo(3);
        assertThat(calls.violations()).isEmpty();
    }

    @Test
    void refreshesTheTokenOnceOn401AndRetriesTheCallSpendingAgain() {
        wireMock.stubFor(post(urlPathEqualTo(TOKEN))
                .inScenario("rotation")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"access_token\":\"revoked\",\"expires_in\":3600,\"refresh_token\":\"r-2\"}"))
                .willSetStateTo("second"));
        wireMock.stubFor(post(urlPathEqualTo(TOKEN))
                .inScenario("rotation")
                .whenScenarioStateIs("second")
                .withFormParam("refresh_token", equalTo("r-2"))
                .willReturn(okJson("{\"access_token\":\"fresh\",\"expires_in\":3600,\"refresh_token\":\"r-3\"}")));
        wireMock.stubFor(get(urlPathEqualTo(API + "/catalog/products/p-1/variants"))
                .withHeader("Authorization", equalTo("Bearer revoked"))
                .willReturn(aResponse().withStatus(401).withBody("{\"statusCode\":401,\"message\":\"Unauthorized\"}")));
        wireMock.stubFor(get(urlPathEqualTo(API + "/catalog/products/p-1/variants"))
                .withHeader("Authorization", equalTo("Bearer fresh"))
                .willReturn(okJson("[" + StockxApiStub.variant("p-1", "v-1", "10", "us m") + "]")));

        assertThat(client.variants(us(), "p-1"))
                .extracting(StockxResponses.ProductVariant::variantId)
                .containsExactly("v-1");
        assertThat(wireMock.findAll(postRequestedFor(urlPathEqualTo(TOKEN)))).hasSize(2);
        assertThat(wireMock.findAll(getRequestedFor(urlPathEqualTo(API + "/catalog/products/p-1/variants"))))
                .hasSize(2);
        assertThat(calls.spent()).isEqualTo(2);
        assertThat(calls.violations()).isEmpty();
        assertThat(database.storedRefreshToken("us")).isEqualTo("r-3");
    }

    @Test
    void givesUpAfterOneRetryWhenStockxKeepsAnswering401() {
        token("token-x", 3600, null);
        wireMock.stubFor(get(urlPathEqualTo(API + "/catalog/products/p-1/variants"))
                .willReturn(aResponse().withStatus(401).withBody("{\"statusCode\":401,\"message\":\"Bad key\"}")));

        assertThatThrownBy(() -> client.variants(us(), "p-1"))
                .isInstanceOfSatisfying(ProviderCallException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderCallException.Kind.REJECTED);
                    assertThat(e.httpStatus()).isEqualTo(401);
                })
                .hasMessageContaining("Bad key");
        assertThat(wireMock.findAll(getRequestedFor(urlPathEqualTo(API + "/catalog/products/p-1/variants"))))
                .hasSize(2);
        assertThat(calls.spent()).isEqualTo(2);
    }

    @Test
    void classifiesEveryUnsuccessfulAnswerWithoutRetryingIt() {
        token("token-1", 3600, null);
        status("gone", aResponse().withStatus(404));
        status("busy", aResponse().withStatus(429).withHeader("Retry-After", "30"));
        status("busy-silently", aResponse().withStatus(429));
        status("broken", aResponse().withStatus(503));
        status("slow-gateway", aResponse().withStatus(408));
        status("bad", aResponse().withStatus(400).withBody("{\"statusCode\":400,\"message\":\"Invalid id\"}"));

        assertThat(failure("gone").kind()).isEqualTo(ProviderCallException.Kind.NOT_FOUND);
        ProviderCallException busy = failure("busy");
        assertThat(busy.kind()).isEqualTo(ProviderCallException.Kind.RATE_LIMITED);
        assertThat(busy.retryAfter()).isEqualTo(clock.instant().plusSeconds(30));
        // StockX documents no rate-limit headers: a bare 429 is rate limited with no deadline of its own.
        ProviderCallException silent = failure("busy-silently");
        assertThat(silent.kind()).isEqualTo(ProviderCallException.Kind.RATE_LIMITED);
        assertThat(silent.retryAfter()).isNull();
        assertThat(silent.httpStatus()).isEqualTo(429);
        ProviderCallException broken = failure("broken");
        assertThat(broken.kind()).isEqualTo(ProviderCallException.Kind.UNAVAILABLE);
        assertThat(broken.httpStatus()).isEqualTo(503);
        assertThat(failure("slow-gateway").kind()).isEqualTo(ProviderCallException.Kind.UNAVAILABLE);
        ProviderCallException bad = failure("bad");
        assertThat(bad.kind()).isEqualTo(ProviderCallException.Kind.REJECTED);
        assertThat(bad.getMessage()).contains("Invalid id");
        // No retries stacked on top: each failing call reached StockX once and spent once.
        assertThat(stub.apiCalls()).isEqualTo(6);
        assertThat(calls.spent()).isEqualTo(6);
        assertThat(calls.violations()).isEmpty();
    }

    @Test
    void reportsATimeoutAsUnavailableWithoutStatus() {
        StockxClient impatient =
                new StockxFixture(wireMock.baseUrl(), database.dataSource(), clock, Duration.ofMillis(300)).client;
        token("token-1", 3600, null);
        wireMock.stubFor(get(urlPathEqualTo(API + "/catalog/products/slow/variants"))
                .willReturn(okJson("[]").withFixedDelay(1500)));

        assertThatThrownBy(() -> impatient.variants(us(), "slow"))
                .isInstanceOfSatisfying(ProviderCallException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderCallException.Kind.UNAVAILABLE);
                    assertThat(e.httpStatus()).isNull();
                });
    }

    @Test
    void reportsARefusedConnectionAsUnavailable() throws IOException {
        token("token-1", 3600, null);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        StockxProperties stockxDown = StockxFixture.properties(wireMock.baseUrl(), Duration.ofSeconds(2), "refresh-1");
        stockxDown = new StockxProperties(
                java.net.URI.create("http://127.0.0.1:" + closedPort + API),
                stockxDown.tokenUrl(),
                50,
                3,
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                stockxDown.accounts());
        StockxClient unreachable = new StockxFixture(stockxDown, database.dataSource(), clock).client;

        assertThatThrownBy(() -> unreachable.marketData(us(), "p-1", "USD"))
                .isInstanceOfSatisfying(ProviderCallException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderCallException.Kind.UNAVAILABLE);
                    assertThat(e.httpStatus()).isNull();
                });
    }

    @Test
    void reportsAnUnreadableBodyAsMalformed() {
        token("token-1", 3600, null);
        wireMock.stubFor(get(urlPathEqualTo(API + "/catalog/products/p-1/market-data"))
                .willReturn(okJson("{\"not\":\"a list\"")));
        wireMock.stubFor(get(urlPathEqualTo(API + "/catalog/search")).willReturn(okJson("{\"products\":[null]}")));

        assertThatThrownBy(() -> client.marketData(us(), "p-1", "USD"))
                .isInstanceOfSatisfying(ProviderCallException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderCallException.Kind.MALFORMED);
                    assertThat(e.httpStatus()).isEqualTo(200);
                })
                .hasMessageContaining("market data");
        assertThatThrownBy(() -> client.search(us(), "X", 1))
                .isInstanceOfSatisfying(ProviderCallException.class, e -> assertThat(e.kind())
                        .isEqualTo(ProviderCallException.Kind.MALFORMED))
                .hasMessageContaining("null product");
    }

    @Test
    void letsARefusedSpendPropagateWithoutCallingStockx() {
        token("token-1", 3600, null);
        wireMock.stubFor(
                get(urlPathEqualTo(API + "/catalog/products/p-1/variants")).willReturn(okJson("[]")));
        client.variants(us(), "p-1");
        int requestsBefore = wireMock.getAllServeEvents().size();
        CallRefusedException refusal =
                new CallRefusedException("budget spent", clock.instant().plusSeconds(5));
        ProviderCalls refusing = () -> {
            throw refusal;
        };

        assertThatThrownBy(() -> client.variants(new Session("us", refusing), "p-1"))
                .isSameAs(refusal);
        assertThat(wireMock.getAllServeEvents()).hasSize(requestsBefore);
    }

    private Session us() {
        return new Session("us", calls);
    }

    private ProviderCallException failure(String productId) {
        try {
            client.variants(us(), productId);
        } catch (ProviderCallException e) {
            return e;
        }
        throw new AssertionError("variants of " + productId + " did not fail");
    }

    private void status(String productId, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        wireMock.stubFor(get(urlPathEqualTo(API + "/catalog/products/" + productId + "/variants"))
                .willReturn(answer));
    }

    private void token(String accessToken, long expiresIn, String refreshToken) {
        wireMock.stubFor(post(urlPathEqualTo(TOKEN))
                .willReturn(okJson("{\"access_token\":\"" + accessToken + "\",\"expires_in\":" + expiresIn
                        + (refreshToken == null ? "" : ",\"refresh_token\":\"" + refreshToken + "\"") + "}")));
    }
}
