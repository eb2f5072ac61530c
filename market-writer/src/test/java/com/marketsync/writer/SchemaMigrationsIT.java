package com.marketsync.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marketsync.testkit.TestInfra;
import javax.sql.DataSource;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Migrations that change what is already there: V4 drops the change outbox of ADR 0006, but never one that still holds
 * unpublished events; V5 limits the statistics of latest_prices to the columns queries filter on.
 */
class SchemaMigrationsIT {

    @Test
    void dropsAnEmptyOutbox() {
        DataSource dataSource = dataSource("outbox_empty");
        Migrations.upTo(dataSource, "3").migrate();

        Migrations.upTo(dataSource, "latest").migrate();

        assertThat(outboxExists(dataSource)).isFalse();
    }

    @Test
    void refusesToDropAnOutboxHoldingEventsAndKeepsThem() {
        DataSource dataSource = dataSource("outbox_queued");
        Migrations.upTo(dataSource, "3").migrate();
        JdbcClient.create(dataSource)
                .sql("INSERT INTO market.latest_price_outbox (provider, sku, variant_key, region, size_system,"
                        + " condition, packaging, fulfilment, currency, lowest_ask, snapshot_id, observed_at,"
                        + " changed_at) VALUES ('STOCKX', 'SKU-1', 'v1', 'US', 'US_M', 'NEW', 'GOOD', 'STANDARD',"
                        + " 'USD', 180.10, 'id', now(), now())")
                .update();

        assertThatThrownBy(() -> Migrations.upTo(dataSource, "latest").migrate())
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("market.latest_price_outbox still holds 1 change events");
        assertThat(outboxExists(dataSource)).isTrue();
    }

    @Test
    void latestPricesKeepStatisticsOnlyOfTheColumnsQueriesFilterOn() {
        DataSource dataSource = dataSource("latest_statistics");
        Migrations.upTo(dataSource, "latest").migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        jdbc.sql("INSERT INTO market.latest_prices (provider, sku, variant_key, region, size_system, condition,"
                        + " packaging, fulfilment, currency, lowest_ask, snapshot_id, observed_at, verified_at,"
                        + " changed_at) VALUES ('STOCKX', 'SKU-1', 'v1', 'US', 'US_M', 'NEW', 'GOOD', 'STANDARD',"
                        + " 'USD', 180.10, 'id', now(), now(), now())")
                .update();

        jdbc.sql("ANALYZE market.latest_prices").update();

        assertThat(jdbc.sql("SELECT attname FROM pg_stats WHERE schemaname = 'market' AND tablename = 'latest_prices'")
                        .query(String.class)
                        .list())
                .containsExactlyInAnyOrder("provider", "sku", "region");
    }

    private static boolean outboxExists(DataSource dataSource) {
        return JdbcClient.create(dataSource)
                .sql("SELECT to_regclass('market.latest_price_outbox') IS NOT NULL")
                .query(Boolean.class)
                .single();
    }

    private static DataSource dataSource(String name) {
        return new DriverManagerDataSource(TestInfra.newDatabase(name), "postgres", "postgres");
    }
}
