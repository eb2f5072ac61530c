package com.marketsync.planner.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.testkit.TestInfra;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code POST /api/sync} and {@code GET /api/sync/{id}} over HTTP, with real keys, database and broker. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "market.planner.scheduling=false",
            "market.planner.demo-catalog=true",
            "market.planner.api.keys.operator.role=WRITE",
            "market.planner.api.keys.viewer.role=READ",
            "market.planner.api.manual-rate.per-minute=60",
            "market.planner.api.manual-rate.burst=20",
        })
class ManualSyncApiIT {

    private static final String WRITE_KEY = "operator-secret";
    private static final String READ_KEY = "viewer-secret";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfra.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        String url = TestInfra.newDatabase("manual_sync_api");
        registry.add("spring.datasource.url", () -> url);
        registry.add("market.planner.api.keys.operator.hash", () -> sha256(WRITE_KEY));
        registry.add("market.planner.api.keys.viewer.hash", () -> sha256(READ_KEY));
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aManualSyncAnswers202WithOneRequestPerProviderAndRegionAndItsStateCanBeRead() {
        ResponseEntity<String> response = post(
                "{\"sku\":\"DD1391-100\",\"providers\":[\"ALIAS\",\"STOCKX\"],\"regions\":[\"US\",\"GB\"]}", WRITE_KEY);

        assertThat(response.getStatusCode().value()).isEqualTo(202);
        JsonNode requests = JSON.readTree(response.getBody()).get("requests");
        // StockX has no GB account by default: ALIAS US and GB, STOCKX US
        assertThat(requests).hasSize(3);
        assertThat(requests)
                .extracting(r ->
                        r.get("provider").asString() + "/" + r.get("region").asString())
                .as("in the order asked for")
                .containsExactly("ALIAS/US", "ALIAS/GB", "STOCKX/US");
        String requestId = requests.get(2).get("requestId").asString();
        assertThat(requestId).isNotBlank();

        ResponseEntity<String> state = get("/api/sync/" + requestId);
        assertThat(state.getStatusCode().value()).isEqualTo(200);
        JsonNode body = JSON.readTree(state.getBody());
        assertThat(body.get("status").asString()).isEqualTo("PENDING");
        assertThat(body.get("sku").asString()).isEqualTo("DD1391-100");
        assertThat(body.get("requestedBy").asString()).isEqualTo("api:operator");

        ResponseEntity<String> again = post("{\"sku\":\"DD1391-100\",\"providers\":[\"STOCKX\"]}", WRITE_KEY);
        assertThat(JSON.readTree(again.getBody())
                        .get("requests")
                        .get(0)
                        .get("requestId")
                        .asString())
                .as("the pending request is answered instead of a new one")
                .isEqualTo(requestId);
    }

    @Test
    void badInputIsA400NamingTheFieldAndAnUnknownProductOrRequestIsA404() {
        assertProblem(post("{\"sku\":\"dd 1391\"}", WRITE_KEY), 400, "sku");
        assertProblem(post("{\"sku\":\"DD1391-100\",\"providers\":[\"GOAT\"]}", WRITE_KEY), 400, "providers[0]");
        assertProblem(
                post("{\"sku\":\"DD1391-100\",\"providers\":[\"STOCKX\"],\"regions\":[\"JP\"]}", WRITE_KEY),
                400,
                "regions[0]");
        assertProblem(post("{\"sku\":[1,2]}", WRITE_KEY), 400, "sku");
        assertProblem(post("not json", WRITE_KEY), 400, null);
        assertProblem(post("{\"sku\":\"ZZ0000-000\"}", WRITE_KEY), 404, null);
        assertProblem(get("/api/sync/no-such-request"), 404, null);
    }

    @Test
    void aManualSyncNeedsAWriteKey() {
        assertProblem(post("{\"sku\":\"DD1391-100\"}", null), 401, null);
        assertProblem(post("{\"sku\":\"DD1391-100\"}", "wrong-key"), 401, null);
        assertProblem(post("{\"sku\":\"DD1391-100\"}", READ_KEY), 403, null);
        assertThat(jdbc.sql("SELECT count(*) FROM manual_requests WHERE requested_by <> 'api:operator'")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    private static void assertProblem(ResponseEntity<String> response, int status, String field) {
        assertThat(response.getStatusCode().value()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isNotNull();
        assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.getBody());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asString()).isNotBlank();
        if (field != null) {
            assertThat(problem.get("field").asString()).isEqualTo(field);
        }
    }

    private ResponseEntity<String> post(String body, String key) {
        RestClient.RequestBodySpec request = client().post()
                .uri(URI.create("http://localhost:" + port + "/api/sync"))
                .contentType(MediaType.APPLICATION_JSON)
                .body(body);
        if (key != null) {
            request.header("X-API-Key", key);
        }
        return request.exchange((req, res) -> ResponseEntity.status(res.getStatusCode())
                .headers(res.getHeaders())
                .body(new String(res.getBody().readAllBytes(), StandardCharsets.UTF_8)));
    }

    private ResponseEntity<String> get(String path) {
        return client().get()
                .uri(URI.create("http://localhost:" + port + path))
                .exchange((req, res) -> ResponseEntity.status(res.getStatusCode())
                        .headers(res.getHeaders())
                        .body(new String(res.getBody().readAllBytes(), StandardCharsets.UTF_8)));
    }

    private static RestClient client() {
        return RestClient.create();
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
