package com.marketsync.fetcher.stockx;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.marketsync.fetcher.stockx.StockxApiStub.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.marketsync.fetcher.core.ProviderCallException;
import com.marketsync.testkit.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The stored, rotated StockX credentials against a token endpoint that rotates and detects reuse, like Auth0. */
class StockxTokensTest {

    private static final RotatingRefreshTokens AUTH0 = new RotatingRefreshTokens(300);

    @RegisterExtension
    static WireMockExtension wireMock = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().extensions(AUTH0))
            .build();

    private static StockxDatabase database;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-22T10:00:00Z"));

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
        AUTH0.reset("refresh-1");
        wireMock.stubFor(
                post(urlPathEqualTo(TOKEN)).willReturn(aResponse().withTransformers(RotatingRefreshTokens.NAME)));
    }

    @Test
    void twoReplicasRefreshingAtOnceSpendEachRefreshTokenOnlyOnce() throws Exception {
        StockxTokens first = replica("refresh-1");
        StockxTokens second = replica("refresh-1");

        List<String> tokens = concurrently(first, second, 4);

        assertThat(tokens).hasSize(8).containsOnly("access-1");
        assertThat(AUTH0.presented()).containsExactly("refresh-1");
        assertThat(database.storedRefreshToken("us")).isEqualTo("refresh-2");

        clock.advance(Duration.ofHours(1));
        List<String> later = concurrently(first, second, 4);

        assertThat(later).hasSize(8).containsOnly("access-2");
        assertThat(AUTH0.presented()).containsExactly("refresh-1", "refresh-2");
        assertThat(AUTH0.reuses()).isZero();
        assertThat(database.storedRefreshToken("us")).isEqualTo("refresh-3");
    }

    @Test
    void aReplicaStartedWithTheConfiguredTokenSpendsTheRotatedOneFromTheDatabase() {
        assertThat(replica("refresh-1").accessToken("us")).isEqualTo("access-1");
        clock.advance(Duration.ofHours(1));

        assertThat(replica("refresh-1").accessToken("us")).isEqualTo("access-2");

        assertThat(AUTH0.presented()).containsExactly("refresh-1", "refresh-2");
        assertThat(AUTH0.reuses()).isZero();
    }

    @Test
    void aReplicaReusesTheAccessTokenAnotherReplicaStoredWithoutRefreshing() {
        String stored = replica("refresh-1").accessToken("us");

        assertThat(replica("refresh-1").accessToken("us")).isEqualTo(stored);
        assertThat(AUTH0.presented()).hasSize(1);
    }

    @Test
    void aRejectedAccessTokenIsRenewedOnceAcrossReplicas() {
        StockxTokens first = replica("refresh-1");
        StockxTokens second = replica("refresh-1");
        String revoked = first.accessToken("us");
        assertThat(second.accessToken("us")).isEqualTo(revoked);

        String renewed = second.renewRejected("us", revoked);

        assertThat(renewed).isEqualTo("access-2");
        // The first replica also saw the 401, but the second already stored a replacement: no third refresh.
        assertThat(first.renewRejected("us", revoked)).isEqualTo(renewed);
        assertThat(AUTH0.presented()).containsExactly("refresh-1", "refresh-2");
    }

    @Test
    void aRefusedRefreshTokenFailsNamingInvalidGrantAndIsNotSpentAgain() {
        AUTH0.reset("someone-elses-token");
        StockxTokens tokens = replica("refresh-1");

        assertThatThrownBy(() -> tokens.accessToken("us"))
                .isInstanceOfSatisfying(ProviderCallException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderCallException.Kind.REJECTED);
                    assertThat(e.httpStatus()).isEqualTo(403);
                })
                .hasMessageContaining("invalid_grant")
                .hasMessageContaining("us");
        assertThatThrownBy(() -> replica("refresh-1").accessToken("us"))
                .isInstanceOf(ProviderCallException.class)
                .hasMessageContaining("invalid_grant")
                .hasMessageContaining("market.stockx.accounts.us.refresh-token");

        assertThat(AUTH0.presented()).containsExactly("refresh-1");
    }

    @Test
    void aNewlyConfiguredRefreshTokenReplacesOnlyARefusedOne() {
        StockxTokens working = replica("refresh-1");
        working.accessToken("us");
        clock.advance(Duration.ofHours(1));
        // A working stored token wins over a different configured one (e.g. an old replica's configuration).
        assertThat(replica("refresh-from-an-old-login").accessToken("us")).isEqualTo("access-2");

        AUTH0.reset("refresh-from-a-new-login");
        clock.advance(Duration.ofHours(1));
        assertThatThrownBy(() -> replica("refresh-1").accessToken("us")).isInstanceOf(ProviderCallException.class);
        String afterLogin = replica("refresh-from-a-new-login").accessToken("us");

        assertThat(afterLogin).isEqualTo("access-1");
        assertThat(database.storedRefreshToken("us")).isEqualTo("refresh-2");
        assertThat(AUTH0.presented()).containsExactly("refresh-3", "refresh-from-a-new-login");
    }

    @Test
    void aTokenEndpointThatIsNotThereIsAMisconfigurationNotAMissingProduct() {
        wireMock.stubFor(post(urlPathEqualTo(TOKEN)).willReturn(aResponse().withStatus(404)));

        assertThatThrownBy(() -> replica("refresh-1").accessToken("us"))
                .isInstanceOfSatisfying(ProviderCallException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderCallException.Kind.REJECTED);
                    assertThat(e.httpStatus()).isEqualTo(404);
                })
                .hasMessageContaining("market.stockx.token-url");
        assertThat(database.storedRefreshToken("us")).isEqualTo("refresh-1");
    }

    @Test
    void classifiesAnUnavailableOrBusyTokenEndpointAndKeepsTheRefreshToken() {
        wireMock.stubFor(post(urlPathEqualTo(TOKEN)).willReturn(aResponse().withStatus(503)));
        assertThatThrownBy(() -> replica("refresh-1").accessToken("us"))
                .isInstanceOfSatisfying(ProviderCallException.class, e -> assertThat(e.kind())
                        .isEqualTo(ProviderCallException.Kind.UNAVAILABLE));

        wireMock.stubFor(post(urlPathEqualTo(TOKEN))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "20")));
        assertThatThrownBy(() -> replica("refresh-1").accessToken("us"))
                .isInstanceOfSatisfying(ProviderCallException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderCallException.Kind.RATE_LIMITED);
                    assertThat(e.retryAfter()).isEqualTo(clock.instant().plusSeconds(20));
                });

        wireMock.stubFor(post(urlPathEqualTo(TOKEN))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withBody("{\"error\":\"invalid_client\",\"error_description\":\"Unauthorized\"}")));
        assertThatThrownBy(() -> replica("refresh-1").accessToken("us"))
                .isInstanceOfSatisfying(ProviderCallException.class, e -> assertThat(e.kind())
                        .isEqualTo(ProviderCallException.Kind.REJECTED))
                .hasMessageContaining("invalid_client");

        // None of these spent the refresh token: the next working endpoint is asked with the same one.
        wireMock.stubFor(
                post(urlPathEqualTo(TOKEN)).willReturn(aResponse().withTransformers(RotatingRefreshTokens.NAME)));
        assertThat(replica("refresh-1").accessToken("us")).isEqualTo("access-1");
        assertThat(wireMock.findAll(postRequestedFor(urlPathEqualTo(TOKEN)))).hasSize(4);
    }

    @Test
    void rejectsATokenResponseWithoutAccessToken() {
        wireMock.stubFor(post(urlPathEqualTo(TOKEN))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"token_type\":\"Bearer\"}")));

        assertThatThrownBy(() -> replica("refresh-1").accessToken("us"))
                .isInstanceOf(ProviderCallException.class)
                .hasMessageContaining("no access_token");
    }

    /** {@code threadsEach} threads per replica ask for a token at the same moment; returns what each got. */
    private List<String> concurrently(StockxTokens first, StockxTokens second, int threadsEach) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threadsEach * 2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < threadsEach * 2; i++) {
                StockxTokens replica = i % 2 == 0 ? first : second;
                Callable<String> ask = () -> {
                    start.await();
                    return replica.accessToken("us");
                };
                results.add(pool.submit(ask));
            }
            start.countDown();
            List<String> tokens = new ArrayList<>();
            for (Future<String> result : results) {
                tokens.add(result.get(30, TimeUnit.SECONDS));
            }
            return tokens;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A replica of its own: its own connection pool, HTTP client and memory, sharing only the database. */
    private StockxTokens replica(String configuredRefreshToken) {
        StockxProperties properties =
                StockxFixture.properties(wireMock.baseUrl(), Duration.ofSeconds(5), configuredRefreshToken);
        return new StockxFixture(properties, database.newDataSource(), clock).tokens;
    }
}
