package com.marketsync.infra;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * One probe of whether a child answers: an HTTP endpoint that must say 200, a TCP port that must accept, a
 * PostgreSQL server that must run {@code SELECT 1}, or nothing beyond the process being alive. Its {@link #target()}
 * is written to the run's lock file, so {@code --status} can probe it again from another process.
 */
public sealed interface HealthCheck {

    /** One quick probe (a few seconds at most). */
    boolean healthy();

    /** What is probed, as a URI-like text that {@link #parse} reads back ({@code -} for none). */
    String target();

    static HealthCheck http(URI url) {
        return new Http(url);
    }

    static HealthCheck tcp(int port) {
        return new Tcp(port);
    }

    static HealthCheck postgres(int port) {
        return new Postgres(port);
    }

    /** No probe: a running process counts as healthy. */
    static HealthCheck alive() {
        return new Alive();
    }

    /** The check a {@link #target()} describes. */
    static HealthCheck parse(String target) {
        if (target == null || target.isBlank() || target.equals("-")) {
            return alive();
        }
        URI uri = URI.create(target);
        return switch (uri.getScheme()) {
            case "http", "https" -> http(uri);
            case "tcp" -> tcp(uri.getPort());
            case "postgresql" -> postgres(uri.getPort());
            default -> throw new IllegalArgumentException("Unknown health check " + target);
        };
    }

    /** Healthy when the URL answers 200 (Spring Boot's actuator and Quarkus answer 503 while DOWN). */
    record Http(URI url) implements HealthCheck {

        private static final HttpClient CLIENT =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        @Override
        public boolean healthy() {
            try {
                HttpRequest probe = HttpRequest.newBuilder(url)
                        .timeout(Duration.ofSeconds(5))
                        .build();
                return CLIENT.send(probe, HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200;
            } catch (IOException notAnswering) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public String target() {
            return url.toString();
        }
    }

    /** Healthy when a TCP connection to the port on the loopback interface succeeds. */
    record Tcp(int port) implements HealthCheck {

        @Override
        public boolean healthy() {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                return true;
            } catch (IOException notListening) {
                return false;
            }
        }

        @Override
        public String target() {
            return "tcp://127.0.0.1:" + port;
        }
    }

    /** Healthy when the server on the port answers {@code SELECT 1} (it accepts TCP long before, while recovering). */
    record Postgres(int port) implements HealthCheck {

        @Override
        public boolean healthy() {
            String url = PostgresServer.jdbcUrl(port, "postgres") + "?connectTimeout=2&socketTimeout=5";
            try (Connection connection =
                            DriverManager.getConnection(url, PostgresServer.USER, PostgresServer.PASSWORD);
                    Statement statement = connection.createStatement()) {
                return statement.execute("SELECT 1");
            } catch (SQLException notAnswering) {
                return false;
            }
        }

        @Override
        public String target() {
            return "postgresql://127.0.0.1:" + port;
        }
    }

    /** No probe. */
    record Alive() implements HealthCheck {

        @Override
        public boolean healthy() {
            return true;
        }

        @Override
        public String target() {
            return "-";
        }
    }
}
