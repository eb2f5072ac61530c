package com.marketsync.writer;

import static com.marketsync.writer.TestSnapshots.money;
import static com.marketsync.writer.TestSnapshots.snapshot;
import static com.marketsync.writer.TestSnapshots.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.events.Provider;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Checks the operators' latest-price endpoint against rows the writer stored from Kafka. */
class LatestPriceApiIT extends WriterIntegrationSupport {

    private static final Instant T1 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    private int port;

    @Test
    void returnsLatestPricesOfASkuWithExactAmounts() {
        String sku = uniqueSku("API");
        send(
                snapshot(sku, "v1", T1, b -> b.setLowestAsk(money("180.10")).setHighestBid(null)),
                snapshot(sku, "v1", T1, b -> b.setProvider(Provider.ALIAS)
                        .setRegion("GB")
                        .setCurrency("GBP")
                        .setLowestAsk(money("155.00"))));
        eventually().untilAsserted(() -> assertThat(latest(sku)).hasSize(2));

        ResponseEntity<String> all = get("/api/latest-prices?sku=" + sku);
        assertThat(all.getStatusCode().value()).isEqualTo(200);
        JsonNode rows = JSON.readTree(all.getBody());
        assertThat(rows).hasSize(2);
        JsonNode stockx = rows.get(1);
        assertThat(stockx.get("provider").asString()).isEqualTo("STOCKX");
        assertThat(stockx.get("sku").asString()).isEqualTo(sku);
        assertThat(stockx.get("region").asString()).isEqualTo("US");
        assertThat(stockx.get("currency").asString()).isEqualTo("USD");
        assertThat(stockx.get("size").asString()).isEqualTo("10.5");
        assertThat(stockx.get("sizeSystem").asString()).isEqualTo("US_M");
        assertThat(stockx.get("lowestAsk").asString()).isEqualTo("180.10");
        assertThat(stockx.get("highestBid").isNull()).isTrue();
        assertThat(Instant.parse(stockx.get("verifiedAt").asString())).isEqualTo(T1);
        assertThat(Instant.parse(stockx.get("changedAt").asString())).isEqualTo(T1);

        JsonNode filtered = JSON.readTree(get("/api/latest-prices?sku=" + sku + "&provider=alias&region=GB")
                .getBody());
        assertThat(filtered).hasSize(1);
        assertThat(filtered.get(0).get("lowestAsk").asString()).isEqualTo("155.00");
        assertThat(filtered.get(0).get("currency").asString()).isEqualTo("GBP");
    }

    @Test
    void rejectsMissingOrBlankSkuNamingTheParameter() {
        ResponseEntity<String> missing = get("/api/latest-prices");
        ResponseEntity<String> blank = get("/api/latest-prices?sku=%20");

        assertThat(missing.getStatusCode().value()).isEqualTo(400);
        assertThat(missing.getBody()).contains("sku");
        assertThat(blank.getStatusCode().value()).isEqualTo(400);
        assertThat(blank.getBody()).contains("sku");
    }

    @Test
    void rejectsUnknownProviderNamingTheParameter() {
        ResponseEntity<String> response = get("/api/latest-prices?sku=DD1391-100&provider=nike");

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getBody()).contains("provider");
    }

    @Test
    void reportsHealthForProbes() {
        ResponseEntity<String> health = get("/actuator/health");

        assertThat(health.getStatusCode().value()).isEqualTo(200);
        JsonNode body = JSON.readTree(health.getBody());
        assertThat(body.get("status").asString()).isEqualTo("UP");
        // each dependency by name, so an operator sees which one is DOWN; no details
        for (String component : List.of("db", "kafka", "registry")) {
            assertThat(body.at("/components/" + component + "/status").asString())
                    .as(component)
                    .isEqualTo("UP");
            assertThat(body.at("/components/" + component + "/details").isMissingNode())
                    .as(component + " details")
                    .isTrue();
        }
    }

    private ResponseEntity<String> get(String pathAndQuery) {
        // a URI, not a template, so an already encoded query such as sku=%20 is sent as written
        return RestClient.create()
                .get()
                .uri(URI.create("http://localhost:" + port + pathAndQuery))
                .retrieve()
                .onStatus(HttpStatusCode::isError, (request, response) -> {})
                .toEntity(String.class);
    }
}
