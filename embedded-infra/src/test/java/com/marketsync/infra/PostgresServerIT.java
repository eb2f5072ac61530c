package com.marketsync.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PostgreSQL as a foreground child process: durability settings, data kept, zonky's data directories. */
class PostgresServerIT {

    @TempDir
    Path dir;

    private ChildProcess server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void runsAsOurOwnChildWithFsyncFullPageWritesAndSynchronousCommitOn() throws Exception {
        PostgresServer postgres = start(PostgresServer.Durability.DURABLE);

        assertThat(ProcessHandle.current().children().map(ProcessHandle::pid))
                .as("the server itself is our child process, not a daemon started by pg_ctl")
                .contains(server.pid());
        assertThat(settings(postgres)).containsExactly("on", "on", "on");
    }

    @Test
    void fastUnsafeTurnsThemOff() throws Exception {
        PostgresServer postgres = start(PostgresServer.Durability.FAST_UNSAFE);

        assertThat(settings(postgres)).containsExactly("off", "off", "off");
    }

    @Test
    void keepsItsDataAcrossRestartsAndStopsWithEveryProcessOfIt() throws Exception {
        PostgresServer postgres = start(PostgresServer.Durability.DURABLE);
        execute(postgres, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)");
        List<ProcessHandle> processes =
                new ArrayList<>(server.process().descendants().toList());
        processes.add(server.process().toHandle());

        server.stop();

        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        start(PostgresServer.Durability.DURABLE);
        assertThat(query(postgres, "SELECT id FROM kept")).containsExactly("42");
    }

    @Test
    void runsOnADataDirectoryMadeByZonkysEmbeddedPostgres() throws Exception {
        int port = FreePorts.find();
        try (EmbeddedPostgres zonky = EmbeddedPostgres.builder()
                        .setDataDirectory(dir.resolve("data"))
                        .setCleanDataDirectory(false)
                        .setPort(port)
                        .start();
                Connection connection = zonky.getPostgresDatabase().getConnection()) {
            connection.createStatement().execute("CREATE TABLE earlier (id int); INSERT INTO earlier VALUES (7)");
        }

        PostgresServer postgres = PostgresServer.prepare(
                dir.resolve("data"), port, dir.resolve("postgresql.log"), PostgresServer.Durability.DURABLE);
        server = ChildProcess.start(postgres.spec("postgresql"));
        server.awaitReady();

        assertThat(query(postgres, "SELECT id FROM earlier")).containsExactly("7");
        assertThat(settings(postgres)).containsExactly("on", "on", "on");
    }

    private PostgresServer start(PostgresServer.Durability durability) throws Exception {
        int port = server == null ? FreePorts.find() : server.spec().port();
        PostgresServer postgres =
                PostgresServer.prepare(dir.resolve("data"), port, dir.resolve("postgresql.log"), durability);
        server = ChildProcess.start(postgres.spec("postgresql"));
        server.awaitReady();
        return postgres;
    }

    private static List<String> settings(PostgresServer postgres) throws SQLException {
        return query(
                postgres,
                "SELECT setting FROM pg_settings WHERE name IN ('fsync', 'full_page_writes', 'synchronous_commit')"
                        + " ORDER BY name");
    }

    private static void execute(PostgresServer postgres, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                postgres.jdbcUrl("postgres"), PostgresServer.USER, PostgresServer.PASSWORD)) {
            connection.createStatement().execute(sql);
        }
    }

    private static List<String> query(PostgresServer postgres, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(
                        postgres.jdbcUrl("postgres"), PostgresServer.USER, PostgresServer.PASSWORD);
                ResultSet rs = connection.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
