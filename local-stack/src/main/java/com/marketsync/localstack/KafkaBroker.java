package com.marketsync.localstack;

import com.marketsync.infra.ChildProcesses;
import com.marketsync.infra.JavaRuntime;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** A single-node Kafka broker (KRaft, combined broker + controller) run as a child process from the Kafka jars. */
final class KafkaBroker implements AutoCloseable {

    private final Process process;
    private final int port;

    private KafkaBroker(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Formats the storage on first use (data survives restarts) and starts the broker. */
    static KafkaBroker start(Path dir, int port, int controllerPort, Path logFile) throws IOException {
        Path config = dir.resolve("server.properties");
        Path data = dir.resolve("data");
        Files.createDirectories(dir);
        Files.writeString(
                config,
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
                                "log.dirs=" + data.toAbsolutePath(),
                                "num.partitions=3",
                                "offsets.topic.replication.factor=1",
                                "transaction.state.log.replication.factor=1",
                                "transaction.state.log.min.isr=1",
                                "group.initial.rebalance.delay.ms=0",
                                "auto.create.topics.enable=false",
                                "")));
        if (!Files.exists(data.resolve("meta.properties"))) {
            String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
            run(logFile, "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config.toString());
        }
        Process process = java(logFile, "kafka.Kafka", config.toString()).start();
        KafkaBroker broker = new KafkaBroker(process, port);
        broker.awaitListening(logFile);
        return broker;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    private void awaitListening(Path logFile) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("Kafka exited with code " + process.exitValue() + "; see " + logFile);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
            }
        }
        close();
        throw new IOException("Kafka not listening after 60 s; see " + logFile);
    }

    private static ProcessBuilder java(Path logFile, String mainClass, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(
                JavaRuntime.javaExecutable(), "-Xmx512m", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    }

    private static void run(Path logFile, String mainClass, String... args) throws IOException {
        try {
            Process process = java(logFile, mainClass, args).start();
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IOException(mainClass + " failed; see " + logFile);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted", e);
        }
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(30));
    }
}
