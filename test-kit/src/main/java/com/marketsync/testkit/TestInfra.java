package com.marketsync.testkit;

import com.marketsync.infra.ApicurioRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Real infrastructure shared by every integration test of one JVM: an in-JVM Kafka broker (KRaft), an embedded
 * PostgreSQL and Apicurio Registry. Each is started on first use and stopped when the JVM exits.
 */
public final class TestInfra {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedKafkaBroker kafka;
    private static EmbeddedPostgres postgres;
    private static ApicurioRegistry registry;

    private TestInfra() {}

    /** The in-JVM Kafka broker (3 partitions for auto-created topics). */
    public static synchronized EmbeddedKafkaBroker kafka() {
        if (kafka == null) {
            EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);
            broker.brokerProperties(Map.of("auto.create.topics.enable", "true"));
            broker.afterPropertiesSet();
            kafka = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "stop-kafka"));
        }
        return kafka;
    }

    /** Bootstrap servers of the in-JVM broker. */
    public static String kafkaBootstrapServers() {
        return kafka().getBrokersAsString();
    }

    /** The embedded PostgreSQL server. */
    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                // commit timestamps let a benchmark tell when a row became visible (pg_xact_commit_timestamp)
                EmbeddedPostgres.Builder builder =
                        EmbeddedPostgres.builder().setServerConfig("track_commit_timestamp", "on");
                // more server settings for a benchmark run: -Dtestinfra.postgres.settings=max_wal_size=8GB,...
                for (String setting :
                        System.getProperty("testinfra.postgres.settings", "").split(",")) {
                    String[] nameAndValue = setting.split("=", 2);
                    if (nameAndValue.length == 2) {
                        builder.setServerConfig(nameAndValue[0].trim(), nameAndValue[1].trim());
                    }
                }
                EmbeddedPostgres started = builder.start();
                postgres = started;
                Runtime.getRuntime().addShutdownHook(new Thread(TestInfra::closePostgres, "stop-postgres"));
            } catch (IOException e) {
                throw new UncheckedIOException("Embedded PostgreSQL did not start", e);
            }
        }
        return postgres;
    }

    /** Creates a fresh, empty database and returns its JDBC URL, so test classes never see each other's rows. */
    public static String newDatabase(String prefix) {
        String name = (prefix + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet())
                .toLowerCase()
                .replaceAll("[^a-z0-9_]", "_");
        try (Connection connection = postgres().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        return postgres().getJdbcUrl("postgres", name);
    }

    /** Apicurio Registry, started as a child process. */
    public static synchronized ApicurioRegistry registry() {
        if (registry == null) {
            try {
                Path workDir = Files.createTempDirectory("apicurio-test-");
                ApicurioRegistry started = ApicurioRegistry.start(workDir, 0);
                registry = started;
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-registry"));
            } catch (IOException e) {
                throw new UncheckedIOException("Apicurio Registry did not start", e);
            }
        }
        return registry;
    }

    /**
     * Spring properties that point a service at the shared broker and registry, for
     * {@code @DynamicPropertySource} or {@code SpringApplicationBuilder.properties}.
     */
    public static Map<String, String> springProperties() {
        return Map.of(
                "spring.kafka.bootstrap-servers", kafkaBootstrapServers(),
                "market.registry.url", registry().coreApiUrl());
    }

    private static void closePostgres() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
