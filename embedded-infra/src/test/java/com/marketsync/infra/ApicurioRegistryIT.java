package com.marketsync.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry on PostgreSQL across a PostgreSQL restart. */
class ApicurioRegistryIT {

    private static final String SCHEMA =
            "{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Price\\\",\\\"fields\\\":[{\\\"name\\\":\\\"sku\\\",\\\"type\\\":\\\"string\\\"}]}";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private ChildProcess postgres;
    private ChildProcess registry;

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
    }

    @Test
    void answersTheFirstRequestAfterAPostgresRestartAndIsDownWhileThePostgresIsGone() throws Exception {
        PostgresServer server = PostgresServer.prepare(
                dir.resolve("pg"), FreePorts.find(), dir.resolve("postgresql.log"), PostgresServer.Durability.DURABLE);
        postgres = ChildProcess.start(server.spec("postgresql"));
        postgres.awaitReady();
        server.createDatabaseIfMissing("registry");
        int port = FreePorts.find();
        ChildSpec spec = ApicurioRegistry.onPostgres(
                "registry",
                dir.resolve("registry.log"),
                port,
                server.jdbcUrl("registry"),
                PostgresServer.USER,
                PostgresServer.PASSWORD);
        registry = ChildProcess.start(spec);
        registry.awaitReady();
        String artifacts = ApicurioRegistry.coreApiUrl(port) + "/groups/default/artifacts";
        HttpResponse<String> created = http.send(
                HttpRequest.newBuilder(URI.create(artifacts))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"artifactId\":\"price\",\"artifactType\":\"AVRO\","
                                + "\"firstVersion\":{\"content\":{\"content\":\"" + SCHEMA
                                + "\",\"contentType\":\"application/json\"}}}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);

        postgres.stop();
        postgres = ChildProcess.start(server.spec("postgresql"));
        postgres.awaitReady();

        HttpResponse<String> first = http.send(
                HttpRequest.newBuilder(URI.create(artifacts + "/price")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(first.statusCode())
                .as("the first request after the restart: %s", first.body())
                .isEqualTo(200);

        postgres.stop();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> !spec.health().healthy());
        postgres = ChildProcess.start(server.spec("postgresql"));
        postgres.awaitReady();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> spec.health().healthy());
    }
}
