package com.marketsync.fetcher.ebay;

import static com.marketsync.fetcher.ebay.EbayApiStub.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.marketsync.events.Fulfilment;
import com.marketsync.events.PackagingCondition;
import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.ProductCondition;
import com.marketsync.events.Provider;
import com.marketsync.events.SizeSystem;
import com.marketsync.events.SyncRequest;
import com.marketsync.events.Variant;
import com.marketsync.fetcher.core.FetchResult;
import com.marketsync.fetcher.core.SnapshotIds;
import com.marketsync.fetcher.ebay.EbayProperties.Marketplace;
import com.marketsync.fetcher.ebay.EbayResponses.SearchPage;
import com.marketsync.fetcher.ebay.ListingTitles.ListingSize;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden search pages mapped to the exact snapshots and results they must give. */
class EbaySnapshotMapperTest {

    private static final Marketplace EBAY_US = new Marketplace("EBAY_US", "USD");
    private static final Instant FETCHED_AT = Instant.parse("2026-11-22T10:00:00.123456789Z");
    private static final Instant OBSERVED_AT = Instant.parse("2026-11-22T10:00:00.123Z");
    private static final List<String> FLAGS =
            List.of("EBAY_NO_PRICE_MODELLING", "EBAY_MAX_AGE_6H", "EBAY_ASK_INCLUDES_SHIPPING");

    private final EbaySnapshotMapper mapper = new EbaySnapshotMapper();

    @Test
    void mapsTheGoldenSearchPageToOneSnapshotPerSizeWithTheLowestTotalAskAndTheListingCount() {
        SyncRequest request = request("US");

        FetchResult result =
                mapper.map(request, EBAY_US, Map.of("15709", page(Golden.bytes(Golden.SEARCH))), FETCHED_AT);

        assertThat(result).isInstanceOf(FetchResult.Succeeded.class);
        FetchResult.Succeeded succeeded = (FetchResult.Succeeded) result;
        assertThat(succeeded.httpStatus()).isEqualTo(200);
        // One 10.5 listing has an epid, the others none: no common product id.
        assertThat(succeeded.providerProductId()).isNull();
        List<PriceSnapshot> expected = List.of(
                // 115.50 + the cheaper of 25.00 and 12.00 shipping beats 140 with free shipping.
                expected(request, "9", "127.50", 2),
                // 125.00 free shipping beats 129.99 free and 118.00 + 14.95; the women's-labelled title names Men's
                // 10.5.
                expected(request, "10.5", "125.00", 3),
                // 99.00 converted from CAD is a USD price on EBAY_US; plus 20.00 shipping.
                expected(request, "12", "119.00", 1));
        assertThat(succeeded.snapshots()).usingRecursiveComparison().isEqualTo(expected);
        assertThat(succeeded.snapshots())
                .allSatisfy(
                        snapshot -> assertThat(snapshot.getLowestAsk().scale()).isEqualTo(2));
    }

    @Test
    void dropsNoiseListingsOfTheGoldenPage() {
        FetchResult.Succeeded result = (FetchResult.Succeeded)
                mapper.map(request("US"), EBAY_US, Map.of("15709", page(Golden.bytes(Golden.SEARCH))), FETCHED_AT);

        // Size 10 exists only as an auction, size 11 only in CAD or with calculated shipping; the used 60.00, the
        // other code's 80.00, the code-less 82.00 and the multi-size 110.00 never become asks.
        assertThat(result.snapshots())
                .extracting(snapshot -> snapshot.getVariant().getSize())
                .containsExactly("9", "10.5", "12");
        assertThat(result.snapshots())
                .extracting(PriceSnapshot::getLowestAsk)
                .doesNotContain(new BigDecimal("60.00"), new BigDecimal("80.00"), new BigDecimal("82.00"))
                .doesNotContain(new BigDecimal("110.00"), new BigDecimal("60.00"));
    }

