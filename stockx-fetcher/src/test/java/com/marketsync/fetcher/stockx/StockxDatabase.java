package com.marketsync.fetcher.stockx;

import com.marketsync.testkit.TestInfra;
import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A fresh embedded PostgreSQL database with this module's Flyway migrations applied to schema stockx_fetcher. */
final class StockxDatabase implements AutoCloseable {

    static final String SCHEMA = "stockx_fetcher";
    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    private final String url;
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final DataSource shared;
    private final JdbcClient jdbc;

    private StockxDatabase(String url) {
        this.url = url;
        this.shared = newDataSource();
        this.jdbc = JdbcClient.create(shared);
    }

    /** Creates the database and migrates it exactly as the application does at startup. */
    static StockxDatabase migrated() {
        String url = TestInfra.newDatabase("stockx");
        Flyway.configure()
                .dataSource(url, USER, PASSWORD)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .load()
                .migrate();
        return new StockxDatabase(url);
    }

    String url() {
        return url;
    }

    /** The pool most tests share. */
    DataSource dataSource() {
        return shared;
    }

    /** A connection pool of its own, as one replica of the fetcher would have. */
    DataSource newDataSource() {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername(USER);
        pool.setPassword(PASSWORD);
        pool.setSchema(SCHEMA);
        pool.setMaximumPoolSize(4);
        pool.setMinimumIdle(1);
        pools.add(pool);
        return pool;
    }

    JdbcClient jdbc() {
        return jdbc;
    }

    /** Empties every table, so each test starts with no stored credential and no mapping. */
    void clear() {
        jdbc.sql("TRUNCATE stockx_credentials, stockx_product_mappings").update();
    }

    /** The stored refresh token of an account, or null. */
    String storedRefreshToken(String accountId) {
        return jdbc.sql("SELECT refresh_token FROM stockx_credentials WHERE account_id = ?")
                .param(accountId)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    /** The product a style-code key is mapped to, or null. */
    String mappedProduct(String styleCodeKey) {
        return jdbc.sql("SELECT product_id FROM stockx_product_mappings WHERE style_code = ?")
                .param(styleCodeKey)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    @Override
    public void close() {
        pools.forEach(HikariDataSource::close);
    }
}
