package com.marketsync.sim.ebay;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.sim.DemoCatalog;
import com.marketsync.sim.SizeRun;
import com.marketsync.sim.StyleCodes;
import com.marketsync.sim.ebay.EbayCatalog.Category;
import com.marketsync.sim.ebay.EbayCatalog.Kind;
import com.marketsync.sim.ebay.EbayCatalog.Listing;
import com.marketsync.sim.ebay.EbayCatalog.Product;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The simulated eBay listings: coverage of our SKUs on every marketplace, and the noise around them. */
class EbayCatalogTest {

    private final EbayCatalog catalog = new EbayCatalog();

    @Test
    void knowsEveryDemoCatalogSkuExceptTheDeliberateTypo() {
        List<String> skus = DemoCatalog.skus();
        assertThat(skus).hasSizeGreaterThan(100).contains(DemoCatalog.TYPO_SKU);

        for (String sku : skus) {
            List<Product> exact = catalog.withCode(StyleCodes.normalise(sku));
            if (sku.equals(DemoCatalog.TYPO_SKU)) {
                assertThat(exact).as(sku).isEmpty();
            } else {
                assertThat(exact).as(sku).hasSize(1);
            }
        }
    }

    @Test
    void everyDemoSkuHasACleanNewBuyItNowListingOnEveryMarketplace() {
        for (EbayMarketplace marketplace : EbayMarketplace.values()) {
            for (String sku : DemoCatalog.skus()) {
                if (sku.equals(DemoCatalog.TYPO_SKU)) {
                    continue;
                }
                assertThat(catalog.listings(marketplace))
                        .as(sku + " on " + marketplace)
                        .anyMatch(l -> l.product().code().equals(sku)
                                && l.kind() == Kind.GENUINE
                                && l.titleTokens().contains(StyleCodes.normalise(sku)));
            }
        }
    }

    @Test
    void noListingMentionsTheMistypedSku() {
        String typo = StyleCodes.normalise(DemoCatalog.TYPO_SKU);
        for (EbayMarketplace marketplace : EbayMarketplace.values()) {
            assertThat(catalog.listings(marketplace))
                    .noneMatch(l -> StyleCodes.normalise(l.title()).contains(typo));
        }
    }

    @Test
    void mixesInTheNoiseAClientMustDrop() {
        List<Listing> us = catalog.listings(EbayMarketplace.EBAY_US);
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        us.forEach(l -> kinds.add(l.kind()));

        assertThat(kinds).containsExactlyInAnyOrder(Kind.values());
        assertThat(us).filteredOn(l -> l.kind() == Kind.NO_CODE).allSatisfy(l -> assertThat(l.titleTokens())
                .doesNotContain(l.product().normalisedCode()));
        assertThat(us).anyMatch(Listing::freeShipping).anyMatch(l -> !l.freeShipping());
        assertThat(us).anyMatch(Listing::crossBorder);
        // sellers write the code their own way now and then
        List<Listing> hyphenated =
                us.stream().filter(l -> l.product().code().contains("-")).toList();
        assertThat(hyphenated)
                .anyMatch(l -> l.kind() == Kind.GENUINE
                        && l.title().contains(l.product().code().replace('-', ' ')))
                .anyMatch(l -> l.kind() == Kind.GENUINE
                        && l.title().contains(l.product().code().replace("-", "")));
    }

    @Test
    void titlesCarryTheSizeAndFitInEightyCharacters() {
        for (EbayMarketplace marketplace : EbayMarketplace.values()) {
            for (Listing l : catalog.listings(marketplace)) {
                String size = SizeRun.plain(l.size()) + (l.product().sizeRun() == SizeRun.YOUTH ? "Y" : "");
                assertThat(l.title()).hasSizeLessThanOrEqualTo(80);
                assertThat(l.title() + " ").contains(" Size " + size + " ");
            }
        }
        Listing panda = catalog.listings(EbayMarketplace.EBAY_US).stream()
                .filter(l -> l.product().code().equals("DD1391-100") && l.kind() == Kind.GENUINE)
                .findFirst()
                .orElseThrow();
        assertThat(panda.title())
                .startsWith("Nike Dunk Low Retro White Black Panda")
                .contains("Men's");
    }

