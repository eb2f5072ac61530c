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
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.web.client.RestClient;

class StockxClientTest {

    @RegisterExtension
    static WireMockExtension wireMock = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private StockxClient client;

    @BeforeEach
    void setUp() {
        StockxProperties properties = properties(wireMock.baseUrl(), Duration.ofSeconds(2));
        RestClient http = StockxHttp.restClient(RestClient.builder(), properties);
        client = new StockxClient(http, properties, new StockxTokens(http, properties, clock), clock);
    }

    static StockxProperties properties(String serverUrl, Duration readTimeout) {
        return new StockxProperties(
                URI.create(serverUrl + API),
                StockxApiStub.API_KEY,
                new StockxProperties.Auth(URI.create(serverUrl + TOKEN), "client-1", "secret-1", "refresh-1"),
                20,
                Duration.ofSeconds(2),
                readTimeout,
                null);
    }

    @Test
    void sendsApiKeyBearerTokenAndAPageSizeWithEverySearch() {
        token("token-1", 3600, null);
        wireMock.stubFor(get(urlPathEqualTo(API + "/catalog/search"))
                .willReturn(okJson("{\"products\":[" + product("p-1", "DD1391-100") + "]}")));

        assertThat(client.search("DD1391-100"))
                .extracting(StockxResponses.Product::productId)
                .containsExactly("p-1");

        wireMock.verify(getRequestedFor(urlPathEqualTo(API + "/catalog/search"))
                .withQueryParam("query", equalTo("DD1391-100"))
                .withQueryParam("pageSize", equalTo("20"))
                .withHeader("x-api-key", equalTo(StockxApiStub.API_KEY))
                .withHeader("Authorization", equalTo("Bearer token-1")));
        wireMock.verify(postRequestedFor(urlPathEqualTo(TOKEN))
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .withFormParam("grant_type", equalTo("refresh_token"))
                .withFormParam("client_id", equalTo("client-1"))
                .withFormParam("client_secret", equalTo("secret-1"))
                .withFormParam("refresh_token", equalTo("refresh-1"))
                .withFormParam("audience", equalTo("gateway.stockx.com")));
    }

    @Test
    void reusesTheAccessTokenUntilAMinuteBeforeItExpiresAndKeepsARotatedRefreshToken() {
        token("token-1", 3600, "refresh-2");
        wireMock.stubFor(get(urlPathEqualTo(API + "/catalog/search")).willReturn(okJson("{\"products\":[]}")));

        client.search("A");
        clock.advance(Duration.ofSeconds(3600 - 61));
        client.search("B");
        assertThat(wireMock.findAll(postRequestedFor(urlPathEqualTo(TOKEN)))).hasSize(1);

        clock.advance(Duration.ofSeconds(2));
        client.search("C");

        assertThat(wireMock.findAll(postRequestedFor(urlPathEqualTo(TOKEN)))).hasSize(2);
        wireMock.verify(postRequestedFor(urlPathEqualTo(TOKEN)).withFormParam("refresh_token", equalTo("refresh-2")));
    }

