package com.marketsync.planner.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.events.Tier;
import com.marketsync.testkit.TestInfra;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's guard and error answers over a running planner (real PostgreSQL and broker): API keys on mutating
 * requests, RFC 9457 problems naming the invalid field, the manual trigger's rate limit and the OpenAPI document. A
 * probe controller stands in for the planner's endpoints so the checks do not depend on them.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "market.planner.scheduling=false",
            "market.planner.demo-catalog=false",
            "market.planner.api.keys.writer.hash=" + ApiKeysAndErrorsIT.WRITER_HASH,
            "market.planner.api.keys.writer.role=WRITE",
            "market.planner.api.keys.reader.hash=" + ApiKeysAndErrorsIT.READER_HASH,
            "market.planner.api.keys.reader.role=READ",
            "market.planner.api.keys.limited.hash=" + ApiKeysAndErrorsIT.LIMITED_HASH,
            "market.planner.api.keys.limited.role=WRITE",
            "market.planner.api.manual-rate.burst=3",
            "market.planner.api.manual-rate.per-minute=1",
        })
class ApiKeysAndErrorsIT {

    static final String WRITER = "writer-key-3f9a";
    static final String WRITER_HASH = "eec936b466af84d02567f68ae15ffac61096baceee1094cec09491814ab659f2";
    static final String READER = "reader-key-7c21";
    static final String READER_HASH = "ebdfe3ffb0d8e72addec14bed2140389570fa552ac17e4d54158c8c47b728f64";
    /** Used only by the rate-limit test, so other tests never spend its bucket. */
    static final String LIMITED = "limited-key-5d04";

