package com.marketsync.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The admin API needs an admin key; the price query API does not. */
class AdminKeyIT extends WriterIntegrationSupport {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    private int port;

    @Test
    void refusesAReplayWithoutAKeyOrWithAnUnknownOneAsAProblem() throws Exception {
        for (String key : new String[] {null, " ", "not-the-key", ADMIN_KEY + "x"}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/admin/replays"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"beginning\"}"));
            if (key != null) {
                request.header("X-API-Key", key);
            }
            HttpResponse<String> response = send(request);

            assertThat(response.statusCode()).as("key %s", key).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.headers().firstValue("Location"))
                    .as("no replay started")
                    .isEmpty();
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.get("status").asInt()).isEqualTo(401);
            assertThat(problem.get("detail").asString())
                    .contains(key == null || key.isBlank() ? "X-API-Key" : "not valid");
        }
    }

    @Test
    void guardsEveryAdminEndpointReadsIncluded() throws Exception {
        HttpRequest.Builder republish = HttpRequest.newBuilder(uri("/api/admin/latest-prices/republish?provider=goat"))
                .POST(HttpRequest.BodyPublishers.noBody());
        assertThat(send(republish).statusCode()).isEqualTo(401);
        assertThat(admin(republish).statusCode())
                .as("the key passes; the unknown provider is refused")
                .isEqualTo(400);

        HttpRequest.Builder status = HttpRequest.newBuilder(uri("/api/admin/replays/nope"));
        assertThat(send(status).statusCode()).isEqualTo(401);
        assertThat(send(status.header("X-API-Key", "wrong")).statusCode()).isEqualTo(401);
        assertThat(admin(HttpRequest.newBuilder(uri("/api/admin/replays/nope"))).statusCode())
                .isEqualTo(404);
    }

    @Test
    void leavesThePriceQueryApiOpen() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/prices/NO-SUCH-SKU-ADMIN-KEY")));

        assertThat(response.statusCode()).isEqualTo(404);
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
