package com.marketsync.infra;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apicurio Registry run as a child process on a JDK 21+: either started here with in-memory storage (for tests), or
 * described as a {@link ChildSpec} with PostgreSQL storage for a {@link Supervisor} to run.
 */
public final class ApicurioRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApicurioRegistry.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

    /**
     * Agroal (the registry's connection pool, for Apicurio's datasource named {@code postgresql}) validates a pooled
     * connection before lending it, so the first request after a PostgreSQL restart gets a fresh connection instead
     * of a dead one (without it that request fails with "terminating connection due to administrator command";
     * background validation alone does not prevent that, {@code ApicurioRegistryIT} checks it). Idle connections are
     * also validated every 10 s, so dead ones leave the pool while nobody asks.
     */
    static final Map<String, String> POSTGRES_POOL = Map.of(
            "quarkus.datasource.postgresql.jdbc.validate-on-borrow", "true",
            "quarkus.datasource.postgresql.jdbc.background-validation-interval", "10S");

    private final ChildProcess process;
    private final int httpPort;

    private ApicurioRegistry(ChildProcess process, int httpPort) {
        this.process = process;
        this.httpPort = httpPort;
    }

    /**
     * Starts the registry with in-memory storage on {@code httpPort} (0 picks a free port) and waits until it is
     * ready.
     *
     * @param workDir directory for the log file
     */
    public static ApicurioRegistry start(Path workDir, int httpPort) throws IOException {
        int port = httpPort == 0 ? FreePorts.find() : httpPort;
        ChildSpec spec = spec(
                "Apicurio Registry",
                workDir.resolve("apicurio-registry.log"),
                port,
                Map.of("apicurio.storage.kind", "sql", "apicurio.storage.sql.kind", "h2"));
        log.info("Starting Apicurio Registry on port {} (log: {})", port, spec.logFile());
        ChildProcess child = ChildProcess.start(spec);
        try {
            child.awaitReady();
        } catch (IOException | RuntimeException e) {
            child.stop();
            throw e;
        }
        log.info("Apicurio Registry ready at {}", baseUrl(port));
        return new ApicurioRegistry(child, port);
    }

    /**
     * The registry with PostgreSQL storage (schema ids survive restarts, as Kafka's data does), whose pool recovers
     * by itself from a PostgreSQL restart.
     */
    public static ChildSpec onPostgres(
            String name, Path logFile, int httpPort, String jdbcUrl, String user, String password) throws IOException {
        Map<String, String> storage = new LinkedHashMap<>(Map.of(
                "apicurio.storage.kind", "sql",
                "apicurio.storage.sql.kind", "postgresql",
                "apicurio.datasource.url", jdbcUrl,
                "apicurio.datasource.username", user,
                "apicurio.datasource.password", password));
        storage.putAll(POSTGRES_POOL);
        return spec(name, logFile, httpPort, storage);
    }

    /** Ready (and healthy) when its readiness endpoint on the management port says UP. */
    private static ChildSpec spec(String name, Path logFile, int port, Map<String, String> storage) throws IOException {
        Path home = ApicurioDistribution.unpacked();
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        int managementPort = FreePorts.find();
        List<String> command = new ArrayList<>(List.of(
                JavaRuntime.javaExecutable(),
                "-Xmx512m",
                "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort));
        storage.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", home.resolve("quarkus-run.jar").toString()));
        return ChildSpec.of(name, command, logFile)
                .withWorkDir(home)
                .withPort(port)
                .withHealth(HealthCheck.http(URI.create("http://127.0.0.1:" + managementPort + "/health/ready")))
                .withStartTimeout(STARTUP_TIMEOUT)
                .withStop(ChildSpec.StopSignal.TERM, Duration.ofSeconds(20));
    }

    /** Base URL of the registry's core v3 API, as the Apicurio serde wants it. */
    public String coreApiUrl() {
        return coreApiUrl(httpPort);
    }

    /** Base URL of the registry's Confluent-compatible API. */
    public String ccompatApiUrl() {
        return ccompatApiUrl(httpPort);
    }

    public String baseUrl() {
        return baseUrl(httpPort);
    }

    public static String baseUrl(int port) {
        return "http://127.0.0.1:" + port;
    }

    public static String coreApiUrl(int port) {
        return baseUrl(port) + "/apis/registry/v3";
    }

    public static String ccompatApiUrl(int port) {
        return baseUrl(port) + "/apis/ccompat/v7";
    }

    public int port() {
        return httpPort;
    }

    public Path logFile() {
        return process.spec().logFile();
    }

    /** Stops the registry and waits for the process to end. */
    @Override
    public void close() {
        process.stop();
    }
}
