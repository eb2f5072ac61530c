package com.marketsync.writer;

import static com.marketsync.writer.TestSnapshots.money;
import static com.marketsync.writer.TestSnapshots.snapshot;
import static com.marketsync.writer.TestSnapshots.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.events.PriceSnapshot;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Replaying the snapshot topic through the admin endpoint: nothing changes when all is stored, gaps are refilled. */
class ReplayIT extends WriterIntegrationSupport {

    private static final Instant T1 =
            Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(900);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    private int port;

    @Autowired
    private DataSource dataSource;

    @Test
    void replayOfStoredSnapshotsChangesNoRowAndPublishesNoEvent() throws Exception {
        String sku = uniqueSku("REPLAY");
        // from an instant: a replay from the beginning would also re-read what other tests left unstored on purpose
        Instant before = Instant.now();
        send(
                snapshot(sku, "v1", T1),
                snapshot(sku, "v1", T1.plusSeconds(60), b -> b.setLowestAsk(money("190.00"))),
                snapshot(sku, "v2", T1));
        eventually().untilAsserted(() -> assertThat(history(sku)).hasSize(3));
        List<Map<String, Object>> historyBefore = history(sku);
        List<Map<String, Object>> latestBefore = latest(sku);
        // published before the commits that stored them
        List<String> eventsBefore = changeEventKeys(sku);
        assertThat(eventsBefore).hasSizeBetween(2, 3);

        JsonNode done = replay("{\"from\":\"" + before + "\"}");

        assertThat(done.get("status").asString()).isEqualTo("DONE");
        assertThat(done.get("recordsRead").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(done.get("newHistoryRows").asLong()).isZero();
        assertThat(done.get("latestPricesChanged").asLong()).isZero();
        assertThat(history(sku)).isEqualTo(historyBefore);
        assertThat(latest(sku)).isEqualTo(latestBefore);
        assertThat(changeEventKeys(sku)).isEqualTo(eventsBefore);
    }

    @Test
    void replayFromAnInstantRebuildsDeletedLatestPrices() throws Exception {
        String sku = uniqueSku("REBUILD");
        Instant before = Instant.now();
        send(snapshot(sku, "v1", T1), snapshot(sku, "v1", T1.plusSeconds(60), b -> b.setLowestAsk(money("191.00"))));
        eventually().untilAsserted(() -> assertThat(latest(sku, "v1")).containsEntry("lowest_ask", money("191.00")));
        jdbc.sql("DELETE FROM market.latest_prices WHERE sku = ?").param(sku).update();

        JsonNode done = replay("{\"from\":\"" + before + "\"}");

        assertThat(done.get("status").asString()).isEqualTo("DONE");
        assertThat(done.get("newHistoryRows").asLong()).isZero();
        assertThat(done.get("latestPricesChanged").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(latest(sku, "v1")).containsEntry("lowest_ask", money("191.00"));
        assertThat(instant(latest(sku, "v1").get("observed_at"))).isEqualTo(T1.plusSeconds(60));
    }

    @Test
    void aReplayedBatchIsWrittenAsSharesOfItsKeysAtOnce() throws Exception {
        String sku = uniqueSku("SHARES");
        Instant before = Instant.now();
        List<PriceSnapshot> variants = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            variants.add(snapshot(sku, "v" + i, T1));
        }
        send(variants.toArray(PriceSnapshot[]::new));
        eventually().untilAsserted(() -> assertThat(latest(sku)).hasSize(16));
        // the replay has v0 to update (its stored price made older) and v1..v15 to restore
        jdbc.sql("UPDATE market.latest_prices SET observed_at = observed_at - interval '1 hour'"
                        + " WHERE sku = ? AND variant_key = 'v0'")
                .param(sku)
                .update();
        jdbc.sql("DELETE FROM market.latest_prices WHERE sku = ? AND variant_key <> 'v0'")
                .param(sku)
                .update();
        String location;
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "SELECT 1 FROM market.latest_prices WHERE sku = ? AND variant_key = 'v0' FOR UPDATE")) {
                lock.setString(1, sku);
                lock.execute();
            }

            location = started("{\"from\":\"" + before + "\"}");

            eventually()
                    .alias("variants of another share restored while v0's share waits for its row")
                    .until(() -> latest(sku).size(), restored -> restored > 1);
            assertThat(instant(latest(sku, "v0").get("observed_at"))).isEqualTo(T1.minus(Duration.ofHours(1)));
            holder.rollback();
        }

        assertThat(finished(location).get("status").asString()).isEqualTo("DONE");
        assertThat(latest(sku)).hasSize(16).allSatisfy(row -> assertThat(instant(row.get("observed_at")))
                .isEqualTo(T1));
    }

    @Test
    void replayWithoutAUsableStartIsRefusedNamingTheField() throws Exception {
        for (String body : List.of("{}", "{\"from\":\"yesterday\"}", "{\"from\":42}")) {
            HttpResponse<String> response = post("/api/admin/replays", body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).get("field").asString()).isEqualTo("from");
        }
        assertThat(admin(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/admin/replays/nope")))
                        .statusCode())
                .isEqualTo(404);
    }

    private JsonNode replay(String body) throws Exception {
        return finished(started(body));
    }

    /** Starts a replay and returns where its progress is. */
    private String started(String body) throws Exception {
        HttpResponse<String> started = post("/api/admin/replays", body);
        assertThat(started.statusCode()).isEqualTo(202);
        return started.headers().firstValue("Location").orElseThrow();
    }

    private JsonNode finished(String location) {
        JsonNode[] last = new JsonNode[1];
        eventually().untilAsserted(() -> {
            last[0] = JSON.readTree(admin(HttpRequest.newBuilder(URI.create("http://localhost:" + port + location)))
                    .body());
            assertThat(last[0].get("status").asString()).isNotEqualTo("RUNNING");
        });
        return last[0];
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return admin(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }
}
