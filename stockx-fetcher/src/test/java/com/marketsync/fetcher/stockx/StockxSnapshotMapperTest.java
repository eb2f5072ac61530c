package com.marketsync.fetcher.stockx;

import static com.marketsync.fetcher.stockx.StockxApiStub.market;
import static com.marketsync.fetcher.stockx.StockxApiStub.variant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marketsync.events.Fulfilment;
import com.marketsync.events.PackagingCondition;
import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.Priority;
import com.marketsync.events.ProductCondition;
import com.marketsync.events.Provider;
import com.marketsync.events.SizeSystem;
import com.marketsync.events.SyncRequest;
import com.marketsync.events.Tier;
import com.marketsync.fetcher.core.ProviderCallException;
import com.marketsync.fetcher.stockx.ProductMappingRepository.ProductMapping;
import com.marketsync.fetcher.stockx.StockxResponses.MarketData;
import com.marketsync.fetcher.stockx.StockxResponses.ProductVariant;
import com.marketsync.fetcher.stockx.StockxSnapshotMapper.Market;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Mapping of StockX market data to price snapshots: amounts, sub-markets, sizes, ids and rejected shapes. */
class StockxSnapshotMapperTest {

    private static final Instant FETCHED = Instant.parse("2026-11-22T10:15:30.123456Z");
    private static final ProductMapping PRODUCT = new ProductMapping("p-1", "DD1391-100");
    private static final Market US_IN_USD = new Market("US", "USD");
    private final StockxSnapshotMapper mapper = new StockxSnapshotMapper();

    @Test
    void parsesStringAndNumericAmountsAsExactDecimalsAndKeepsNullAsNull() {
        List<PriceSnapshot> snapshots =
                map(market("p-1", "v-1", "USD", "\"150\"", "\"112.50\"", "99", "118.25", "null", "\"114\"", "\"0\""));

        PriceSnapshot snapshot = snapshots.getFirst();
        assertThat(snapshot.getLowestAsk()).isEqualTo(new BigDecimal("150.00"));
        assertThat(snapshot.getHighestBid()).isEqualTo(new BigDecimal("112.50"));
        assertThat(snapshot.getSuggestedSellFaster()).isEqualTo(new BigDecimal("99.00"));
        assertThat(snapshot.getSuggestedEarnMore()).isEqualTo(new BigDecimal("118.25"));
        assertThat(snapshot.getFlexLowestAsk()).isNull();
        assertThat(snapshot.getSuggestedBeatUs()).isEqualTo(new BigDecimal("114.00"));
        assertThat(snapshot.getDirectLowestAsk()).isEqualTo(new BigDecimal("0.00"));
        assertThat(snapshot.getLastSale()).isNull();
        assertThat(snapshot.getSalesCount()).isNull();
        assertThat(snapshot.getWarnings()).containsExactly(StockxSnapshotMapper.NO_LAST_SALE);
    }

    @Test
    void rejectsTheWholeResponseWhenAnAmountHasMoreThanTwoDecimals() {
        String exact = market("p-1", "v-1", "USD", "\"112.50\"");
        String tooPrecise = market("p-1", "v-2", "USD", "\"112.505\"");

        assertThatThrownBy(() -> map(exact, tooPrecise))
                .isInstanceOfSatisfying(ProviderCallException.class, e -> assertThat(e.kind())
                        .isEqualTo(ProviderCallException.Kind.MALFORMED))
                .hasMessageContaining("v-2")
                .hasMessageContaining("standardMarketData.lowestAsk")
                .hasMessageContaining("112.505");
    }

    @Test
    void rejectsUnparsableNegativeAndOversizedAmounts() {
        for (String bad : List.of("\"abc\"", "\"\"", "\"-1\"", "true", "{}", "\"1000000000000\"")) {
            assertThatThrownBy(() -> map(market("p-1", "v-1", "USD", "\"1\"", bad)))
                    .as(bad)
                    .isInstanceOf(ProviderCallException.class)
                    .hasMessageContaining("highestBidAmount");
        }
    }

    @Test
    void readsTheStandardFulfilmentFromStandardMarketDataRatherThanTheTopLevelFields() {
        String entry = """
                {"productId":"p-1","variantId":"v-1","currencyCode":"USD",
                 "lowestAskAmount":"100","highestBidAmount":"99","sellFasterAmount":"98","earnMoreAmount":"97",
                 "flexLowestAskAmount":"96",
                 "standardMarketData":{"lowestAsk":"120","highestBidAmount":null,"sellFaster":"118","earnMore":"125",
                                       "beatUS":"119"},
                 "flexMarketData":{"lowestAsk":"100"},
                 "directMarketData":{"lowestAsk":"130.5"}}""";

        PriceSnapshot snapshot = map(entry).getFirst();

        assertThat(snapshot.getLowestAsk()).isEqualTo(new BigDecimal("120.00"));
        // Present but null in the standard sub-market: no standard bid, even though the top level names one.
        assertThat(snapshot.getHighestBid()).isNull();
        assertThat(snapshot.getSuggestedSellFaster()).isEqualTo(new BigDecimal("118.00"));
        assertThat(snapshot.getSuggestedEarnMore()).isEqualTo(new BigDecimal("125.00"));
        assertThat(snapshot.getSuggestedBeatUs()).isEqualTo(new BigDecimal("119.00"));
        assertThat(snapshot.getFlexLowestAsk()).isEqualTo(new BigDecimal("100.00"));
        assertThat(snapshot.getDirectLowestAsk()).isEqualTo(new BigDecimal("130.50"));
        assertThat(snapshot.getVariant().getFulfilment()).isEqualTo(Fulfilment.STANDARD);
    }

