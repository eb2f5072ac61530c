package com.marketsync.sim;

import static com.marketsync.sim.MutableClockConfiguration.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marketsync.sim.stockx.StockxLogin;
import com.marketsync.testkit.MovableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.ResourceAccessException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Faults injected through {@code /sim/faults}, each kind over real HTTP, with their rate, duration and removal. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "market.sim.limits.stockx.per-second=0",
            "market.sim.limits.alias.per-second=0",
            "market.sim.limits.ebay.per-second=0"
        })
@Import(MutableClockConfiguration.class)
class SimFaultsIT {

    static final String STOCKX_SEARCH = "/catalog/search?query=DD1391-100";
    static final String ALIAS_ITEM = "/catalog/nike-dunk-low-retro-white-black-dd1391-100";
    static final String EBAY_SEARCH = "/item_summary/search?q=DD1391-100&limit=3";

    @LocalServerPort
    int port;

    @Autowired
    MovableClock clock;

    @Autowired
    ApplicationContext context;

    SimHttp http;
    String stockxToken;
    String ebayToken;

    @BeforeEach
    void setUp() {
        clock.set(START);
        http = new SimHttp(port);
        stockxToken = StockxLogin.accessToken(context);
        ebayToken = http.ebayToken();
    }

    @AfterEach
    void removeFaults() {
        http.delete("/sim/faults");
    }

