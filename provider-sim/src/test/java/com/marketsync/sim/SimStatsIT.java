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

/** {@code /sim/stats} over real HTTP: its exact shape, what counts as a call, the busiest windows, and the reset. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"market.sim.limits.ebay.per-second=10", "market.sim.alias.pats=demo-alias-pat,second-pat"})
@Import(MutableClockConfiguration.class)
class SimStatsIT {

    @LocalServerPort
    int port;

    @Autowired
    MovableClock clock;

    @Autowired
    ApplicationContext context;

    SimHttp http;

    @BeforeEach
    void setUp() {
        clock.advance(Duration.ofDays(2));
        http = new SimHttp(port);
        assertThat(http.delete("/sim/stats").getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    }

    @Test
    void hasExactlyTheDocumentedShape() {
        http.alias("/test");

        ResponseEntity<String> response = http.getText("/sim/stats", Map.of());

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody())
                .isEqualTo("{\"STOCKX\":{\"calls\":0,\"maxCallsIn1s\":0,\"maxCallsIn60s\":0,\"throttled\":0,"
                        + "\"limitPerSecond\":25,\"credentials\":{}},"
                        + "\"ALIAS\":{\"calls\":1,\"maxCallsIn1s\":1,\"maxCallsIn60s\":1,\"throttled\":0,"
                        + "\"limitPerSecond\":25,\"credentials\":{\"demo-alias-pat\":1}},"
                        + "\"EBAY\":{\"calls\":0,\"maxCallsIn1s\":0,\"maxCallsIn60s\":0,\"throttled\":0,"
                        + "\"limitPerSecond\":10,\"credentials\":{}}}");
    }

    @Test
    void countsAuthenticatedApiCallsPerCredentialButNeitherTokenCallsNorRefusedOnes() {
        Map<String, String> second = Map.of(HttpHeaders.AUTHORIZATION, "Bearer second-pat");
        http.alias("/test");
        http.alias("/catalog?query=DD1391-100");
        http.alias("/catalog/no-such-item");
        http.get("/alias/api/v1/test", second);
        http.get("/alias/api/v1/test", Map.of(HttpHeaders.AUTHORIZATION, "Bearer wrong"));
        String ebayToken = http.ebayToken();
        http.ebayToken();
        http.ebay("/item_summary/search?q=DD1391-100", ebayToken);
        ResponseEntity<JsonNode> stockxGrant = http.postForm(
                "/stockx/oauth/token",
                Map.of(
                        "grant_type", "refresh_token",
                        "client_id", "demo-client",
                        "client_secret", "demo-secret",
                        "refresh_token", StockxLogin.refreshToken(context)),
                Map.of());
        String stockxToken = stockxGrant.getBody().get("access_token").asString();
        http.stockx("/catalog/search?query=DD1391-100", stockxToken);
        http.stockx("/catalog/search?query=DD1391-100", stockxToken);

        JsonNode stats = http.get("/sim/stats", Map.of()).getBody();

        assertThat(stats.at("/ALIAS/calls").asInt()).isEqualTo(4);
        assertThat(stats.at("/ALIAS/credentials").toString()).isEqualTo("{\"demo-alias-pat\":3,\"second-pat\":1}");
        assertThat(stats.at("/EBAY/calls").asInt()).isEqualTo(1);
        assertThat(stats.at("/EBAY/credentials").toString()).isEqualTo("{\"demo-ebay-client\":1}");
        assertThat(stats.at("/STOCKX/calls").asInt()).isEqualTo(2);
        assertThat(stats.at("/STOCKX/credentials").toString()).isEqualTo("{\"demo-api-key\":2}");
    }

    @Test
    void recordsTheBusiestSpansShorterThanOneSecondAndOneMinute() {
        calls(3);
        clock.advance(Duration.ofMillis(500));
        calls(2);
        // exactly one second after the first three: they and this call are not within one second
        clock.advance(Duration.ofMillis(500));
        calls(1);
        clock.advance(Duration.ofSeconds(30));
        calls(4);
        clock.advance(Duration.ofSeconds(60));
        calls(1);

        JsonNode alias = http.get("/sim/stats", Map.of()).getBody().get("ALIAS");

        assertThat(alias.get("calls").asInt()).isEqualTo(11);
        assertThat(alias.get("maxCallsIn1s").asInt()).isEqualTo(5);
        assertThat(alias.get("maxCallsIn60s").asInt()).isEqualTo(10);
        assertThat(alias.get("throttled").asInt()).isZero();
    }

    @Test
    void deleteResetsEveryCounterButKeepsTheLimits() {
        calls(3);
        String ebayToken = http.ebayToken();
        http.postJson("/sim/faults", "{\"provider\":\"EBAY\",\"kind\":\"STATUS_429\"}");
        http.ebay("/item_summary/search?q=DD1391-100", ebayToken);
        http.delete("/sim/faults");
        assertThat(http.get("/sim/stats", Map.of())
                        .getBody()
                        .at("/EBAY/throttled")
                        .asInt())
                .isEqualTo(1);

        assertThat(http.delete("/sim/stats").getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        JsonNode stats = http.get("/sim/stats", Map.of()).getBody();
        for (String provider : new String[] {"STOCKX", "ALIAS", "EBAY"}) {
            JsonNode figures = stats.get(provider);
            assertThat(figures.get("calls").asInt()).isZero();
            assertThat(figures.get("maxCallsIn1s").asInt()).isZero();
            assertThat(figures.get("maxCallsIn60s").asInt()).isZero();
            assertThat(figures.get("throttled").asInt()).isZero();
            assertThat(figures.get("credentials")).isEmpty();
        }
        assertThat(stats.at("/EBAY/limitPerSecond").asInt()).isEqualTo(10);
    }

    private void calls(int count) {
        for (int i = 0; i < count; i++) {
            assertThat(http.alias("/test").getStatusCode()).isEqualTo(HttpStatus.OK);
        }
    }
}
