package com.marketsync.writer.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marketsync.testkit.TestInfra;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Migration V4 drops the change outbox of ADR 0006, but never one that still holds unpublished events. */
class OutboxRemovalIT {

    @Test
    void dropsAnEmptyOutbox() {
        DataSource dataSource = dataSource("outbox_empty");
        flyway(dataSource, "3").migrate();

        flyway(dataSource, "latest").migrate();

        assertThat(outboxExists(dataSource)).isFalse();
    }

    @Test
    void refusesToDropAnOutboxHoldingEventsAndKeepsThem() {
        DataSource dataSource = dataSource("outbox_queued");
        flyway(dataSource, "3").migrate();
        JdbcClient.create(dataSource)
                .sql("INSERT INTO market.latest_price_outbox (provider, sku, variant_key, region, size_system,"
                        + " condition, packaging, fulfilment, currency, lowest_ask, snapshot_id, observed_at,"
                        + " changed_at) VALUES ('STOCKX', 'SKU-1', 'v1', 'US', 'US_M', 'NEW', 'GOOD', 'STANDARD',"
                        + " 'USD', 180.10, 'id', now(), now())")
                .update();

        assertThatThrownBy(() -> flyway(dataSource, "latest").migrate())
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("market.latest_price_outbox still holds 1 change events");
        assertThat(outboxExists(dataSource)).isTrue();
    }

    private static boolean outboxExists(DataSource dataSource) {
        return JdbcClient.create(dataSource)
                .sql("SELECT to_regclass('market.latest_price_outbox') IS NOT NULL")
                .query(Boolean.class)
                .single();
    }

    private static Flyway flyway(DataSource dataSource, String target) {
        return Flyway.configure()
                .dataSource(dataSource)
                .schemas("market")
                .defaultSchema("market")
                .locations("classpath:db/migration")
                .target(target)
                .load();
    }

    private static DataSource dataSource(String name) {
        return new DriverManagerDataSource(TestInfra.newDatabase(name), "postgres", "postgres");
    }
}
