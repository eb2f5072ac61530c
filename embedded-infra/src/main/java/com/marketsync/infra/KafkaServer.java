package com.marketsync.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A single-node Kafka broker (KRaft, combined broker and controller) run as a child process from the Kafka jars on
 * a given classpath; its log directory survives restarts.
 */
public final class KafkaServer {

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final Path logFile;
    private final String classpath;

    private KafkaServer(Path dir, int port, int controllerPort, Path logFile, String classpath) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.logFile = logFile;
        this.classpath = classpath;
    }

    /**
     * Writes the broker's configuration into {@code dir} and formats its storage on first use.
     *
     * @param classpath holds {@code kafka.Kafka} and {@code kafka.tools.StorageTool} (the kafka_2.13 jar and its
     *     dependencies)
     */
    public static KafkaServer prepare(Path dir, int port, int controllerPort, Path logFile, String classpath)
            throws IOException {
        KafkaServer server = new KafkaServer(dir.toAbsolutePath(), port, controllerPort, logFile, classpath);
        server.configure();
        return server;
    }

    private void configure() throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectories(dir);
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        Files.writeString(
                config(),
                String.join(
                        "\n",
                        List.of(
                                "process.roles=broker,controller",
                                "node.id=1",
                                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                                "controller.listener.names=CONTROLLER",
                                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                                "inter.broker.listener.name=PLAINTEXT",
                                "log.dirs=" + data,
                                "num.partitions=3",
                                "offsets.topic.replication.factor=1",
                                "transaction.state.log.replication.factor=1",
                                "transaction.state.log.min.isr=1",
                                "group.initial.rebalance.delay.ms=0",
                                "auto.create.topics.enable=false",
                                "")));
        if (!Files.exists(data.resolve("meta.properties"))) {
            format();
        }
    }

    private Path config() {
        return dir.resolve("server.properties");
    }

    /** The broker child: ready once it accepts connections; SIGTERM runs its controlled shutdown. */
    public ChildSpec spec(String name) {
        return ChildSpec.of(name, java("kafka.Kafka", config().toString()), logFile)
                .withPort(port)
                .withHealth(HealthCheck.tcp(port))
                .withStartTimeout(Duration.ofMinutes(2))
                .withStop(ChildSpec.StopSignal.TERM, Duration.ofSeconds(30));
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    private List<String> java(String mainClass, String... args) {
        List<String> command =
                new ArrayList<>(List.of(JavaRuntime.javaExecutable(), "-Xmx512m", "-cp", classpath, mainClass));
        command.addAll(List.of(args));
        return command;
    }

    private void format() throws IOException {
        Process process = new ProcessBuilder(
                        java("kafka.tools.StorageTool", "format", "-t", clusterId(), "-c", config().toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("Formatting Kafka's storage failed; last lines of " + logFile + ":"
                        + System.lineSeparator() + ChildProcess.indented(ChildProcess.lastLines(logFile, 15)));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while formatting Kafka's storage", e);
        }
    }

    /** A random cluster id as Kafka writes them: 16 bytes, URL-safe base64 without padding, not starting with '-'. */
    static String clusterId() {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[16];
        String id;
        do {
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-"));
        return id;
    }
}