    @Test
    void mapsAWomensCategoryPageToWomensSizesAndKeepsAPairSoldInMensSizingApart() {
        SyncRequest request = EbayApiStub.request("req-w", "DD1503-101", "US", null);

        FetchResult result =
                mapper.map(request, EBAY_US, Map.of("95672", page(Golden.bytes(Golden.SEARCH_WOMENS))), FETCHED_AT);

        assertThat(result).isInstanceOf(FetchResult.Succeeded.class);
        List<PriceSnapshot> expected = List.of(
                // Labelled Men's 6.5 by its seller: a men's size, never read as a women's one.
                expected(request, "DD1503-101", new ListingSize(SizeSystem.US_M, "6.5"), "105.00", 1),
                // "Women's Size 8" at 120.00 beats the "Wmns … Size 8" at 112.00 + 9.00.
                expected(request, "DD1503-101", new ListingSize(SizeSystem.US_W, "8"), "120.00", 2),
                // A bare "Size 8.5" in the women's category is a women's size.
                expected(request, "DD1503-101", new ListingSize(SizeSystem.US_W, "8.5"), "125.00", 1),
                // "Women's Size 9 / Men's 7.5" is sold in the category's women's sizing; "Size 9W" at 133.50.
                expected(request, "DD1503-101", new ListingSize(SizeSystem.US_W, "9"), "130.00", 2));
        assertThat(((FetchResult.Succeeded) result).snapshots())
                .usingRecursiveComparison()
                .isEqualTo(expected);
        // The ambiguous "fits Men's and Women's", the range, the UK size, the used pair and the other sku give none.
    }

    @Test
    void mapsAKidsCategoryPageToGradeSchoolSizesOnlyWhereTheyAreLabelled() {
        SyncRequest request = EbayApiStub.request("req-y", "CW1590-100", "US", null);

        FetchResult result = mapper.map(
                request, EBAY_US, Map.of("57929", page(Golden.bytes(Golden.SEARCH_GRADE_SCHOOL))), FETCHED_AT);

        assertThat(result).isInstanceOf(FetchResult.Succeeded.class);
        List<PriceSnapshot> expected = List.of(
                expected(request, "CW1590-100", new ListingSize(SizeSystem.US_Y, "5.5"), "95.00", 2),
                expected(request, "CW1590-100", new ListingSize(SizeSystem.US_Y, "6"), "99.99", 1),
                // "GS Size 7Y / Women's 8.5" is the grade-school 7 the kids' category sells.
                expected(request, "CW1590-100", new ListingSize(SizeSystem.US_Y, "7"), "104.00", 1));
        // The bare "Size 6" (toddler, pre-school or grade school?), the 10.5C and the auction give none.
        assertThat(((FetchResult.Succeeded) result).snapshots())
                .usingRecursiveComparison()
                .isEqualTo(expected);
    }

    @Test
    void keepsTheSameNumberInDifferentSystemsAsDifferentVariants() {
        SearchPage men = page(listingsPage(
                listing("v1|1|0", "Nike Dunk Low DD1503-101 Men's Size 8", "100.00", "USD"),
                listing("v1|2|0", "Nike Dunk Low DD1503-101 Women's Size 8", "90.00", "USD")));

        FetchResult.Succeeded result = (FetchResult.Succeeded) mapper.map(
                EbayApiStub.request("req-1", "DD1503-101", "US", null), EBAY_US, Map.of("15709", men), FETCHED_AT);

        assertThat(result.snapshots())
                .extracting(
                        snapshot -> snapshot.getVariant().getVariantKey(),
                        snapshot -> snapshot.getVariant().getSizeSystem(),
                        snapshot -> snapshot.getVariant().getUsSize(),
                        PriceSnapshot::getLowestAsk)
                .containsExactly(
                        tuple("ebay:EBAY_US|8", SizeSystem.US_M, "8", new BigDecimal("100.00")),
                        tuple("ebay:EBAY_US|8W", SizeSystem.US_W, "8", new BigDecimal("90.00")));
    }

