package com.marketsync.planner.catalog;

import com.marketsync.events.Tier;
import com.marketsync.planner.PlannerProperties;
import com.marketsync.planner.schedule.ScheduleRows;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads the bundled catalog of real sneakers (demo-catalog.csv) when enabled, with the schedule rows of the products
 * it adds; existing products are kept as they are.
 */
@Component
class DemoCatalog implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(DemoCatalog.class);

    private final JdbcClient jdbc;
    private final ScheduleRows scheduleRows;
    private final TransactionTemplate transaction;
    private final PlannerProperties properties;

    DemoCatalog(
            JdbcClient jdbc,
            ScheduleRows scheduleRows,
            PlatformTransactionManager transactions,
            PlannerProperties properties) {
        this.jdbc = jdbc;
        this.scheduleRows = scheduleRows;
        this.transaction = new TransactionTemplate(transactions);
        this.properties = properties;
    }

    /** Runs while the context starts, so the first tick already sees the catalog. */
    @Override
    public void afterPropertiesSet() {
        if (!properties.demoCatalog()) {
            return;
        }
        List<DemoProduct> products = read();
        Map<String, Tier> added = transaction.execute(status -> insert(products));
        log.info("Demo catalog: {} products bundled, {} added", products.size(), added.size());
    }

    /** Inserts the products not in the catalog yet, and their schedule rows; returns those it inserted. */
    private Map<String, Tier> insert(List<DemoProduct> products) {
        Map<String, Tier> added = new LinkedHashMap<>();
        jdbc.sql("""
                        INSERT INTO products (sku, name, brand, tier)
                        SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[])
                        ON CONFLICT (sku) DO NOTHING
                        RETURNING sku, tier
                        """)
                .params(
                        products.stream().map(DemoProduct::sku).toArray(String[]::new),
                        products.stream().map(DemoProduct::name).toArray(String[]::new),
                        products.stream().map(DemoProduct::brand).toArray(String[]::new),
                        products.stream().map(p -> p.tier().name()).toArray(String[]::new))
                .query(rs -> {
                    added.put(rs.getString("sku"), Tier.valueOf(rs.getString("tier")));
                });
        scheduleRows.addProducts(added);
        return added;
    }

    /** The bundled products, in file order; read with the import's CSV rules and checked like imported rows. */
    static List<DemoProduct> read() {
        try (InputStream in = DemoCatalog.class.getResourceAsStream("/demo-catalog.csv")) {
            if (in == null) {
                throw new IllegalStateException("demo-catalog.csv missing from the classpath");
            }
            return CatalogCsv.read(new InputStreamReader(in, StandardCharsets.UTF_8), Integer.MAX_VALUE).stream()
                    .map(DemoCatalog::product)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DemoProduct product(ImportRow row) {
        FieldProblem problem = row.problem();
        if (problem != null) {
            throw new IllegalStateException(
                    "demo-catalog.csv row " + row.row() + ": " + problem.field() + " " + problem.reason());
        }
        Product product = row.draft().validate();
        return new DemoProduct(product.sku(), product.name(), product.brand(), product.tier());
    }

    /** One row of the demo catalog. */
    record DemoProduct(String sku, String name, String brand, Tier tier) {}
}
