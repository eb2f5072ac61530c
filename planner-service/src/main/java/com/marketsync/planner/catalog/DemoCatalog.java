package com.marketsync.planner.catalog;

import com.marketsync.events.Tier;
import com.marketsync.planner.PlannerProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Loads the bundled catalog of real sneakers (demo-catalog.csv) when enabled; existing products are kept. */
@Component
class DemoCatalog implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(DemoCatalog.class);

    private final JdbcClient jdbc;
    private final PlannerProperties properties;

    DemoCatalog(JdbcClient jdbc, PlannerProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** Runs while the context starts, so the first tick already sees the catalog. */
    @Override
    public void afterPropertiesSet() {
        if (!properties.demoCatalog()) {
            return;
        }
        List<DemoProduct> products = read();
        int added = jdbc.sql("""
                        INSERT INTO products (sku, name, brand, tier)
                        SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[])
                        ON CONFLICT (sku) DO NOTHING
                        """)
                .params(
                        products.stream().map(DemoProduct::sku).toArray(String[]::new),
                        products.stream().map(DemoProduct::name).toArray(String[]::new),
                        products.stream().map(DemoProduct::brand).toArray(String[]::new),
                        products.stream().map(p -> p.tier().name()).toArray(String[]::new))
                .update();
        log.info("Demo catalog: {} products bundled, {} added", products.size(), added);
    }

    /** The bundled products, in file order. */
    static List<DemoProduct> read() {
        try (InputStream in = DemoCatalog.class.getResourceAsStream("/demo-catalog.csv")) {
            if (in == null) {
                throw new IllegalStateException("demo-catalog.csv missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .skip(1)
                    .filter(line -> !line.isBlank())
                    .map(DemoCatalog::parse)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DemoProduct parse(String line) {
        String[] cells = line.split(",", -1);
        if (cells.length != 4) {
            throw new IllegalStateException("demo-catalog.csv: expected sku,name,brand,tier in: " + line);
        }
        return new DemoProduct(cells[0].strip(), cells[1].strip(), cells[2].strip(), Tier.valueOf(cells[3].strip()));
    }

    /** One row of the demo catalog. */
    record DemoProduct(String sku, String name, String brand, Tier tier) {}
}
