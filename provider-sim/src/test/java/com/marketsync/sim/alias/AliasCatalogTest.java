package com.marketsync.sim.alias;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.sim.DemoCatalog;
import com.marketsync.sim.SizeRun;
import com.marketsync.sim.StyleCodes;
import com.marketsync.sim.alias.AliasCatalog.Item;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The simulated Alias catalogue: coverage of our SKUs, GOAT-style skus and slugs, and its fuzzy search. */
class AliasCatalogTest {

    private final AliasCatalog catalog = new AliasCatalog();

    @Test
    void knowsEveryDemoCatalogSkuExceptTheDeliberateTypo() {
        List<String> skus = DemoCatalog.skus();
        assertThat(skus).hasSizeGreaterThan(100).contains(DemoCatalog.TYPO_SKU);

        for (String sku : skus) {
            List<Item> exact = exactMatches(sku);
            if (sku.equals(DemoCatalog.TYPO_SKU)) {
                assertThat(exact).as(sku).isEmpty();
            } else {
                assertThat(exact).as(sku).hasSize(1);
            }
        }
    }

    @Test
    void holdsRelatedItemsThatAreNotInOurCatalog() {
        Set<String> ours = new HashSet<>();
        DemoCatalog.skus().forEach(sku -> ours.add(StyleCodes.normalise(sku)));

        assertThat(catalog.all().stream().filter(i -> !ours.contains(i.code())).count())
                .isGreaterThanOrEqualTo(24);
    }

    @Test
    void writesSkusWithASpaceAndUsesSlugCatalogIds() {
        Item panda = exactMatches("DD1391-100").getFirst();

        assertThat(panda.sku()).isEqualTo("DD1391 100");
        assertThat(panda.catalogId()).isEqualTo("nike-dunk-low-retro-white-black-dd1391-100");
        assertThat(catalog.all())
                .allSatisfy(i -> assertThat(i.catalogId()).matches("[a-z0-9]+(-[a-z0-9]+)*"))
                .allSatisfy(i -> assertThat(i.sku()).doesNotContain("-"));
        assertThat(catalog.all()).extracting(Item::catalogId).doesNotHaveDuplicates();
        assertThat(catalog.item(panda.catalogId())).contains(panda);
    }

    @Test
    void searchForAStyleCodeAlsoReturnsOtherColourwaysAndAudienceVersions() {
        List<String> skus = catalog.search("DD1391-100").stream().map(Item::sku).toList();

        assertThat(skus)
                .contains("DD1391 100", "DD1391 103", "DD1391 300", "CW1590 100", "DD1503 101")
                .doesNotContain("DZ5485 410", "555088 134");
        assertThat(skus.getFirst()).isNotEqualTo("DD1391 100");
    }

    @Test
    void searchAcceptsTheSkuAsAliasOrStockxWritesIt() {
        assertThat(exactMatches("555088 063")).hasSize(1);
        assertThat(exactMatches("555088-063")).isEqualTo(exactMatches("555088 063"));
    }

    @Test
    void keywordSearchMatchesNameWords() {
        assertThat(catalog.search("travis scott"))
                .extracting(Item::sku)
                .contains("CT5053 001", "CQ4277 001", "AQ4211 101")
                .doesNotContain("DD1391 100");
    }

    @Test
    void unknownModelFindsNothing() {
        assertThat(catalog.search(DemoCatalog.TYPO_SKU)).isEmpty();
        assertThat(catalog.item("no-such-item")).isEmpty();
    }

    @Test
    void sizeRunsFollowTheAudience() {
        assertThat(exactMatches("DD1391-100").getFirst().sizeRun()).isEqualTo(SizeRun.MEN);
        assertThat(exactMatches("DD1503-101").getFirst().sizeRun()).isEqualTo(SizeRun.WOMEN);
        assertThat(exactMatches("CW1590-100").getFirst().sizeRun()).isEqualTo(SizeRun.YOUTH);
        assertThat(exactMatches("DD1503-101").getFirst().family())
                .isEqualTo(exactMatches("DD1391-100").getFirst().family());
    }

    private List<Item> exactMatches(String sku) {
        String code = StyleCodes.normalise(sku);
        return catalog.search(sku).stream().filter(i -> i.code().equals(code)).toList();
    }
}
