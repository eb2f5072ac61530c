package com.marketsync.planner.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An embedded PostgreSQL of the tick benchmark's own, started with pg_stat_statements loaded so the server times
 * every statement of a tick (the shared test server cannot load it: it needs a restart). Otherwise it has the same
 * settings as the tests' server; it is stopped, and its data directory deleted, when the JVM exits.
 */
final class BenchPostgres {

    private static EmbeddedPostgres postgres;

    private BenchPostgres() {}

    /** Creates an empty database with pg_stat_statements and returns its JDBC URL. */
    static synchronized String newDatabase(String name) {
        try {
            if (postgres == null) {
                postgres = EmbeddedPostgres.builder()
                        .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                        .setServerConfig("pg_stat_statements.max", "1000")
                        .start();
            }
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + name);
            }
            try (Connection connection = postgres.getDatabase("postgres", name).getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE EXTENSION pg_stat_statements SCHEMA public");
            }
            return postgres.getJdbcUrl("postgres", name);
        } catch (IOException e) {
            throw new UncheckedIOException("The benchmark's PostgreSQL did not start", e);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
    }
}