    @Test
    void fallsBackToTheTopLevelFieldsOnlyWhenTheSubMarketsAreAbsent() {
        String entry = """
                {"productId":"p-1","variantId":"v-1","currencyCode":"USD",
                 "lowestAskAmount":"100","highestBidAmount":"99","sellFasterAmount":"98","earnMoreAmount":"97",
                 "flexLowestAskAmount":"96"}""";

        PriceSnapshot snapshot = map(entry).getFirst();

        assertThat(snapshot.getLowestAsk()).isEqualTo(new BigDecimal("100.00"));
        assertThat(snapshot.getHighestBid()).isEqualTo(new BigDecimal("99.00"));
        assertThat(snapshot.getSuggestedSellFaster()).isEqualTo(new BigDecimal("98.00"));
        assertThat(snapshot.getSuggestedEarnMore()).isEqualTo(new BigDecimal("97.00"));
        assertThat(snapshot.getFlexLowestAsk()).isEqualTo(new BigDecimal("96.00"));
        assertThat(snapshot.getSuggestedBeatUs()).isNull();
        assertThat(snapshot.getDirectLowestAsk()).isNull();
    }

    @Test
    void rejectsAMarketDataEntryWithoutVariantId() {
        String nameless = """
                {"productId":"p-1","variantId":null,"currencyCode":"USD","lowestAskAmount":"100"}""";

        assertThatThrownBy(() -> map(market("p-1", "v-1", "USD", "\"150\""), nameless))
                .isInstanceOfSatisfying(ProviderCallException.class, e -> assertThat(e.kind())
                        .isEqualTo(ProviderCallException.Kind.MALFORMED))
                .hasMessageContaining("entry 1 has no variantId");
    }

    @Test
    void rejectsSubMarketsOfTheWrongShape() {
        String entry = """
                {"productId":"p-1","variantId":"v-1","currencyCode":"USD","standardMarketData":"120"}""";

        assertThatThrownBy(() -> map(entry))
                .isInstanceOf(ProviderCallException.class)
                .hasMessageContaining("MarketData");
    }

    @Test
    void rejectsMarketDataInAnotherCurrencyThanRequested() {
        assertThatThrownBy(() -> map(market("p-1", "v-1", "EUR", "\"150\"")))
                .isInstanceOf(ProviderCallException.class)
                .hasMessageContaining("EUR");
    }

