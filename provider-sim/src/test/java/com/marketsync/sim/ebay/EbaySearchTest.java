package com.marketsync.sim.ebay;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.sim.ebay.EbayCatalog.Kind;
import com.marketsync.sim.ebay.EbayCatalog.Listing;
import com.marketsync.sim.ebay.EbayPricing.Priced;
import com.marketsync.sim.ebay.EbayResponses.ErrorDetail;
import com.marketsync.sim.ebay.EbayResponses.ErrorParameter;
import com.marketsync.testkit.MovableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the simulated Browse search reads keywords, filters, aspects and sort, and which parts it ignores. */
class EbaySearchTest {

    private final EbayCatalog catalog = new EbayCatalog();
    private final EbayPricing pricing = new EbayPricing(
            new MovableClock(Instant.parse("2026-03-02T10:00:00Z")),
            new EbaySimProperties("c", "s", Duration.ofHours(2), Duration.ofMinutes(5)));

    @Test
    void aStyleCodeFindsItsListingsWithOrWithoutTheCodeInTheTitleAndRelatedShoes() {
        List<Listing> hits = search("DD1391-100", null, null, null, null, EbayMarketplace.EBAY_US);

        assertThat(hits)
                .extracting(l -> l.product().code())
                .contains("DD1391-100", "DD1391-103", "CW1590-100", "DD1503-101")
                .doesNotContain("DZ5485-410", "555088-134");
        assertThat(hits)
                .anyMatch(l -> l.product().code().equals("DD1391-100") && l.kind() == Kind.NO_CODE)
                .anyMatch(l -> l.product().code().equals("DD1391-100") && l.kind() == Kind.GENUINE);
    }

    @Test
    void onlyBuyItNowListingsComeBackUnlessAuctionsAreAskedFor() {
        List<Listing> byDefault = search("DD1391", null, null, null, null, EbayMarketplace.EBAY_US);
        List<Listing> auctions = search("DD1391", null, null, "buyingOptions:{AUCTION}", null, EbayMarketplace.EBAY_US);

        assertThat(byDefault).isNotEmpty().allMatch(l -> l.buyingOptions().contains("FIXED_PRICE"));
        assertThat(byDefault).noneMatch(l -> l.kind() == Kind.AUCTION);
        assertThat(auctions).isNotEmpty().allMatch(l -> l.buyingOptions().contains("AUCTION"));
        assertThat(auctions).anyMatch(l -> l.kind() == Kind.AUCTION);
    }

    @Test
    void keywordsAreAndedAndParenthesesOrThem() {
        List<Listing> both = search("(DD1391-100, 555088-134)", null, null, null, null, EbayMarketplace.EBAY_US);
        List<Listing> anded = search("Panda GS", null, null, null, null, EbayMarketplace.EBAY_US);

        assertThat(both).extracting(l -> l.product().code()).contains("DD1391-100", "555088-134");
        assertThat(anded)
                .isNotEmpty()
                .allMatch(l -> l.title().contains("Panda") && l.title().contains("GS"));
    }

    @Test
    void filtersByConditionPriceAndLocation() {
        List<Listing> newOnly = search("DD1391", null, null, "conditionIds:{1000}", null, EbayMarketplace.EBAY_US);
        List<Listing> cheapInPounds =
                search("DD1391", null, null, "price:[..100],priceCurrency:GBP", null, EbayMarketplace.EBAY_US);
        List<Listing> fromGb = search("DD1391", null, null, "itemLocationCountry:GB", null, EbayMarketplace.EBAY_US);

        assertThat(newOnly).isNotEmpty().allMatch(l -> l.conditionId().equals("1000"));
        // 100 pounds are about 126.58 dollars on the US marketplace
        assertThat(cheapInPounds)
                .isNotEmpty()
                .allMatch(l -> pricing.price(l).price().compareTo(new BigDecimal("126.59")) <= 0);
        assertThat(fromGb).isNotEmpty().allMatch(l -> l.sellerMarketplace() == EbayMarketplace.EBAY_GB);
    }

