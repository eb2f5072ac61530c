package com.marketsync.writer;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** The writer's schema migrations up to a version, as the writer runs them at startup. */
public final class Migrations {

    private Migrations() {}

    /** Flyway over the writer's migrations, to {@code target} (a version such as "3", or "latest"). */
    public static Flyway upTo(DataSource dataSource, String target) {
        return Flyway.configure()
                .dataSource(dataSource)
                .schemas("market")
                .defaultSchema("market")
                .locations("classpath:db/migration")
                .target(target)
                .load();
    }
}