    @Test
    void saysWhetherACategoryHoldsTheSkuInItsOwnSizing() {
        SearchPage womens = page(Golden.bytes(Golden.SEARCH_WOMENS));
        SearchPage strayInMens =
                page(listingsPage(listing("v1|1|0", "Nike Dunk Low DD1503-101 Women's Size 8", "100.00", "USD")));
        SearchPage gradeSchool = page(Golden.bytes(Golden.SEARCH_GRADE_SCHOOL));

        assertThat(EbaySnapshotMapper.holdsSku("DD1503-101", "95672", womens)).isTrue();
        assertThat(EbaySnapshotMapper.holdsSku("DD1503-101", "15709", strayInMens))
                .isFalse();
        assertThat(EbaySnapshotMapper.holdsSku("DD1503-101", "155194", strayInMens))
                .isTrue();
        assertThat(EbaySnapshotMapper.holdsSku("CW1590-100", "57929", gradeSchool))
                .isTrue();
        assertThat(EbaySnapshotMapper.holdsSku("DD1391-100", "57929", gradeSchool))
                .isFalse();
        assertThat(EbaySnapshotMapper.holdsSku("DD1391-100", "15709", page(Golden.bytes(Golden.SEARCH))))
                .isTrue();
    }

    @Test
    void answersNotFoundWhenNoListingCarriesTheStyleCode() {
        SearchPage page = page("""
                {"total":2,"itemSummaries":[
                  %s,
                  %s]}""".formatted(
                        listing("v1|1|0", "Nike Dunk Low Panda DD1391-1001 Size 10", "100.00", "USD"),
                        listing("v1|2|0", "Nike Dunk Low Panda Size 10", "100.00", "USD")));

        FetchResult result = mapper.map(request("US"), EBAY_US, Map.of("15709", page), FETCHED_AT);

        assertThat(result).isInstanceOfSatisfying(FetchResult.NotFound.class, notFound -> {
            assertThat(notFound.reason())
                    .startsWith("no eBay listing carries style code DD1391-100")
                    .endsWith("(2 listings examined on EBAY_US in category 15709)");
            assertThat(notFound.httpStatus()).isEqualTo(200);
        });
    }

    @Test
    void succeedsWithoutSnapshotsWhenListingsCarryTheCodeButNoneIsANewSizedAsk() {
        SearchPage page = page("{\"itemSummaries\":[%s]}"
                .formatted(listing("v1|1|0", "Nike Dunk Low Panda DD1391-100 Brand New", "100.00", "USD")));

        FetchResult result = mapper.map(request("US"), EBAY_US, Map.of("15709", page), FETCHED_AT);

        assertThat(result)
                .isInstanceOfSatisfying(FetchResult.Succeeded.class, succeeded -> assertThat(succeeded.snapshots())
                        .isEmpty());
    }

    @Test
    void failsWhenEveryMatchingListingIsPricedInAnotherCurrency() {
        SearchPage page = page("{\"itemSummaries\":[%s,%s]}"
                .formatted(
                        listing("v1|1|0", "Nike Dunk Low Panda DD1391-100 Size 10", "100.00", "CAD"),
                        listing("v1|2|0", "Nike Dunk Low Panda DD1391-100 Size 11", "90.00", "EUR")));

        FetchResult result = mapper.map(request("US"), EBAY_US, Map.of("15709", page), FETCHED_AT);

        assertThat(result).isInstanceOfSatisfying(FetchResult.Failed.class, failed -> assertThat(failed.reason())
                .isEqualTo("every matching eBay listing on EBAY_US is priced in [CAD, EUR], not USD"));
    }

    @Test
    void failsOnAMalformedPriceOfAMatchingListingRatherThanPublishingIt() {
        SearchPage page = page("{\"itemSummaries\":[%s,%s]}"
                .formatted(
                        listing("v1|1|0", "Nike Dunk Low Panda DD1391-100 Size 10", "100.00", "USD"),
                        listing("v1|2|0", "Nike Dunk Low Panda DD1391-100 Size 11", "1O0.00", "USD")));

        FetchResult result = mapper.map(request("US"), EBAY_US, Map.of("15709", page), FETCHED_AT);

        assertThat(result).isInstanceOfSatisfying(FetchResult.Failed.class, failed -> assertThat(failed.reason())
                .contains("v1|2|0")
                .contains("price.value is not a number: \"1O0.00\""));
    }

