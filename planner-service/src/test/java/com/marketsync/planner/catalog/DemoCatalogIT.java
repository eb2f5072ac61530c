package com.marketsync.planner.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.testkit.TestInfra;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The demo catalog loaded at startup over a real PostgreSQL, with the default regions (7 rows per product). */
@SpringBootTest(properties = {"market.planner.scheduling=false", "market.planner.demo-catalog=true"})
class DemoCatalogIT {

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfra.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        String url = TestInfra.newDatabase("planner_demo_catalog");
        registry.add("spring.datasource.url", () -> url);
    }

    @Autowired
    DemoCatalog demo;

    @Autowired
    JdbcClient jdbc;

    @Test
    void loadsTheDemoProductsWithTheirScheduleRowsAndOnReloadAddsOnlyWhatIsMissing() {
        int bundled = DemoCatalog.read().size();
        assertThat(count("SELECT count(*) FROM products")).isEqualTo(bundled);
        assertThat(count("SELECT count(*) FROM sync_state s JOIN products p USING (sku)"
                        + " WHERE s.scheduled = (p.tier <> 'FROZEN')"))
                .as("every product has a row per provider x region, scheduled unless FROZEN")
                .isEqualTo(bundled * 7);

        jdbc.sql("DELETE FROM products WHERE sku = 'DD1391-100'").update();
        jdbc.sql("UPDATE products SET name = 'kept as edited' WHERE sku = 'CT8532-111'")
                .update();
        demo.afterPropertiesSet();

        assertThat(count("SELECT count(*) FROM products")).isEqualTo(bundled);
        assertThat(count("SELECT count(*) FROM sync_state WHERE sku = 'DD1391-100' AND scheduled"))
                .isEqualTo(7);
        assertThat(count("SELECT count(*) FROM sync_state")).isEqualTo(bundled * 7);
        assertThat(jdbc.sql("SELECT name FROM products WHERE sku = 'CT8532-111'")
                        .query(String.class)
                        .single())
                .isEqualTo("kept as edited");
    }

    private int count(String sql) {
        return jdbc.sql(sql).query(Integer.class).single();
    }
}