    @Test
    void rejectsDuplicateVariantsAndOtherProducts() {
        assertThatThrownBy(() -> map(market("p-1", "v-1", "USD"), market("p-1", "v-1", "USD")))
                .isInstanceOf(ProviderCallException.class)
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> map(market("p-2", "v-1", "USD")))
                .isInstanceOf(ProviderCallException.class)
                .hasMessageContaining("p-2");
    }

    @Test
    void stampsTheAccountsMarketAndTheRequestedCurrency() {
        List<MarketData> gbp =
                StockxResponses.readList(bytes("[" + market("p-1", "v-1", "GBP", "\"99\"") + "]"), MarketData.class);

        PriceSnapshot snapshot = mapper.map(request(), PRODUCT, new Market("GB", "GBP"), variants(), gbp, FETCHED)
                .getFirst();

        assertThat(snapshot.getRegion()).isEqualTo("GB");
        assertThat(snapshot.getCurrency()).isEqualTo("GBP");
        assertThat(snapshot.getSnapshotId())
                .isEqualTo(UUID.nameUUIDFromBytes(
                                "STOCKX|DD1391-100|stockx:v-1|GB|1795342530123".getBytes(StandardCharsets.UTF_8))
                        .toString());
    }

    @Test
    void describesTheVariantFromTheSizeChart() {
        List<PriceSnapshot> snapshots = map(
                market("p-1", "v-1", "USD", "\"150\""),
                market("p-1", "v-2", "USD", "\"160\""),
                market("p-1", "v-3", "USD", "\"170\""),
                market("p-1", "v-9", "USD", "\"180\""));

        Map<String, PriceSnapshot> byVariant = snapshots.stream()
                .collect(Collectors.toMap(s -> s.getVariant().getProviderVariantId(), Function.identity()));
        assertThat(byVariant.get("v-1").getVariant().getSize()).isEqualTo("10.5");
        assertThat(byVariant.get("v-1").getVariant().getSizeSystem()).isEqualTo(SizeSystem.US_M);
        assertThat(byVariant.get("v-1").getVariant().getUsSize()).isEqualTo("10.5");
        assertThat(byVariant.get("v-2").getVariant().getSize()).isEqualTo("6.5W");
        assertThat(byVariant.get("v-2").getVariant().getSizeSystem()).isEqualTo(SizeSystem.US_W);
        assertThat(byVariant.get("v-2").getVariant().getUsSize()).isEqualTo("6.5");
        assertThat(byVariant.get("v-3").getVariant().getSizeSystem()).isEqualTo(SizeSystem.EU);
        assertThat(byVariant.get("v-3").getVariant().getUsSize()).isNull();
        assertThat(byVariant.get("v-9").getVariant().getSize()).isNull();
        assertThat(byVariant.get("v-9").getVariant().getSizeSystem()).isEqualTo(SizeSystem.OTHER);
        assertThat(byVariant.get("v-9").getWarnings()).contains(StockxSnapshotMapper.UNKNOWN_VARIANT);
        PriceSnapshot first = byVariant.get("v-1");
        assertThat(first.getVariant().getVariantKey()).isEqualTo("stockx:v-1");
        assertThat(first.getVariant().getCondition()).isEqualTo(ProductCondition.NEW);
        assertThat(first.getVariant().getPackaging()).isEqualTo(PackagingCondition.UNKNOWN);
        assertThat(first.getVariant().getFulfilment()).isEqualTo(Fulfilment.STANDARD);
        assertThat(first.getProviderProductId()).isEqualTo("p-1");
        assertThat(first.getStyleCodeRaw()).isEqualTo("DD1391-100");
        assertThat(first.getCurrency()).isEqualTo("USD");
        assertThat(first.getRegion()).isEqualTo("US");
        assertThat(first.getRequestId()).isEqualTo("REQ-M");
        assertThat(first.getObservedAt()).isEqualTo(Instant.parse("2026-11-22T10:15:30.123Z"));
        assertThat(first.getFetchedAt()).isEqualTo(first.getObservedAt());
    }

    @Test
    void derivesTheSnapshotIdFromProviderSkuVariantRegionAndObservationOnly() {
        String id = map(market("p-1", "v-1", "USD", "\"150\"")).getFirst().getSnapshotId();
        String again = map(market("p-1", "v-1", "USD", "\"155\"")).getFirst().getSnapshotId();
        String later = mapper.map(
                        request(),
                        PRODUCT,
                        US_IN_USD,
                        Map.of(),
                        StockxResponses.readList(bytes("[" + market("p-1", "v-1", "USD") + "]"), MarketData.class),
                        FETCHED.plusMillis(1))
                .getFirst()
                .getSnapshotId();

        assertThat(id)
                .isEqualTo(again)
                .isEqualTo(UUID.nameUUIDFromBytes(
                                "STOCKX|DD1391-100|stockx:v-1|US|1795342530123".getBytes(StandardCharsets.UTF_8))
                        .toString())
                .isNotEqualTo(later);
    }

    @Test
    void mapsSizeSystemsOfEveryKnownConversionType() {
        assertThat(StockxSnapshotMapper.sizeSystem("us y")).isEqualTo(SizeSystem.US_Y);
        assertThat(StockxSnapshotMapper.sizeSystem("uk")).isEqualTo(SizeSystem.UK);
        assertThat(StockxSnapshotMapper.sizeSystem("cm")).isEqualTo(SizeSystem.CM);
        assertThat(StockxSnapshotMapper.sizeSystem("psa")).isEqualTo(SizeSystem.OTHER);
    }

    private List<PriceSnapshot> map(String... entries) {
        List<MarketData> marketData =
                StockxResponses.readList(bytes("[" + String.join(",", entries) + "]"), MarketData.class);
        return mapper.map(request(), PRODUCT, US_IN_USD, variants(), marketData, FETCHED);
    }

    private static Map<String, ProductVariant> variants() {
        String json = "["
                + String.join(
                        ",",
                        variant("p-1", "v-1", "10.5", "us m"),
                        variant("p-1", "v-2", "6.5W", "us w"),
                        variant("p-1", "v-3", "44.5", "eu"))
                + "]";
        return StockxResponses.readList(bytes(json), ProductVariant.class).stream()
                .collect(Collectors.toMap(ProductVariant::variantId, Function.identity()));
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static SyncRequest request() {
        return SyncRequest.newBuilder()
                .setRequestId("REQ-M")
                .setSku("DD1391-100")
                .setProvider(Provider.STOCKX)
                .setRegion("US")
                .setPriority(Priority.BACKGROUND)
                .setTier(Tier.WARM)
                .setReason("DUE")
                .setRequestedAt(FETCHED)
                .setRequestedBy("test")
                .build();
    }
}
