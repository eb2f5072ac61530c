package com.marketsync.fetcher.ebay;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.marketsync.fetcher.ebay.EbayApiStub.TOKEN;
import static com.marketsync.fetcher.ebay.EbayApiStub.golden;
import static com.marketsync.fetcher.ebay.EbayApiStub.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.marketsync.fetcher.core.FetchResult;
import com.marketsync.fetcher.core.ProviderCallException;
import com.marketsync.testkit.MovableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The application token against a WireMock token endpoint: grant, caching, expiry, shared mints and errors. */
class EbayTokensTest {

    @RegisterExtension
    static WireMockExtension wireMock = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final EbayApiStub ebay = new EbayApiStub(wireMock);

    private EbayTokens tokens() {
        return EbayApiStub.wire(ebay.properties(Duration.ofSeconds(10), 1), clock)
                .tokens();
    }

    @Test
    void mintsAnApplicationTokenWithBasicAuthAndTheClientCredentialsGrant() {
        wireMock.stubFor(post(urlPathEqualTo(TOKEN)).willReturn(golden(200, Golden.TOKEN)));

        assertThat(tokens().accessToken()).isEqualTo(Golden.GOLDEN_TOKEN);

        String basic = Base64.getEncoder().encodeToString("client-1:secret-1".getBytes(StandardCharsets.UTF_8));
        wireMock.verify(postRequestedFor(urlPathEqualTo(TOKEN))
                .withHeader("Authorization", equalTo("Basic " + basic))
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .withFormParam("grant_type", equalTo("client_credentials"))
                .withFormParam("scope", equalTo("https://api.ebay.com/oauth/api_scope")));
    }

    @Test
    void reusesTheTokenUntilAboutSixtySecondsBeforeItExpiresThenMintsANewOne() {
        wireMock.stubFor(post(urlPathEqualTo(TOKEN))
                .inScenario("expiry")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, "{\"access_token\":\"first\",\"expires_in\":7200}"))
                .willSetStateTo("second"));
        wireMock.stubFor(post(urlPathEqualTo(TOKEN))
                .inScenario("expiry")
                .whenScenarioStateIs("second")
                .willReturn(json(200, "{\"access_token\":\"second\",\"expires_in\":7200}")));
        EbayTokens tokens = tokens();

        assertThat(tokens.accessToken()).isEqualTo("first");
        clock.advance(Duration.ofSeconds(7200 - 61));
        assertThat(tokens.accessToken()).isEqualTo("first");
        assertThat(ebay.tokenCalls()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.accessToken()).isEqualTo("second");
        assertThat(tokens.accessToken()).isEqualTo("second");
        assertThat(ebay.tokenCalls()).isEqualTo(2);
    }

    @Test
    void concurrentCallersShareOneMint() throws Exception {
        // The delay keeps the first mint in flight while every other caller arrives.
        wireMock.stubFor(post(urlPathEqualTo(TOKEN))
                .willReturn(json(200, "{\"access_token\":\"shared\",\"expires_in\":7200}")
                        .withFixedDelay(500)));
        EbayTokens tokens = tokens();
        int callers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return tokens.accessToken();
                }));
            }
            start.countDown();
            for (Future<String> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("shared");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ebay.tokenCalls()).isEqualTo(1);
    }

    @Test
    void concurrentCallersShareAFailedMintToo() throws Exception {
        wireMock.stubFor(post(urlPathEqualTo(TOKEN))
                .willReturn(golden(401, Golden.TOKEN_INVALID_CLIENT).withFixedDelay(500)));
        EbayTokens tokens = tokens();
        int callers = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<FetchResult>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    try {
                        tokens.accessToken();
                        return null;
                    } catch (ProviderCallException e) {
                        return e.toResult();
                    }
                }));
            }
            start.countDown();
            for (Future<FetchResult> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).isInstanceOf(FetchResult.Failed.class);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ebay.tokenCalls()).isEqualTo(1);
    }

    @Test
    void forgetsARejectedTokenSoTheNextCallerMintsAgainButKeepsANewerOne() {
        wireMock.stubFor(post(urlPathEqualTo(TOKEN))
                .inScenario("revoked")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, "{\"access_token\":\"revoked\",\"expires_in\":7200}"))
                .willSetStateTo("fresh"));
        wireMock.stubFor(post(urlPathEqualTo(TOKEN))
                .inScenario("revoked")
                .whenScenarioStateIs("fresh")
                .willReturn(json(200, "{\"access_token\":\"fresh\",\"expires_in\":7200}")));
        EbayTokens tokens = tokens();

        tokens.accessToken();
        tokens.rejected("revoked");
        assertThat(tokens.accessToken()).isEqualTo("fresh");
        tokens.rejected("revoked");
        assertThat(tokens.accessToken()).isEqualTo("fresh");

        assertThat(ebay.tokenCalls()).isEqualTo(2);
    }

    @Test
    void reportsARejectedKeysetAsFailedNamingInvalidClient() {
        wireMock.stubFor(post(urlPathEqualTo(TOKEN)).willReturn(golden(401, Golden.TOKEN_INVALID_CLIENT)));

        assertThatThrownBy(() -> tokens().accessToken())
                .isInstanceOfSatisfying(ProviderCallException.class, e -> assertThat(e.toResult())
                        .isInstanceOfSatisfying(FetchResult.Failed.class, failed -> {
                            assertThat(failed.reason())
                                    .startsWith("eBay keyset rejected (invalid_client): client authentication failed")
                                    .contains("Marketplace Account Deletion");
                            assertThat(failed.httpStatus()).isEqualTo(401);
                        }));
    }

    @Test
    void reportsAnUnavailableOrThrottledTokenEndpointForTheLoopToRetry() {
        wireMock.stubFor(post(urlPathEqualTo(TOKEN)).willReturn(json(503, "")));
        assertThatThrownBy(() -> tokens().accessToken())
                .isInstanceOfSatisfying(ProviderCallException.class, e -> assertThat(e.toResult())
                        .isEqualTo(new FetchResult.Unavailable("eBay token endpoint answered HTTP 503", 503)));

        wireMock.stubFor(post(urlPathEqualTo(TOKEN)).willReturn(json(429, "").withHeader("Retry-After", "30")));
        assertThatThrownBy(() -> tokens().accessToken())
                .isInstanceOfSatisfying(ProviderCallException.class, e -> assertThat(e.toResult())
                        .isEqualTo(new FetchResult.RateLimited(clock.instant().plusSeconds(30), 429)));
    }

    @Test
    void reportsATokenResponseWithoutATokenAsFailed() {
        wireMock.stubFor(post(urlPathEqualTo(TOKEN)).willReturn(json(200, "{\"expires_in\":7200}")));
        assertThatThrownBy(() -> tokens().accessToken())
                .isInstanceOfSatisfying(ProviderCallException.class, e -> assertThat(e.toResult())
                        .isEqualTo(new FetchResult.Failed("eBay token response has no access_token", 200)));

        wireMock.stubFor(post(urlPathEqualTo(TOKEN)).willReturn(json(200, "<html>")));
        assertThatThrownBy(() -> tokens().accessToken())
                .isInstanceOfSatisfying(ProviderCallException.class, e -> assertThat(e.toResult())
                        .isInstanceOfSatisfying(FetchResult.Failed.class, failed -> assertThat(failed.reason())
                                .startsWith("malformed eBay token response: unreadable TokenResponse")));
    }
}
