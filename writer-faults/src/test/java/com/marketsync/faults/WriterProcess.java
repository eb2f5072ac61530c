package com.marketsync.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.apikeys.ApiKeyDigests;
import com.marketsync.infra.ChildProcesses;
import com.marketsync.infra.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * market-writer started from its executable jar as a child process, as it runs in production: probed over HTTP,
 * killed with SIGKILL and started again with the same command, port and log file. Every process started here is
 * destroyed by {@link #close()} and, should a test JVM end without it, by a shutdown hook.
 */
final class WriterProcess implements AutoCloseable {

    /** How Java reports a child that died of SIGKILL on Linux: 128 + signal 9. */
    static final int KILLED_BY_SIGKILL = 128 + 9;

    /** Long enough for a writer started from its jar on a busy two-core machine. */
    private static final Duration STARTUP = Duration.ofSeconds(120);

    /** The admin key every writer started here accepts, and {@link #call} sends. */
    private static final String ADMIN_KEY = "writer-faults-admin-key";

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "stop-writer-processes"));
    }

    private final String name;
    private final int port;
    private final List<String> command;
    private final Path log;
    private volatile Process process;

    private WriterProcess(String name, int port, List<String> command, Path log) {
        this.name = name;
        this.port = port;
        this.command = List.copyOf(command);
        this.log = log;
    }

    /**
     * Starts the writer as a service on a free port with the given Spring properties (without leading dashes) and
     * waits until it is healthy; a writer that does not get there is stopped before the failure is thrown.
     */
    static WriterProcess start(String name, Map<String, String> properties) {
        int port = FreePorts.find();
        List<String> command = command(properties);
        command.add("--server.port=" + port);
        WriterProcess writer = new WriterProcess(name, port, command, logFile(name));
        writer.launch();
        try {
            return writer.awaitHealthy();
        } catch (RuntimeException | Error e) {
            writer.close();
            throw e;
        }
    }

    /**
     * Runs the writer as a one-off command (e.g. {@code market.writer.command=replay}) to its end; the process is
     * destroyed if it outlives the timeout.
     */
    static Finished runCommand(String name, Map<String, String> properties, Duration timeout) {
        Path log = logFile(name);
        Process process = launch(command(properties), log);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " did not finish within " + timeout + "; see " + log);
            }
            return new Finished(process.exitValue(), log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            ChildProcesses.stop(process, Duration.ofSeconds(5));
            LIVE.remove(process);
        }
    }

    /** Waits until {@code /actuator/health} answers 200 (UP), failing early if the process exits. */
    WriterProcess awaitHealthy() {
        try {
            ChildProcesses.awaitHttpOk(process, url("/actuator/health"), STARTUP, name, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * Kills the writer with SIGKILL ({@link Process#destroyForcibly()} on Linux), as a crash or an OOM killer would:
     * no shutdown hook, no commit, no goodbye to the consumer group. Checks that it really died of SIGKILL.
     */
    void kill() {
        Process killed = process;
        killed.destroyForcibly();
        try {
            assertThat(killed.waitFor(30, TimeUnit.SECONDS))
                    .as("%s ended after SIGKILL", name)
                    .isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        LIVE.remove(killed);
        assertThat(killed.exitValue()).as("exit code of %s after SIGKILL", name).isEqualTo(KILLED_BY_SIGKILL);
    }

    /** Starts the writer again with the same command, port and (appended) log file. */
    void restart() {
        assertThat(process.isAlive()).as("%s is still running", name).isFalse();
        launch();
    }

    /**
     * What {@code /actuator/health} reports (UP, DOWN, ...) to a probe that waits at most {@code timeout}: TIMEOUT if
     * it has not answered by then, UNREACHABLE if it cannot be reached.
     */
    String health(Duration timeout) {
        HttpRequest request =
                HttpRequest.newBuilder(url("/actuator/health")).timeout(timeout).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode status = JSON.readTree(response.body()).get("status");
            return status == null ? "HTTP " + response.statusCode() : status.asString();
        } catch (HttpTimeoutException e) {
            return "TIMEOUT";
        } catch (IOException | RuntimeException e) {
            return "UNREACHABLE";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "UNREACHABLE";
        }
    }

    /** Sends a request to the writer's HTTP API and returns the response body as JSON. */
    JsonNode call(HttpRequest.Builder request, int expectedStatus) {
        try {
            HttpResponse<String> response = HTTP.send(
                    request.timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .header("X-API-Key", ADMIN_KEY)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode())
                    .as("%s answered %s", response.request().uri(), response.body())
                    .isEqualTo(expectedStatus);
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Lines of the writer's log (all of its runs) that contain the text. */
    List<String> logLines(String containing) {
        return lines(log, containing);
    }

    @Override
    public void close() {
        Process running = process;
        if (running != null) {
            ChildProcesses.stop(running, Duration.ofSeconds(10));
            LIVE.remove(running);
        }
    }

    private void launch() {
        process = launch(command, log);
    }

    private static Process launch(List<String> command, Path log) {
        try {
            Process started = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            LIVE.add(started);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + command, e);
        }
    }

    private static List<String> command(Map<String, String> properties) {
        List<String> command = new ArrayList<>(List.of(
                java(),
                "-Xmx512m",
                // two cores shared by broker, PostgreSQL, registry, producer and writer: start fast, no GC threads
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-jar",
                jar().toString()));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        command.add("--market.writer.admin.keys.faults.hash=" + ApiKeyDigests.sha256Hex(ADMIN_KEY));
        return command;
    }

    /** The JDK running this test (21 or newer, as the build's toolchain guarantees). */
    private static String java() {
        assertThat(Runtime.version().feature()).as("Java feature version").isGreaterThanOrEqualTo(21);
        return ProcessHandle.current()
                .info()
                .command()
                .orElseThrow(() -> new IllegalStateException("The java executable of this JVM is unknown"));
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty("market.faults.writer-jar", "target/writer/market-writer.jar"));
        assertThat(jar)
                .as("market-writer's executable jar (copied by the build)")
                .isRegularFile();
        return jar;
    }

    private static Path logFile(String name) {
        Path dir = Path.of(System.getProperty("market.faults.logs", "target/faults-logs"));
        try {
            Files.createDirectories(dir);
            Path log = dir.resolve(name + ".log");
            Files.deleteIfExists(log);
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path log, String containing) {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(containing)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A one-off command that ran to its end.
     *
     * @param exitCode the process's exit code
     * @param log its output
     */
    record Finished(int exitCode, Path log) {

        List<String> logLines(String containing) {
            return lines(log, containing);
        }
    }
}
