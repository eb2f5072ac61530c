package com.marketsync.fetcher.core;

import com.marketsync.events.Provider;
import com.marketsync.providers.ProvidersProperties.Limits;
import com.marketsync.providers.ProvidersProperties.ProviderSettings;
import com.marketsync.testkit.TestInfra;
import java.time.Duration;
import java.util.List;
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

    /** A budget of its own (one "replica") over this database: StockX with these limits, 20 % for priority. */
    CallBudget budget(Limits limits) {
        return new CallBudget(
                new JdbcTemplate(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                schema.name(),
                new ProviderSettings(Provider.STOCKX, List.of("US"), limits, 0.2, true),
                Duration.ofMillis(20));
    }

    FetchResultStore results() {
        return new FetchResultStore(jdbc, schema.name());
    }

    /** Limits of each credential; null ones do not apply. */
    static Limits limits(Integer perSecond, Integer perHour, Integer perDay) {
        return new Limits(perSecond, perHour, perDay);
    }
}