    @Test
    void status500AnswersInEachProvidersErrorShape() {
        for (String provider : List.of("STOCKX", "ALIAS", "EBAY")) {
            fault("{\"provider\":\"" + provider + "\",\"kind\":\"STATUS_500\"}");
        }

        ResponseEntity<JsonNode> stockx = http.stockx(STOCKX_SEARCH, stockxToken);
        ResponseEntity<JsonNode> alias = http.alias(ALIAS_ITEM);
        ResponseEntity<JsonNode> ebay = http.ebay(EBAY_SEARCH, ebayToken);

        assertThat(stockx.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(stockx.getBody().get("statusCode").asInt()).isEqualTo(500);
        assertThat(alias.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(alias.getBody().propertyNames()).containsExactly("code", "message", "details");
        assertThat(alias.getBody().get("code").asInt()).isEqualTo(13);
        assertThat(ebay.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(ebay.getBody().at("/errors/0/errorId").asInt()).isEqualTo(12000);
        assertThat(ebay.getBody().at("/errors/0/category").asString()).isEqualTo("APPLICATION");
    }

    @Test
    void status429SendsRetryAfterOnlyWhenTheFaultNamesOne() {
        fault("{\"provider\":\"ALIAS\",\"kind\":\"STATUS_429\",\"retryAfterSeconds\":7}");
        fault("{\"provider\":\"STOCKX\",\"kind\":\"STATUS_429\"}");
        fault("{\"provider\":\"EBAY\",\"kind\":\"STATUS_429\",\"retryAfterSeconds\":3}");

        ResponseEntity<JsonNode> alias = http.alias(ALIAS_ITEM);
        ResponseEntity<JsonNode> stockx = http.stockx(STOCKX_SEARCH, stockxToken);
        ResponseEntity<JsonNode> ebay = http.ebay(EBAY_SEARCH, ebayToken);

        assertThat(alias.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(alias.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("7");
        assertThat(alias.getBody().get("code").asInt()).isEqualTo(8);
        assertThat(stockx.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(stockx.getHeaders().containsHeader(HttpHeaders.RETRY_AFTER)).isFalse();
        assertThat(stockx.getBody().get("statusCode").asInt()).isEqualTo(429);
        assertThat(ebay.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("3");
        assertThat(ebay.getBody().at("/errors/0/errorId").asInt()).isEqualTo(2001);
        assertThat(http.get("/sim/stats", Map.of())
                        .getBody()
                        .at("/ALIAS/throttled")
                        .asInt())
                .isPositive();
    }

    @Test
    void latencyDelaysAnOtherwiseNormalAnswer() {
        fault("{\"provider\":\"ALIAS\",\"kind\":\"LATENCY\",\"latencyMs\":400}");
        long started = System.nanoTime();

        ResponseEntity<JsonNode> response = http.alias(ALIAS_ITEM);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody().at("/catalog_item/sku").asString()).isEqualTo("DD1391 100");
    }

    @Test
    void timeoutHoldsTheAnswerPastAClientsReadTimeoutThenAnswers504() {
        fault("{\"provider\":\"STOCKX\",\"kind\":\"TIMEOUT\",\"latencyMs\":1000}");
        SimHttp impatient = new SimHttp(port, Duration.ofMillis(200));

        assertThatThrownBy(() -> impatient.stockx(STOCKX_SEARCH, stockxToken))
                .isInstanceOf(ResourceAccessException.class);
        long started = System.nanoTime();
        ResponseEntity<JsonNode> patient = http.stockx(STOCKX_SEARCH, stockxToken);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
        assertThat(patient.getStatusCode()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
        assertThat(patient.getBody().get("statusCode").asInt()).isEqualTo(504);
    }

    @Test
    void malformedAnswers200WithJsonCutShort() {
        String healthy = http.getText("/alias/api/v1" + ALIAS_ITEM, aliasAuth()).getBody();
        for (String provider : List.of("STOCKX", "ALIAS", "EBAY")) {
            fault("{\"provider\":\"" + provider + "\",\"kind\":\"MALFORMED\"}");
        }

        ResponseEntity<String> cut = http.getText("/alias/api/v1" + ALIAS_ITEM, aliasAuth());
        ResponseEntity<String> ebay = http.getText(
                "/ebay/buy/browse/v1" + EBAY_SEARCH, Map.of(HttpHeaders.AUTHORIZATION, "Bearer " + ebayToken));
        ResponseEntity<String> stockx = http.getText(
                "/stockx/v2" + STOCKX_SEARCH,
                Map.of("x-api-key", SimHttp.STOCKX_API_KEY, HttpHeaders.AUTHORIZATION, "Bearer " + stockxToken));

        assertThat(cut.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(healthy).startsWith(cut.getBody());
        assertThat(cut.getBody().length()).isLessThan(healthy.length());
        assertThat(ebay.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(stockx.getStatusCode()).isEqualTo(HttpStatus.OK);
        for (String body : List.of(cut.getBody(), ebay.getBody(), stockx.getBody())) {
            assertThatThrownBy(() -> JsonMapper.builder().build().readTree(body))
                    .isInstanceOf(JacksonException.class);
        }
    }

    @Test
    void aSeededRateHitsTheSameShareOfCallsEveryTime() {
        String fault = "{\"provider\":\"ALIAS\",\"kind\":\"STATUS_500\",\"rate\":0.5,\"seed\":99}";
        fault(fault);
        List<Integer> first = aliasStatuses(40);
        http.delete("/sim/faults");
        fault(fault);

        assertThat(aliasStatuses(40)).isEqualTo(first).contains(200, 500);
        assertThat(first.stream().filter(s -> s == 500).count()).isBetween(8L, 32L);
    }

    @Test
    void aFaultWithADurationEndsByItself() {
        JsonNode created = fault("{\"provider\":\"ALIAS\",\"kind\":\"STATUS_500\",\"durationSeconds\":30}");
        assertThat(created.get("expiresAt").asString()).isEqualTo("2026-03-02T10:00:30Z");
        assertThat(http.get("/sim/faults", Map.of()).getBody()).hasSize(1);
        assertThat(http.alias(ALIAS_ITEM).getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);

        clock.advance(Duration.ofSeconds(30));

        assertThat(http.alias(ALIAS_ITEM).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.get("/sim/faults", Map.of()).getBody()).isEmpty();
    }

    @Test
    void deletesFaultsOfOneProviderOneByIdOrAll() {
        fault("{\"provider\":\"STOCKX\",\"kind\":\"STATUS_500\"}");
        fault("{\"provider\":\"ALIAS\",\"kind\":\"STATUS_500\"}");
        String ebayFault = fault("{\"provider\":\"EBAY\",\"kind\":\"STATUS_500\"}")
                .get("id")
                .asString();

        assertThat(http.delete("/sim/faults?provider=STOCKX")
                        .getBody()
                        .get("removed")
                        .asInt())
                .isEqualTo(1);
        assertThat(http.stockx(STOCKX_SEARCH, stockxToken).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.alias(ALIAS_ITEM).getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(http.delete("/sim/faults/" + ebayFault).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(http.delete("/sim/faults/" + ebayFault).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(http.ebay(EBAY_SEARCH, ebayToken).getStatusCode()).isEqualTo(HttpStatus.OK);

        assertThat(http.delete("/sim/faults").getBody().get("removed").asInt()).isEqualTo(1);
        assertThat(http.alias(ALIAS_ITEM).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void severalFaultsCombineLatencyWithAFailure() {
        fault("{\"provider\":\"EBAY\",\"kind\":\"LATENCY\",\"latencyMs\":300}");
        fault("{\"provider\":\"EBAY\",\"kind\":\"STATUS_500\"}");
        long started = System.nanoTime();

        ResponseEntity<JsonNode> response = http.ebay(EBAY_SEARCH, ebayToken);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(http.get("/sim/faults", Map.of()).getBody()).hasSize(2);
    }

    @Test
    void tokenEndpointsAreNeverFaulted() {
        for (String provider : List.of("STOCKX", "EBAY")) {
            fault("{\"provider\":\"" + provider + "\",\"kind\":\"STATUS_500\"}");
            fault("{\"provider\":\"" + provider + "\",\"kind\":\"MALFORMED\"}");
        }

        ResponseEntity<JsonNode> stockx = http.postForm(
                "/stockx/oauth/token",
                Map.of(
                        "grant_type", "refresh_token",
                        "client_id", "demo-client",
                        "client_secret", "demo-secret",
                        "refresh_token", StockxLogin.refreshToken(context)),
                Map.of());

        assertThat(stockx.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(stockx.getBody().get("access_token").asString()).isNotBlank();
        assertThat(http.ebayToken()).isNotBlank();
    }

    static Stream<Arguments> invalidFaults() {
        return Stream.of(
                Arguments.of("{\"kind\":\"STATUS_500\"}", "provider"),
                Arguments.of("{\"provider\":\"AMAZON\",\"kind\":\"STATUS_500\"}", "provider"),
                Arguments.of("{\"provider\":\"ALIAS\"}", "kind"),
                Arguments.of("{\"provider\":\"ALIAS\",\"kind\":\"STATUS_418\"}", "kind"),
                Arguments.of("{\"provider\":\"ALIAS\",\"kind\":\"STATUS_500\",\"rate\":1.5}", "rate"),
                Arguments.of("{\"provider\":\"ALIAS\",\"kind\":\"STATUS_500\",\"rate\":\"half\"}", "rate"),
                Arguments.of(
                        "{\"provider\":\"ALIAS\",\"kind\":\"STATUS_500\",\"retryAfterSeconds\":5}",
                        "retryAfterSeconds"),
                Arguments.of(
                        "{\"provider\":\"ALIAS\",\"kind\":\"STATUS_429\",\"retryAfterSeconds\":-1}",
                        "retryAfterSeconds"),
                Arguments.of("{\"provider\":\"ALIAS\",\"kind\":\"LATENCY\"}", "latencyMs"),
                Arguments.of("{\"provider\":\"ALIAS\",\"kind\":\"STATUS_500\",\"latencyMs\":10}", "latencyMs"),
                Arguments.of(
                        "{\"provider\":\"ALIAS\",\"kind\":\"STATUS_500\",\"durationSeconds\":0}", "durationSeconds"),
                Arguments.of("{\"provider\":\"ALIAS\",\"kind\":\"STATUS_500\",\"colour\":\"red\"}", "colour"),
                Arguments.of("{\"provider\":", "body"),
                Arguments.of("[]", "body"));
    }

    @ParameterizedTest
    @MethodSource("invalidFaults")
    void refusesAnInvalidFaultNamingTheField(String body, String field) {
        ResponseEntity<JsonNode> response = http.postJson("/sim/faults", body);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getBody().get("field").asString()).isEqualTo(field);
        assertThat(response.getBody().get("message").asString()).contains(field.equals("body") ? "JSON" : field);
        assertThat(http.get("/sim/faults", Map.of()).getBody()).isEmpty();
    }

    private JsonNode fault(String json) {
        ResponseEntity<JsonNode> response = http.postJson("/sim/faults", json);
        assertThat(response.getStatusCode()).as(response.toString()).isEqualTo(HttpStatus.CREATED);
        return response.getBody();
    }

    private List<Integer> aliasStatuses(int calls) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            statuses.add(http.alias("/test").getStatusCode().value());
        }
        return statuses;
    }

    private static Map<String, String> aliasAuth() {
        return Map.of(HttpHeaders.AUTHORIZATION, "Bearer " + SimHttp.ALIAS_PAT);
    }
}