    @Test
    void listsTheWomensAndGradeSchoolDemoSkusInTheirOwnCategoryAndSizes() {
        Map<String, Category> expected = Map.of(
                "DD1503-101", Category.WOMEN,
                "DD1503-118", Category.WOMEN,
                "DD1503-001", Category.WOMEN,
                "DD8959-100", Category.WOMEN,
                "CW1590-100", Category.YOUTH,
                "DD1391-100", Category.MEN);
        expected.forEach((sku, category) -> {
            Product product = catalog.withCode(StyleCodes.normalise(sku)).getFirst();
            assertThat(product.category()).as(sku).isEqualTo(category);
            assertThat(catalog.listings(EbayMarketplace.EBAY_US))
                    .filteredOn(l -> l.product() == product)
                    .as(sku)
                    .isNotEmpty()
                    .allSatisfy(l -> assertThat(product.sizeRun().sizes()).contains(l.size()));
        });
        assertThat(Category.WOMEN.leafId()).isEqualTo("95672");
        assertThat(Category.WOMEN.within("3034")).isTrue();
        assertThat(Category.YOUTH.leafId()).isEqualTo("57929");
        assertThat(Category.MEN.within("95672")).isFalse();
    }

    @Test
    void writesSizesTheWaysSellersDoIncludingUnlabelledAndTwoSystemSizes() {
        List<Listing> genuine = new ArrayList<>();
        for (EbayMarketplace marketplace : EbayMarketplace.values()) {
            catalog.listings(marketplace).stream()
                    .filter(l -> l.kind() == Kind.GENUINE)
                    .forEach(genuine::add);
        }

        assertThat(genuine)
                .filteredOn(l -> l.product().sizeRun() == SizeRun.WOMEN)
                .anyMatch(l -> l.title().contains("Women's Size " + SizeRun.plain(l.size())))
                .anyMatch(l -> !l.title().contains("Women's") && !l.title().contains("Men's"))
                .anyMatch(l -> l.title()
                        .contains("Women's Size " + SizeRun.plain(l.size()) + " / Men's "
                                + SizeRun.plain(l.size().subtract(new BigDecimal("1.5")))));
        assertThat(genuine)
                .filteredOn(l -> l.product().sizeRun() == SizeRun.YOUTH)
                .allMatch(l -> l.title().contains(" Size " + SizeRun.plain(l.size()) + "Y"))
                .anyMatch(l -> l.title().contains("Big Kids' Size "))
                .anyMatch(l -> l.title().contains("GS Size ") && l.title().contains(" / Women's "));
        assertThat(genuine)
                .filteredOn(l -> l.product().sizeRun() == SizeRun.MEN)
                .allMatch(l -> l.title().contains("Men's"))
                .anyMatch(l -> l.title()
                        .contains("Men's Size " + SizeRun.plain(l.size()) + " / Women's "
                                + SizeRun.plain(l.size().add(new BigDecimal("1.5")))));
        assertThat(EbayCatalog.inOtherSystem(SizeRun.WOMEN, new BigDecimal("8")))
                .isEqualTo("Men's 6.5");
        assertThat(EbayCatalog.inOtherSystem(SizeRun.YOUTH, new BigDecimal("5.5")))
                .isEqualTo("Women's 7");
    }

    @Test
    void itemIdsAreUniqueAndStable() {
        Set<String> ids = new HashSet<>();
        for (EbayMarketplace marketplace : EbayMarketplace.values()) {
            catalog.listings(marketplace).forEach(l -> assertThat(ids.add(l.legacyItemId()))
                    .as(l.legacyItemId())
                    .isTrue());
        }
        assertThat(ids).allMatch(id -> id.matches("[0-9]{12}"));
        assertThat(new EbayCatalog().listings(EbayMarketplace.EBAY_GB))
                .isEqualTo(catalog.listings(EbayMarketplace.EBAY_GB));
        assertThat(catalog.listings(EbayMarketplace.EBAY_US).getFirst().itemId())
                .matches("v1\\|[0-9]{12}\\|0");
    }
}