    @Test
    void failsOnAPriceWithMoreThanTwoDecimalsAndOnAMissingPrice() {
        SearchPage tooPrecise = page("{\"itemSummaries\":[%s]}"
                .formatted(listing("v1|1|0", "Nike Dunk Low Panda DD1391-100 Size 10", "100.005", "USD")));
        SearchPage priceless =
                page("{\"itemSummaries\":[{\"itemId\":\"v1|3|0\",\"title\":\"Nike Dunk Low DD1391-100 Size 10\","
                        + "\"conditionId\":\"1000\",\"buyingOptions\":[\"FIXED_PRICE\"]}]}");

        assertThat(mapper.map(request("US"), EBAY_US, Map.of("15709", tooPrecise), FETCHED_AT))
                .isInstanceOfSatisfying(FetchResult.Failed.class, failed -> assertThat(failed.reason())
                        .contains("more than 2 decimals"));
        assertThat(mapper.map(request("US"), EBAY_US, Map.of("15709", priceless), FETCHED_AT))
                .isInstanceOfSatisfying(FetchResult.Failed.class, failed -> assertThat(failed.reason())
                        .isEqualTo("malformed eBay search answer: listing v1|3|0: no price"));
    }

    @Test
    void ignoresMalformedAmountsOfListingsThatDoNotMatch() {
        SearchPage page = page("{\"itemSummaries\":[%s,%s]}"
                .formatted(
                        listing("v1|1|0", "Nike Dunk Low Panda DD1391-100 Size 10", "100.00", "USD"),
                        listing("v1|2|0", "Some other shoe AB1234-001 Size 10", "not a price", "USD")));

        assertThat(mapper.map(request("US"), EBAY_US, Map.of("15709", page), FETCHED_AT))
                .isInstanceOf(FetchResult.Succeeded.class);
    }

    @Test
    void readsAnAmountSentAsAJsonNumberExactlyAsWritten() {
        SearchPage page = page(listingsPage(listing("v1|1|0", "Nike Dunk Low DD1391-100 Size 10", "0", "USD")
                .replace("\"value\":\"0\"", "\"value\":129.99")));

        FetchResult.Succeeded result =
                (FetchResult.Succeeded) mapper.map(request("US"), EBAY_US, Map.of("15709", page), FETCHED_AT);

        assertThat(result.snapshots()).singleElement().satisfies(snapshot -> assertThat(snapshot.getLowestAsk())
                .isEqualTo(new BigDecimal("129.99")));
    }

    @Test
    void carriesTheEpidWhenEveryMatchingListingHasTheSameOne() {
        SearchPage page = page("{\"itemSummaries\":[%s,%s]}"
                .formatted(
                        withEpid(listing("v1|1|0", "Nike Dunk Low DD1391-100 Size 10", "100.00", "USD"), "123"),
                        withEpid(listing("v1|2|0", "Nike Dunk Low DD1391-100 Size 11", "101.00", "USD"), "123")));

        FetchResult.Succeeded result =
                (FetchResult.Succeeded) mapper.map(request("US"), EBAY_US, Map.of("15709", page), FETCHED_AT);

        assertThat(result.providerProductId()).isEqualTo("123");
        assertThat(result.snapshots())
                .extracting(PriceSnapshot::getProviderProductId)
                .containsOnly("123");
    }

    @Test
    void countsAListingFoundInTwoCategoriesOnceAndFlagsAFirstPageOnlySample() {
        String shared = listing("v1|1|0", "Nike Dunk Low DD1391-100 Size 10", "100.00", "USD");
        SearchPage men =
                page("{\"next\":\"https://api.ebay.com/...&offset=200\",\"itemSummaries\":[%s]}".formatted(shared));
        SearchPage women = page("{\"itemSummaries\":[%s]}".formatted(shared));

        FetchResult.Succeeded result = (FetchResult.Succeeded)
                mapper.map(request("US"), EBAY_US, Map.of("15709", men, "95672", women), FETCHED_AT);

        assertThat(result.snapshots()).singleElement().satisfies(snapshot -> {
            assertThat(snapshot.getListingCount()).isEqualTo(1);
            assertThat(snapshot.getWarnings()).contains("EBAY_FIRST_PAGE_ONLY");
        });
    }

