package com.marketsync.infra;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs Apicurio Registry (in-memory storage) as a child process on a JDK 21+ and stops it again. */
public final class ApicurioRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApicurioRegistry.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final int httpPort;
    private final Path logFile;

    private ApicurioRegistry(Process process, int httpPort, Path logFile) {
        this.process = process;
        this.httpPort = httpPort;
        this.logFile = logFile;
    }

    /**
     * Starts the registry with in-memory storage on {@code httpPort} (0 picks a free port) and waits until it is
     * ready.
     *
     * @param workDir directory for the log file
     */
    public static ApicurioRegistry start(Path workDir, int httpPort) throws IOException {
        return start(workDir, httpPort, Map.of("apicurio.storage.kind", "sql", "apicurio.storage.sql.kind", "h2"));
    }

    /** Starts the registry with PostgreSQL storage, so schema ids survive restarts (as Kafka's data does). */
    public static ApicurioRegistry startOnPostgres(
            Path workDir, int httpPort, String jdbcUrl, String user, String password) throws IOException {
        return start(
                workDir,
                httpPort,
                Map.of(
                        "apicurio.storage.kind", "sql",
                        "apicurio.storage.sql.kind", "postgresql",
                        "apicurio.datasource.url", jdbcUrl,
                        "apicurio.datasource.username", user,
                        "apicurio.datasource.password", password));
    }

    private static ApicurioRegistry start(Path workDir, int httpPort, Map<String, String> storage) throws IOException {
        Path home = ApicurioDistribution.unpacked();
        Files.createDirectories(workDir);
        int port = httpPort == 0 ? FreePorts.find() : httpPort;
        int managementPort = FreePorts.find();
        Path logFile = workDir.resolve("apicurio-registry.log");
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
        log.info("Starting Apicurio Registry on port {} (log: {})", port, logFile);
        Process process = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        ApicurioRegistry registry = new ApicurioRegistry(process, port, logFile);
        try {
            registry.awaitReady(managementPort);
        } catch (IOException | RuntimeException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    /** Base URL of the registry's core v3 API, as the Apicurio serde wants it. */
    public String coreApiUrl() {
        return baseUrl() + "/apis/registry/v3";
    }

    /** Base URL of the registry's Confluent-compatible API. */
    public String ccompatApiUrl() {
        return baseUrl() + "/apis/ccompat/v7";
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int port() {
        return httpPort;
    }

    public Path logFile() {
        return logFile;
    }

    private void awaitReady(int managementPort) throws IOException {
        ChildProcesses.awaitHttpOk(
                process,
                URI.create("http://127.0.0.1:" + managementPort + "/health/ready"),
                STARTUP_TIMEOUT,
                "Apicurio Registry",
                logFile);
        log.info("Apicurio Registry ready at {}", baseUrl());
    }

    /** Stops the registry and waits for the process to end. */
    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(20));
    }
}
