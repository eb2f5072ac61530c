package com.marketsync.sim.stockx;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.sim.DemoCatalog;
import com.marketsync.sim.StyleCodes;
import com.marketsync.sim.stockx.StockxCatalog.Product;
import com.marketsync.sim.stockx.StockxCatalog.SizeSystem;
import com.marketsync.sim.stockx.StockxCatalog.Variant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The simulated StockX catalogue: coverage of our SKUs, fuzzy search, compound style ids and size runs. */
class StockxCatalogTest {

    static final String TYPO_SKU = DemoCatalog.TYPO_SKU;

    private final StockxCatalog catalog = new StockxCatalog();

    @Test
    void knowsEveryDemoCatalogSkuExceptTheDeliberateTypo() throws IOException {
        List<String> skus = demoSkus();
        assertThat(skus).hasSizeGreaterThan(100).contains(TYPO_SKU);

        for (String sku : skus) {
            List<Product> exact = exactMatches(sku);
            if (sku.equals(TYPO_SKU)) {
                assertThat(exact).as(sku).isEmpty();
            } else {
                assertThat(exact).as(sku).hasSize(1);
            }
        }
    }

    @Test
    void holdsRelatedProductsThatAreNotInOurCatalog() throws IOException {
        Set<String> ours = new HashSet<>();
        demoSkus().forEach(sku -> ours.add(StyleCodes.normalise(sku)));

        long extras = catalog.all().stream()
                .filter(p -> p.styleCodes().stream().noneMatch(ours::contains))
                .count();

        assertThat(extras).isGreaterThanOrEqualTo(24);
    }

    @Test
    void searchForAStyleCodeReturnsOtherColourwaysAndAudienceVersions() {
        List<String> styleIds =
                catalog.search("DD1391-100").stream().map(Product::styleId).toList();

        assertThat(styleIds)
                .contains("DD1391-100", "DD1391-103", "DD1391-300", "DD1391-102", "CW1590-100", "DD1503-101")
                .doesNotContain("DZ5485-410", "555088-134");
        assertThat(styleIds.getFirst()).isNotEqualTo("DD1391-100");
    }

    @Test
    void unknownColourwayOfAKnownModelGivesOnlyNearMisses() {
        List<Product> hits = catalog.search("DD1391-999");

        assertThat(hits).isNotEmpty();
        assertThat(hits).noneMatch(p -> p.styleCodes().contains("DD1391999"));
    }

    @Test
    void unknownModelFindsNothing() {
        assertThat(catalog.search(TYPO_SKU)).isEmpty();
    }

    @Test
    void compoundStyleIdIsOneProductForBothCodes() {
        Product viaNew = exactMatches("CW2288-111").getFirst();
        Product viaOld = exactMatches("315122-111").getFirst();

        assertThat(viaNew.styleId()).isEqualTo("315122-111/CW2288-111");
        assertThat(viaOld).isEqualTo(viaNew);
    }

    @Test
    void parentheticalStyleIdStillMatchesItsCode() {
        Product travis = exactMatches("AQ4211-101").getFirst();

        assertThat(travis.styleId()).startsWith("(").contains("AQ4211-101");
        assertThat(StockxCatalog.styleCodes(travis.styleId())).containsExactly("AQ4211101");
    }

    @Test
    void keywordSearchMatchesTitleWords() {
        assertThat(catalog.search("travis scott"))
                .extracting(Product::styleId)
                .contains("CT5053-001", "CQ4277-001", "(Cactus Jack) AQ4211-101")
                .doesNotContain("DD1391-100");
    }

    @Test
    void idsAreDeterministicAndUnique() {
        StockxCatalog again = new StockxCatalog();
        Product panda = exactMatches("DD1391-100").getFirst();

        assertThat(panda.productId())
                .isEqualTo(UUID.nameUUIDFromBytes("stockx:product:DD1391-100".getBytes(StandardCharsets.UTF_8)));
        assertThat(again.all())
                .extracting(Product::productId)
                .containsExactlyElementsOf(
                        catalog.all().stream().map(Product::productId).toList());
        Set<UUID> variantIds = new HashSet<>();
        catalog.all().forEach(p -> p.variants().forEach(v -> assertThat(variantIds.add(v.variantId()))
                .as(v.variantName())
                .isTrue()));
        assertThat(catalog.all()).extracting(Product::urlKey).doesNotHaveDuplicates();
    }

    @Test
    void sizeRunsFollowTheAudience() {
        assertThat(exactMatches("DD1391-100").getFirst().variants())
                .extracting(Variant::variantValue)
                .containsExactly("7", "7.5", "8", "8.5", "9", "9.5", "10", "10.5", "11", "11.5", "12", "12.5", "13");
        assertThat(exactMatches("DD1503-101").getFirst().sizeSystem()).isEqualTo(SizeSystem.WOMEN);
        assertThat(exactMatches("DD1503-101").getFirst().variants())
                .extracting(Variant::variantValue)
                .contains("5W", "6.5W", "12W");
        assertThat(exactMatches("CW1590-100").getFirst().variants())
                .extracting(Variant::variantValue)
                .containsExactly("3.5Y", "4Y", "4.5Y", "5Y", "5.5Y", "6Y", "6.5Y", "7Y");
        assertThat(SizeSystem.MEN.uk(6)).isEqualTo("UK 9");
        assertThat(SizeSystem.MEN.eu(6)).isEqualTo("EU 44");
    }

    @Test
    void upcsCarryAValidCheckDigit() {
        for (Variant v : exactMatches("DD1391-100").getFirst().variants()) {
            String upc = v.upc();
            assertThat(upc).hasSize(12).containsOnlyDigits();
            int sum = 0;
            for (int i = 0; i < 12; i++) {
                sum += (upc.charAt(i) - '0') * (i % 2 == 0 ? 3 : 1);
            }
            assertThat(sum % 10).as(upc).isZero();
        }
    }

    private List<Product> exactMatches(String sku) {
        String code = StyleCodes.normalise(sku);
        return catalog.search(sku).stream()
                .filter(p -> p.styleCodes().contains(code))
                .toList();
    }

    private static List<String> demoSkus() throws IOException {
        return DemoCatalog.skus();
    }
}