    @Test
    void refreshesTheTokenOnceOn401AndRetriesTheCall() {
        wireMock.stubFor(post(urlPathEqualTo(TOKEN))
                .inScenario("rotation")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"access_token\":\"revoked\",\"expires_in\":3600}"))
                .willSetStateTo("second"));
        wireMock.stubFor(post(urlPathEqualTo(TOKEN))
                .inScenario("rotation")
                .whenScenarioStateIs("second")
                .willReturn(okJson("{\"access_token\":\"fresh\",\"expires_in\":3600}")));
        wireMock.stubFor(get(urlPathEqualTo(API + "/catalog/products/p-1/variants"))
                .withHeader("Authorization", equalTo("Bearer revoked"))
                .willReturn(aResponse().withStatus(401).withBody("{\"statusCode\":401,\"message\":\"Unauthorized\"}")));
        wireMock.stubFor(get(urlPathEqualTo(API + "/catalog/products/p-1/variants"))
                .withHeader("Authorization", equalTo("Bearer fresh"))
                .willReturn(okJson("[" + StockxApiStub.variant("p-1", "v-1", "10", "us m") + "]")));

        assertThat(client.variants("p-1"))
                .extracting(StockxResponses.ProductVariant::variantId)
                .containsExactly("v-1");
        assertThat(wireMock.findAll(postRequestedFor(urlPathEqualTo(TOKEN)))).hasSize(2);
        assertThat(wireMock.findAll(getRequestedFor(urlPathEqualTo(API + "/catalog/products/p-1/variants"))))
                .hasSize(2);
    }

    @Test
    void givesUpAfterOneRetryWhenStockxKeepsAnswering401() {
        token("token-x", 3600, null);
        wireMock.stubFor(get(urlPathEqualTo(API + "/catalog/products/p-1/variants"))
                .willReturn(aResponse().withStatus(401).withBody("{\"statusCode\":401,\"message\":\"Bad key\"}")));

        assertThatThrownBy(() -> client.variants("p-1"))
                .isInstanceOfSatisfying(StockxException.class, e -> {
                    assertThat(e.kind()).isEqualTo(StockxException.Kind.FAILED);
                    assertThat(e.httpStatus()).isEqualTo(401);
                })
                .hasMessageContaining("Bad key");
        assertThat(wireMock.findAll(getRequestedFor(urlPathEqualTo(API + "/catalog/products/p-1/variants"))))
                .hasSize(2);
    }

    @Test
    void classifies404AsNotFound429AsRateLimitedWithRetryAfterAnd5xxAsFailed() {
        token("token-1", 3600, null);
        wireMock.stubFor(get(urlPathEqualTo(API + "/catalog/products/gone/variants"))
                .willReturn(aResponse().withStatus(404)));
        wireMock.stubFor(get(urlPathEqualTo(API + "/catalog/products/busy/variants"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));
        wireMock.stubFor(get(urlPathEqualTo(API + "/catalog/products/broken/variants"))
                .willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(() -> client.variants("gone"))
                .isInstanceOfSatisfying(
                        StockxException.class, e -> assertThat(e.kind()).isEqualTo(StockxException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> client.variants("busy")).isInstanceOfSatisfying(StockxException.class, e -> {
            assertThat(e.kind()).isEqualTo(StockxException.Kind.RATE_LIMITED);
            assertThat(e.retryAfter()).isEqualTo(clock.instant().plusSeconds(30));
        });
        assertThatThrownBy(() -> client.variants("broken")).isInstanceOfSatisfying(StockxException.class, e -> {
            assertThat(e.kind()).isEqualTo(StockxException.Kind.FAILED);
            assertThat(e.httpStatus()).isEqualTo(503);
        });
        // No retries stacked on top: each failing call reached StockX once.
        assertThat(wireMock.findAll(getRequestedFor(urlPathEqualTo(API + "/catalog/products/broken/variants"))))
                .hasSize(1);
    }

    @Test
    void reportsATimeoutAsFailedWithoutStatus() {
        StockxProperties impatient = properties(wireMock.baseUrl(), Duration.ofMillis(300));
        RestClient http = StockxHttp.restClient(RestClient.builder(), impatient);
        StockxClient slowClient = new StockxClient(http, impatient, new StockxTokens(http, impatient, clock), clock);
        token("token-1", 3600, null);
        wireMock.stubFor(get(urlPathEqualTo(API + "/catalog/products/slow/variants"))
                .willReturn(okJson("[]").withFixedDelay(1500)));

        assertThatThrownBy(() -> slowClient.variants("slow")).isInstanceOfSatisfying(StockxException.class, e -> {
            assertThat(e.kind()).isEqualTo(StockxException.Kind.FAILED);
            assertThat(e.httpStatus()).isNull();
        });
    }

    @Test
    void reportsAnUnreadableBodyAsMalformed() {
        token("token-1", 3600, null);
        wireMock.stubFor(get(urlPathEqualTo(API + "/catalog/products/p-1/market-data"))
                .willReturn(okJson("{\"not\":\"a list\"")));

        assertThatThrownBy(() -> client.marketData("p-1", "USD")).isInstanceOfSatisfying(StockxException.class, e -> {
            assertThat(e.kind()).isEqualTo(StockxException.Kind.MALFORMED);
            assertThat(e.httpStatus()).isEqualTo(200);
        });
    }

    @Test
    void readsRetryAfterAsAnHttpDate() {
        org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
        headers.set("Retry-After", "Sun, 22 Nov 2026 10:05:00 GMT");

        assertThat(StockxClient.retryAfter(headers, clock)).isEqualTo(Instant.parse("2026-11-22T10:05:00Z"));
    }

    private void token(String accessToken, long expiresIn, String refreshToken) {
        wireMock.stubFor(post(urlPathEqualTo(TOKEN))
                .willReturn(okJson("{\"access_token\":\"" + accessToken + "\",\"expires_in\":" + expiresIn
                        + (refreshToken == null ? "" : ",\"refresh_token\":\"" + refreshToken + "\"") + "}")));
    }
}
