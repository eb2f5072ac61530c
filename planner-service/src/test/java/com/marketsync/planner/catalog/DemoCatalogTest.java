package com.marketsync.planner.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoCatalogTest {

    @Test
    void bundlesAtLeastOneHundredDistinctRealProducts() {
        var products = DemoCatalog.read();

        assertThat(products).hasSizeGreaterThanOrEqualTo(100);
        assertThat(products).extracting(DemoCatalog.DemoProduct::sku).doesNotHaveDuplicates();
        assertThat(products)
                .extracting(DemoCatalog.DemoProduct::sku)
                .contains("DD1391-100", "DZ5485-410", "CT8532-111");
        assertThat(products)
                .filteredOn(p -> p.tier() == com.marketsync.events.Tier.FROZEN)
                .as("a few FROZEN products to sync on request")
                .extracting(DemoCatalog.DemoProduct::sku)
                .contains("BB550WT1");
        assertThat(products).allSatisfy(p -> {
            assertThat(p.name()).isNotBlank();
            assertThat(p.brand()).isNotBlank();
        });
    }
}
