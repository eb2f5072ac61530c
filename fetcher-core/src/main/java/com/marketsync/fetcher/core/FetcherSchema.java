package com.marketsync.fetcher.core;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Creates and migrates the fetch loop's tables (budget, pauses, stored results) in the fetcher's schema, with a
 * Flyway history of their own so a provider module's own migrations in the same schema never collide with them.
 */
final class FetcherSchema {

    static final String HISTORY_TABLE = "fetcher_core_schema_history";

    private final String name;

    FetcherSchema(DataSource dataSource, String name) {
        this.name = name;
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(name)
                .defaultSchema(name)
                .table(HISTORY_TABLE)
                // The provider module's own migrations may have filled the schema first: start below V1 then.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .locations("classpath:db/fetcher-core")
                .load()
                .migrate();
    }

    /** The schema's name, safe to put into SQL (validated by {@link FetcherProperties}). */
    String name() {
        return name;
    }
}
