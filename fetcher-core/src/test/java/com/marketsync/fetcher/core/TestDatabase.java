package com.marketsync.fetcher.core;

import com.marketsync.events.Provider;
import com.marketsync.testkit.TestInfra;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** A fresh embedded-PostgreSQL database with the fetch loop's schema migrated, for one test class or test. */
record TestDatabase(DataSource dataSource, JdbcTemplate jdbc, FetcherSchema schema) {

    static TestDatabase fresh(String prefix) {
        DataSource dataSource = new DriverManagerDataSource(TestInfra.newDatabase(prefix), "postgres", "postgres");
        return new TestDatabase(
                dataSource, new JdbcTemplate(dataSource), new FetcherSchema(dataSource, "test_fetcher"));
    }

    /** A budget of its own (one "replica") over this database. */
    CallBudget budget(FetcherProperties.Budget limits) {
        return new CallBudget(
                new JdbcTemplate(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                schema.name(),
                Provider.STOCKX,
                limits);
    }

    FetchResultStore results() {
        return new FetchResultStore(jdbc, schema.name());
    }

    static FetcherProperties.Budget limits(Integer perSecond, Integer perHour, Integer perDay) {
        return new FetcherProperties.Budget(perSecond, perHour, perDay, 0.2, java.time.Duration.ofMillis(20), null);
    }
}