    @Test
    void anInvalidFilterValueIsIgnoredWithWarning12002() {
        EbaySearch search = EbaySearch.parse(
                "DD1391", null, null, "conditionIds:{new},buyingOptions:{NOW}", null, EbayMarketplace.EBAY_US, catalog);

        assertThat(search.warnings())
                .extracting(ErrorDetail::errorId, w -> w.parameters().getFirst())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(12002, new ErrorParameter("filterName", "conditionIds")),
                        org.assertj.core.groups.Tuple.tuple(12002, new ErrorParameter("filterName", "buyingOptions")));
        assertThat(search.warnings().getFirst().domain()).isEqualTo("API_BROWSE");
        List<Listing> hits = matches(search, EbayMarketplace.EBAY_US);
        assertThat(hits).anyMatch(l -> l.conditionId().equals("3000"));
    }

    @Test
    void aPriceNeedsItsCurrencyOrIsIgnoredWithWarning12012() {
        assertThat(warnings("price:[10..20]")).containsExactly(12012);
        assertThat(warnings("priceCurrency:USD")).containsExactly(12012);
        assertThat(warnings("price:[cheap],priceCurrency:USD")).containsExactly(12002, 12012);
        assertThat(warnings("price:[10..20],priceCurrency:USD")).isEmpty();
    }

    @Test
    void aspectsFilterOnlyTogetherWithACategory() {
        String sizes = "categoryId:15709,US Shoe Size:{10|10.5}";
        List<Listing> filtered = search("DD1391", "15709", sizes, null, null, EbayMarketplace.EBAY_US);
        EbaySearch withoutCategory =
                EbaySearch.parse("DD1391", null, sizes, null, null, EbayMarketplace.EBAY_US, catalog);
        EbaySearch withoutCategoryId =
                EbaySearch.parse("DD1391", "15709", "US Shoe Size:{10}", null, null, EbayMarketplace.EBAY_US, catalog);

        assertThat(filtered)
                .isNotEmpty()
                .allMatch(l -> l.size().compareTo(new BigDecimal("10")) == 0
                        || l.size().compareTo(new BigDecimal("10.5")) == 0);
        assertThat(filtered).allMatch(l -> l.product().category() == EbayCatalog.Category.MEN);
        // eBay silently ignores aspect_filter without category_ids
        assertThat(withoutCategory.warnings()).isEmpty();
        assertThat(matches(withoutCategory, EbayMarketplace.EBAY_US).size()).isGreaterThan(filtered.size());
        assertThat(withoutCategoryId.warnings())
                .extracting(ErrorDetail::errorId)
                .containsExactly(12017);
    }

    @Test
    void sortsByPricePlusShippingAndWarnsAboutAnUnknownSort() {
        List<Listing> cheapestFirst = search("DD1391", null, null, null, "price", EbayMarketplace.EBAY_US);
        EbaySearch unknown = EbaySearch.parse("DD1391", null, null, null, "cheapest", EbayMarketplace.EBAY_US, catalog);

        for (int i = 1; i < cheapestFirst.size(); i++) {
            assertThat(total(cheapestFirst.get(i))).isGreaterThanOrEqualTo(total(cheapestFirst.get(i - 1)));
        }
        assertThat(unknown.warnings()).extracting(ErrorDetail::errorId).containsExactly(12008);
        assertThat(unknown.sort()).isEqualTo(EbaySearch.Sort.BEST_MATCH);
    }

    @Test
    void theMistypedSkuFindsNothing() {
        assertThat(search("DC7350-100", null, null, null, null, EbayMarketplace.EBAY_US))
                .isEmpty();
    }

    private BigDecimal total(Listing l) {
        Priced p = pricing.price(l);
        return p.price().add(p.shipping());
    }

    private List<Integer> warnings(String filter) {
        return EbaySearch.parse("DD1391", null, null, filter, null, EbayMarketplace.EBAY_US, catalog)
                .warnings()
                .stream()
                .map(ErrorDetail::errorId)
                .toList();
    }

    private List<Listing> search(
            String q, String categoryIds, String aspects, String filter, String sort, EbayMarketplace marketplace) {
        EbaySearch search = EbaySearch.parse(q, categoryIds, aspects, filter, sort, marketplace, catalog);
        assertThat(search.warnings()).isEmpty();
        return matches(search, marketplace);
    }

    private List<Listing> matches(EbaySearch search, EbayMarketplace marketplace) {
        return catalog.listings(marketplace).stream()
                .map(l -> (Map.Entry<Listing, Priced>) new SimpleEntry<>(l, pricing.price(l)))
                .filter(e -> search.matches(e.getKey(), e.getValue()))
                .sorted(search.order())
                .map(Map.Entry::getKey)
                .toList();
    }
}
