package com.marketsync.writer;

import static com.marketsync.writer.TestSnapshots.snapshot;
import static com.marketsync.writer.TestSnapshots.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.infra.ApicurioRegistry;
import com.marketsync.testkit.TcpProxy;
import com.marketsync.testkit.TestInfra;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A writer of its own (its own consumer group and database) whose schema registry does not answer while snapshots
 * arrive: none is dead-lettered or skipped, all are stored once the registry answers (registry requests time out
 * after half a second here), and health shows the outage.
 */
@SpringBootTest
@DirtiesContext
class RegistryOutageIT {

    private static final Instant T1 =
            Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(300);

    private static final TcpProxy REGISTRY =
            new TcpProxy("localhost", TestInfra.registry().port(), false);

    @Autowired
    JdbcClient jdbc;

    @Autowired
    HealthEndpoint health;

    @DynamicPropertySource
    static void blackHoledRegistry(DynamicPropertyRegistry registry) {
        TestInfra.springProperties().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("spring.datasource.url", () -> TestInfra.newDatabase("writer_registry_outage"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("market.registry.url", () -> ApicurioRegistry.coreApiUrl(REGISTRY.port()));
        registry.add("market.registry.request-timeout", () -> "500ms");
        registry.add("spring.kafka.consumer.group-id", () -> "market-writer-registry-outage-it");
    }

    @AfterAll
    static void closeProxy() {
        REGISTRY.close();
    }

    @Test
    void snapshotsReadWhileTheRegistryDoesNotAnswerAreStoredOnceItDoes() {
        String first = uniqueSku("UNANSWERED");
        String second = uniqueSku("UNANSWERED");
        WriterIntegrationSupport.send(snapshot(first, "v1", T1), snapshot(second, "v1", T1));

        // the writer's deserializer has tried the black-holed registry more than once
        WriterIntegrationSupport.eventually().until(() -> REGISTRY.blackHoledConnections() >= 3);
        assertThat(stored(first)).isZero();
        assertThat(health.healthForPath("registry").getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);

        REGISTRY.open();

        WriterIntegrationSupport.eventually().untilAsserted(() -> {
            assertThat(stored(first)).isOne();
            assertThat(stored(second)).isOne();
        });
        assertThat(health.healthForPath("registry").getStatus()).isEqualTo(Status.UP);
        assertThat(WriterIntegrationSupport.deadLettersSoFar(first)).isEmpty();
        assertThat(WriterIntegrationSupport.deadLettersSoFar(second)).isEmpty();
    }

    /** The sku's history rows, where there are as many latest rows. */
    private long stored(String sku) {
        long history = jdbc.sql("SELECT count(*) FROM market.price_snapshots WHERE sku = ?")
                .param(sku)
                .query(Long.class)
                .single();
        long latest = jdbc.sql("SELECT count(*) FROM market.latest_prices WHERE sku = ?")
                .param(sku)
                .query(Long.class)
                .single();
        return history == latest ? history : -1;
    }
}