    @Test
    void usesTheMarketplaceCurrencyAndRegionOfTheRequest() {
        Marketplace ebayGb = new Marketplace("EBAY_GB", "GBP");
        SyncRequest request = request("GB");
        SearchPage page = page("{\"itemSummaries\":[%s]}"
                .formatted(listing("v1|1|0", "Nike Dunk Low DD1391-100 UK 9.5 US 10.5", "95.00", "GBP")));

        FetchResult.Succeeded result =
                (FetchResult.Succeeded) mapper.map(request, ebayGb, Map.of("15709", page), FETCHED_AT);

        assertThat(result.snapshots()).singleElement().satisfies(snapshot -> {
            assertThat(snapshot.getCurrency()).isEqualTo("GBP");
            assertThat(snapshot.getRegion()).isEqualTo("GB");
            assertThat(snapshot.getVariant().getVariantKey()).isEqualTo("ebay:EBAY_GB|10.5");
            assertThat(snapshot.getLowestAsk()).isEqualTo(new BigDecimal("95.00"));
        });
    }

    private static PriceSnapshot expected(SyncRequest request, String size, String lowestAsk, int listings) {
        return expected(request, "DD1391-100", new ListingSize(SizeSystem.US_M, size), lowestAsk, listings);
    }

    private static PriceSnapshot expected(
            SyncRequest request, String sku, ListingSize size, String lowestAsk, int listings) {
        String variantKey = "ebay:EBAY_US|" + size.label();
        return PriceSnapshot.newBuilder()
                .setSnapshotId(SnapshotIds.of(Provider.EBAY, sku, variantKey, "US", OBSERVED_AT))
                .setRequestId(request.getRequestId())
                .setProvider(Provider.EBAY)
                .setSku(sku)
                .setProviderProductId(null)
                .setStyleCodeRaw(sku)
                .setVariant(Variant.newBuilder()
                        .setVariantKey(variantKey)
                        .setProviderVariantId(null)
                        .setSize(size.label())
                        .setSizeSystem(size.system())
                        .setUsSize(size.number())
                        .setCondition(ProductCondition.NEW)
                        .setPackaging(PackagingCondition.UNKNOWN)
                        .setFulfilment(Fulfilment.ANY)
                        .build())
                .setRegion("US")
                .setCurrency("USD")
                .setLowestAsk(new BigDecimal(lowestAsk))
                .setHighestBid(null)
                .setLastSale(null)
                .setLastSaleAt(null)
                .setFlexLowestAsk(null)
                .setDirectLowestAsk(null)
                .setSuggestedSellFaster(null)
                .setSuggestedEarnMore(null)
                .setSuggestedBeatUs(null)
                .setGlobalIndicatorPrice(null)
                .setSalesCount(null)
                .setSalesWindowStart(null)
                .setSalesWindowEnd(null)
                .setListingCount(listings)
                .setObservedAt(OBSERVED_AT)
                .setFetchedAt(OBSERVED_AT)
                .setWarnings(FLAGS)
                .build();
    }

    static String listing(String itemId, String title, String price, String currency) {
        return """
                {"itemId":"%s","title":"%s","price":{"value":"%s","currency":"%s"},
                 "buyingOptions":["FIXED_PRICE"],"conditionId":"1000",
                 "shippingOptions":[{"shippingCostType":"FIXED","shippingCost":{"value":"0.00","currency":"%s"}}]}""".formatted(itemId, title, price, currency, currency);
    }

    private static String listingsPage(String... listings) {
        return "{\"itemSummaries\":[" + String.join(",", listings) + "]}";
    }

    private static String withEpid(String listing, String epid) {
        return listing.replaceFirst("\\{", "{\"epid\":\"" + epid + "\",");
    }

    private static SearchPage page(String json) {
        return page(json.getBytes(StandardCharsets.UTF_8));
    }

    private static SearchPage page(byte[] json) {
        return EbayResponses.read(json, SearchPage.class);
    }
}
