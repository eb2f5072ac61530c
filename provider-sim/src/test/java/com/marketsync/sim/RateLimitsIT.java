package com.marketsync.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.sim.stockx.StockxLogin;
import com.marketsync.testkit.MovableClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/** Per-credential rate limits of all three providers over real HTTP: each answers 429 the way the real API does. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "market.sim.limits.stockx.per-second=2",
            "market.sim.limits.stockx.per-day=6",
            "market.sim.limits.alias.per-second=2",
            "market.sim.limits.alias.per-day=6",
            "market.sim.limits.ebay.per-second=2",
            "market.sim.limits.ebay.per-day=6",
            "market.sim.alias.pats=demo-alias-pat,second-pat"
        })
@Import(MutableClockConfiguration.class)
class RateLimitsIT {

    static final String STOCKX_SEARCH = "/catalog/search?query=DD1391-100";
    static final String EBAY_SEARCH = "/item_summary/search?q=DD1391-100&limit=1";

    @LocalServerPort
    int port;

    @Autowired
    MovableClock clock;

    @Autowired
    ApplicationContext context;

    SimHttp http;

    @BeforeEach
    void setUp() {
        // two days on per test, so every window, the daily one included, starts empty
        clock.advance(Duration.ofDays(2));
        http = new SimHttp(port);
    }

    @Test
    void stockxAnswers429WithItsPublicApiErrorAndNoRetryAfter() {
        String token = StockxLogin.accessToken(context);
        assertThat(http.stockx(STOCKX_SEARCH, token).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.stockx(STOCKX_SEARCH, token).getStatusCode()).isEqualTo(HttpStatus.OK);

        ResponseEntity<JsonNode> limited = http.stockx(STOCKX_SEARCH, token);

        assertThat(limited.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(limited.getBody().propertyNames()).containsExactly("statusCode", "message");
        assertThat(limited.getBody().get("statusCode").asInt()).isEqualTo(429);
        assertThat(limited.getHeaders().containsHeader(HttpHeaders.RETRY_AFTER)).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(http.stockx(STOCKX_SEARCH, token).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void aliasAnswers429WithCode8AndNoRetryAfter() {
        http.alias("/test");
        http.alias("/test");

        ResponseEntity<JsonNode> limited = http.alias("/test");

        assertThat(limited.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(limited.getBody().propertyNames()).containsExactly("code", "message", "details");
        assertThat(limited.getBody().get("code").asInt()).isEqualTo(8);
        assertThat(limited.getBody().get("details")).isEmpty();
        assertThat(limited.getHeaders().containsHeader(HttpHeaders.RETRY_AFTER)).isFalse();
        assertThat(limited.getHeaders().getFirst("x-request-id")).isNotBlank();
    }

    @Test
    void ebayAnswers429WithErrorId2001AndNoRetryAfter() {
        String token = http.ebayToken();
        http.ebay(EBAY_SEARCH, token);
        http.ebay(EBAY_SEARCH, token);

        ResponseEntity<String> limited =
                http.getText("/ebay/buy/browse/v1" + EBAY_SEARCH, Map.of(HttpHeaders.AUTHORIZATION, "Bearer " + token));

        assertThat(limited.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(limited.getBody())
                .isEqualTo("{\"errors\":[{\"errorId\":2001,\"domain\":\"ACCESS\",\"category\":\"REQUEST\","
                        + "\"message\":\"Too many requests.\","
                        + "\"longMessage\":\"The request limit has been reached for the resource.\"}]}");
        assertThat(limited.getHeaders().containsHeader(HttpHeaders.RETRY_AFTER)).isFalse();
    }

    @Test
    void eachCredentialHasItsOwnLimit() {
        Map<String, String> second = Map.of(HttpHeaders.AUTHORIZATION, "Bearer second-pat");
        http.alias("/test");
        http.alias("/test");

        assertThat(http.alias("/test").getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(http.get("/alias/api/v1/test", second).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.get("/alias/api/v1/test", second).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.get("/alias/api/v1/test", second).getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    }

    @Test
    void theDailyQuotaHoldsAcrossSecondsUntilCallsAreADayOld() {
        String token = http.ebayToken();
        for (int second = 0; second < 3; second++) {
            assertThat(http.ebay(EBAY_SEARCH, token).getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(http.ebay(EBAY_SEARCH, token).getStatusCode()).isEqualTo(HttpStatus.OK);
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(http.ebay(EBAY_SEARCH, token).getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        clock.advance(Duration.ofHours(1));
        assertThat(http.ebay(EBAY_SEARCH, token).getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        clock.advance(Duration.ofDays(1));
        // a fresh token too, since the first one expired after two hours
        assertThat(http.ebay(EBAY_SEARCH, http.ebayToken()).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void tokenEndpointsAreNotLimited() {
        for (int i = 0; i < 8; i++) {
            assertThat(http.ebayToken()).isNotBlank();
            ResponseEntity<JsonNode> refresh = http.postForm(
                    "/stockx/oauth/token",
                    Map.of(
                            "grant_type", "refresh_token",
                            "client_id", "demo-client",
                            "client_secret", "demo-secret",
                            "refresh_token", StockxLogin.refreshToken(context)),
                    Map.of());
            assertThat(refresh.getStatusCode()).isEqualTo(HttpStatus.OK);
        }

        assertThat(http.ebay(EBAY_SEARCH, http.ebayToken()).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void throttledCallsShowInTheStats() {
        http.delete("/sim/stats");
        for (int i = 0; i < 5; i++) {
            http.alias("/test");
        }

        JsonNode alias = http.get("/sim/stats", Map.of()).getBody().get("ALIAS");

        assertThat(alias.get("calls").asInt()).isEqualTo(5);
        assertThat(alias.get("throttled").asInt()).isEqualTo(3);
        assertThat(alias.get("limitPerSecond").asInt()).isEqualTo(2);
        assertThat(alias.at("/credentials/demo-alias-pat").asInt()).isEqualTo(5);
    }
}
