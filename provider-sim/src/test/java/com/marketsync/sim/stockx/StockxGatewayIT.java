package com.marketsync.sim.stockx;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.sim.MutableClockConfiguration;
import com.marketsync.testkit.MovableClock;
import java.time.Duration;
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

/** The simulated gateway's request limit, latency and token lifetime settings, over real HTTP. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "market.sim.limits.stockx.per-second=2",
            "market.sim.stockx.latency=300ms",
            "market.sim.stockx.token-lifetime=10m"
        })
@Import(MutableClockConfiguration.class)
class StockxGatewayIT {

    static final String SEARCH = "/stockx/v2/catalog/search?query=DD1391-100";

    @LocalServerPort
    int port;

    @Autowired
    MovableClock clock;

    @Autowired
    ApplicationContext context;

    StockxHttp http;

    @BeforeEach
    void setUp() {
        // a fresh second per test, so each starts with an empty rate window
        clock.advance(Duration.ofMinutes(1));
        http = new StockxHttp(port, StockxLogin.refreshToken(context));
    }

    @Test
    void answersTooManyRequestsWithoutRetryAfterAboveTheLimitUntilTheNextSecond() {
        String token = http.token();

        assertThat(http.get(SEARCH, StockxHttp.API_KEY, token).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.get(SEARCH, StockxHttp.API_KEY, token).getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<JsonNode> limited = http.get(SEARCH, StockxHttp.API_KEY, token);

        assertThat(limited.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(limited.getBody().propertyNames()).containsExactlyInAnyOrder("statusCode", "message");
        assertThat(limited.getBody().get("statusCode").asInt()).isEqualTo(429);
        assertThat(limited.getBody().get("message").asString()).isNotBlank();
        // StockX documents no rate-limit headers
        assertThat(limited.getHeaders().containsHeader(HttpHeaders.RETRY_AFTER)).isFalse();

        clock.advance(Duration.ofSeconds(1));
        assertThat(http.get(SEARCH, StockxHttp.API_KEY, token).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void tokenGrantsDoNotCountAgainstTheApiLimit() {
        for (int i = 0; i < 5; i++) {
            http.token();
        }

        assertThat(http.get(SEARCH).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void delaysApiCallsByTheConfiguredLatency() {
        String token = http.token();
        long started = System.nanoTime();

        ResponseEntity<JsonNode> response = http.get(SEARCH, StockxHttp.API_KEY, token);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void issuesTokensWithTheConfiguredLifetime() {
        ResponseEntity<JsonNode> response =
                http.tokenResponse("demo-client", "demo-secret", StockxLogin.refreshToken(context));

        assertThat(response.getBody().get("expires_in").asLong()).isEqualTo(600);
    }
}