    static final String LIMITED_HASH = "e3217580012a695c16280abda637bc82e635cc96720c076d31192729423507ae";

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String VALID_ITEM = "{\"sku\":\"DD1391-100\",\"tier\":\"HOT\",\"quantity\":2}";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfra.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        String url = TestInfra.newDatabase("planner_web");
        registry.add("spring.datasource.url", () -> url);
    }

    @TestConfiguration
    static class Probes {
        @Bean
        ProbeController probeController(ProbeService service) {
            return new ProbeController(service);
        }

        @Bean
        ProbeService probeService() {
            return new ProbeService();
        }
    }

    /** A request body with a field of each kind the planner's bodies have. */
    record Item(
            @NotNull @Pattern(regexp = "[A-Z0-9][A-Z0-9-]{2,31}")
            String sku,

            @NotNull Tier tier,
            @Min(1) int quantity) {}

    /** Endpoints that exercise each kind of failure. */
    @RestController
    @RequestMapping("/api/web-probe")
    static class ProbeController {

        private final ProbeService service;

        ProbeController(ProbeService service) {
            this.service = service;
        }

        @GetMapping("/items")
        Map<String, Object> list(
                @RequestParam @Min(1) @Max(100) int size,
                @RequestParam Tier tier,
                @RequestAttribute(name = ApiKeys.KEY_NAME_ATTRIBUTE, required = false) String keyName) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("size", size);
            answer.put("tier", tier);
            answer.put("key", keyName == null ? "none" : keyName);
            return answer;
        }

        @PostMapping("/items")
        Map<String, Object> create(
                @Valid @RequestBody Item item,
                @RequestAttribute(name = ApiKeys.KEY_NAME_ATTRIBUTE, required = false) String keyName) {
            return Map.of("sku", item.sku(), "key", keyName == null ? "none" : keyName);
        }

        @GetMapping("/checked")
        String checked(@RequestParam String sku) {
            return service.check(sku);
        }

        @GetMapping("/refused")
        String refused() {
            throw ApiException.badRequest("region", "'XX' is not a region of STOCKX");
        }

        @PostMapping("/boom")
        String boom() {
            throw new IllegalStateException("connection to jdbc:postgresql://db/secret failed, password hunter2");
        }
    }

    /** A validated bean outside the web layer: its violations arrive as ConstraintViolationException. */
    @Validated
    static class ProbeService {
        public String check(@Pattern(regexp = "[A-Z0-9][A-Z0-9-]{2,31}") String sku) {
            return sku;
        }
    }

    @LocalServerPort
    int port;

    @Test
    void mutatingRequestWithoutKeyIsRefusedWith401Problem() throws Exception {
        HttpResponse<String> response = post("/api/web-probe/items", VALID_ITEM, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).contains("X-API-Key"));
        JsonNode problem = problem(response);
        assertThat(problem.get("status").asInt()).isEqualTo(401);
        assertThat(problem.get("title").asString()).isEqualTo("Unauthorized");
        assertThat(problem.get("detail").asString()).contains("X-API-Key");
        assertThat(problem.get("instance").asString()).isEqualTo("/api/web-probe/items");
    }

    @Test
    void unknownKeyIsRefusedWith401EvenOnReads() throws Exception {
        HttpResponse<String> write = post("/api/web-probe/items", VALID_ITEM, "not-a-configured-key");
        HttpResponse<String> read = get("/api/web-probe/items?size=5&tier=HOT", "not-a-configured-key");

        assertThat(write.statusCode()).isEqualTo(401);
        assertThat(problem(write).get("detail").asString()).isEqualTo("The API key is not valid");
        assertThat(read.statusCode()).isEqualTo(401);
        assertThat(problem(read).get("status").asInt()).isEqualTo(401);
    }

    @Test
    void readKeyMayNotChangeAnything() throws Exception {
        HttpResponse<String> response = post("/api/web-probe/items", VALID_ITEM, READER);

        assertThat(response.statusCode()).isEqualTo(403);
        JsonNode problem = problem(response);
        assertThat(problem.get("title").asString()).isEqualTo("Forbidden");
        assertThat(problem.get("detail").asString()).contains("reader").contains("may only read");
    }

    @Test
    void writeKeyPassesAndItsNameReachesTheController() throws Exception {
        HttpResponse<String> response = post("/api/web-probe/items", VALID_ITEM, WRITER);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("sku").asString()).isEqualTo("DD1391-100");
        assertThat(body.get("key").asString()).isEqualTo("writer");
    }

    @Test
    void readsNeedNoKeyAndAReadKeyIsRecognised() throws Exception {
        HttpResponse<String> anonymous = get("/api/web-probe/items?size=5&tier=HOT", null);
        HttpResponse<String> withReadKey = get("/api/web-probe/items?size=5&tier=COLD", READER);

        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(anonymous.body()).get("key").asString()).isEqualTo("none");
        assertThat(withReadKey.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(withReadKey.body()).get("key").asString()).isEqualTo("reader");
    }

    @Test
    void wrongJsonTypeOfABodyFieldIsA400NamingTheField() throws Exception {
        HttpResponse<String> response =
                post("/api/web-probe/items", "{\"sku\":\"DD1391-100\",\"tier\":\"HOT\",\"quantity\":\"many\"}", WRITER);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = problem(response);
        assertThat(problem.get("field").asString()).isEqualTo("quantity");
        assertThat(problem.get("detail").asString()).isEqualTo("must be a whole number");
    }

    @Test
    void unknownEnumValueIsA400NamingTheFieldAndTheAllowedValues() throws Exception {
        HttpResponse<String> response =
                post("/api/web-probe/items", "{\"sku\":\"DD1391-100\",\"tier\":\"LUKEWARM\",\"quantity\":1}", WRITER);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = problem(response);
        assertThat(problem.get("field").asString()).isEqualTo("tier");
        assertThat(problem.get("detail").asString()).isEqualTo("must be one of HOT, WARM, COLD, FROZEN");
    }

    @Test
    void beanValidationFailureIsA400NamingTheFirstFieldAndListingAll() throws Exception {
        HttpResponse<String> response =
                post("/api/web-probe/items", "{\"sku\":\"bad sku\",\"tier\":\"HOT\",\"quantity\":0}", WRITER);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = problem(response);
        assertThat(problem.get("field").asString()).isEqualTo("quantity");
        assertThat(problem.get("errors").valueStream().map(e -> e.get("field").asString()))
                .containsExactly("quantity", "sku");
        assertThat(problem.get("errors").get(0).get("message").asString()).contains("greater than or equal to 1");
    }

    @Test
    void malformedJsonIsA400() throws Exception {
        HttpResponse<String> response = post("/api/web-probe/items", "{\"sku\": ", WRITER);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(problem(response).get("detail").asString()).startsWith("Request body is not valid JSON");
    }

    @Test
    void badQueryParametersAre400sNamingTheParameter() throws Exception {
        HttpResponse<String> notANumber = get("/api/web-probe/items?size=abc&tier=HOT", null);
        HttpResponse<String> tooLarge = get("/api/web-probe/items?size=1000&tier=HOT", null);
        HttpResponse<String> unknownTier = get("/api/web-probe/items?size=5&tier=LUKEWARM", null);
        HttpResponse<String> missing = get("/api/web-probe/items?size=5", null);

        assertThat(List.of(notANumber, tooLarge, unknownTier, missing))
                .allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(400));
        assertThat(problem(notANumber).get("field").asString()).isEqualTo("size");
        assertThat(problem(notANumber).get("detail").asString()).isEqualTo("must be a whole number");
        assertThat(problem(tooLarge).get("field").asString()).isEqualTo("size");
        assertThat(problem(tooLarge).get("errors").get(0).get("message").asString())
                .contains("less than or equal to 100");
        assertThat(problem(unknownTier).get("field").asString()).isEqualTo("tier");
        assertThat(problem(unknownTier).get("detail").asString()).contains("HOT, WARM, COLD, FROZEN");
        assertThat(problem(missing).get("field").asString()).isEqualTo("tier");
    }

    @Test
    void violationsOutsideTheWebLayerAndApiExceptionsName400Fields() throws Exception {
        HttpResponse<String> violation = get("/api/web-probe/checked?sku=not%20a%20sku", null);
        HttpResponse<String> refused = get("/api/web-probe/refused", null);

        assertThat(violation.statusCode()).isEqualTo(400);
        assertThat(problem(violation).get("field").asString()).isEqualTo("sku");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(problem(refused).get("field").asString()).isEqualTo("region");
        assertThat(problem(refused).get("detail").asString()).isEqualTo("'XX' is not a region of STOCKX");
    }

    @Test
    void unexpectedFailureIsA500ProblemWithoutInternals() throws Exception {
        HttpResponse<String> response = post("/api/web-probe/boom", "{}", WRITER);

        assertThat(response.statusCode()).isEqualTo(500);
        JsonNode problem = problem(response);
        assertThat(problem.get("status").asInt()).isEqualTo(500);
        assertThat(problem.get("errorId").asString()).isNotBlank();
        assertThat(problem.get("detail").asString())
                .contains(problem.get("errorId").asString());
        assertThat(response.body())
                .doesNotContain("hunter2", "postgresql", "IllegalStateException", "trace", "at com.");
    }

    @Test
    void wrongMediaTypeMethodAndPathAreProblemsToo() throws Exception {
        HttpResponse<String> mediaType = send(HttpRequest.newBuilder(uri("/api/web-probe/items"))
                .header("X-API-Key", WRITER)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello")));
        HttpResponse<String> method = send(HttpRequest.newBuilder(uri("/api/web-probe/items"))
                .header("X-API-Key", WRITER)
                .DELETE());
        HttpResponse<String> path = get("/api/no-such-thing", null);

        assertThat(mediaType.statusCode()).isEqualTo(415);
        assertThat(problem(mediaType).get("status").asInt()).isEqualTo(415);
        assertThat(method.statusCode()).isEqualTo(405);
        assertThat(problem(method).get("status").asInt()).isEqualTo(405);
        assertThat(path.statusCode()).isEqualTo(404);
        assertThat(problem(path).get("instance").asString()).isEqualTo("/api/no-such-thing");
    }

    @Test
    void manualTriggerIsRateLimitedPerKeyWithRetryAfter() throws Exception {
        // an empty body is refused by the controller (400), so no sync is issued; the limit counts it all the same
        for (int i = 0; i < 3; i++) {
            assertThat(post("/api/sync", "{}", LIMITED).statusCode())
                    .as("request %d", i + 1)
                    .isNotEqualTo(429);
        }

        HttpResponse<String> limited = post("/api/sync", "{}", LIMITED);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After"))
                .hasValueSatisfying(value -> assertThat(Long.parseLong(value)).isBetween(1L, 60L));
        JsonNode problem = problem(limited);
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        assertThat(problem.get("title").asString()).isEqualTo("Too Many Requests");
        assertThat(problem.get("instance").asString()).isEqualTo("/api/sync");
        assertThat(post("/api/sync", "{}", WRITER).statusCode())
                .as("another key has a bucket of its own")
                .isNotEqualTo(429);
        assertThat(post("/api/web-probe/items", VALID_ITEM, LIMITED).statusCode())
                .as("only the manual trigger is limited")
                .isEqualTo(200);
    }

    @Test
    void openApiIsServedOpenlyWithTheApiKeyScheme() throws Exception {
        HttpResponse<String> docs = get("/v3/api-docs", null);
        HttpResponse<String> ui = get("/swagger-ui.html", null);
        HttpResponse<String> health = get("/actuator/health", null);

        assertThat(docs.statusCode()).isEqualTo(200);
        JsonNode openApi = JSON.readTree(docs.body());
        assertThat(openApi.at("/info/title").asString()).isEqualTo("market-sync planner API");
        JsonNode scheme = openApi.at("/components/securitySchemes/apiKey");
        assertThat(scheme.get("type").asString()).isEqualTo("apiKey");
        assertThat(scheme.get("in").asString()).isEqualTo("header");
        assertThat(scheme.get("name").asString()).isEqualTo("X-API-Key");
        assertThat(openApi.at("/paths/~1api~1web-probe~1items/post/security/0").has("apiKey"))
                .isTrue();
        assertThat(openApi.at("/paths/~1api~1web-probe~1items/get/security").isMissingNode())
                .isTrue();
        assertThat(openApi.at("/paths/~1api~1web-probe~1items/post/responses/401/content")
                        .toString())
                .contains("application/problem+json", "#/components/schemas/Problem");
        assertThat(openApi.at("/components/schemas/Problem/properties").has("field"))
                .isTrue();
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).containsIgnoringCase("swagger");
        assertThat(health.statusCode()).isEqualTo(200);
    }

    private JsonNode problem(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith(PROBLEM_JSON));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asString()).isNotBlank();
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("status").asInt()).isEqualTo(response.statusCode());
        assertThat(problem.get("detail").asString()).isNotBlank();
        assertThat(problem.get("instance").asString()).startsWith("/");
        return problem;
    }

    private HttpResponse<String> get(String path, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (key != null) {
            request.header("X-API-Key", key);
        }
        return send(request);
    }

    private HttpResponse<String> post(String path, String json, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
