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
import com.marketsync.fetcher.stockx.ProductResolver.ResolvedProduct;
import com.marketsync.fetcher.stockx.StockxResponses.MarketData;
import com.marketsync.fetcher.stockx.StockxResponses.ProductVariant;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StockxSnapshotMapperTest {

    private static final Instant FETCHED = Instant.parse("2026-11-22T10:15:30.123456Z");
    private static final ResolvedProduct PRODUCT = new ResolvedProduct("p-1", "DD1391-100");
    private final StockxSnapshotMapper mapper = new StockxSnapshotMapper();

    @Test
    void parsesStringAndNumericAmountsAsExactDecimalsAndKeepsNullAsNull() {
        List<PriceSnapshot> snapshots =
                map(market("p-1", "v-1", "USD", "\"150\"", "\"112.5\"", "99", "118.25", "null", "\"114\"", "\"0\""));

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
        String exact = market("p-1", "v-1", "USD", "\"150\"");
        String tooPrecise = market("p-1", "v-2", "USD", "\"12.345\"");

        assertThatThrownBy(() -> map(exact, tooPrecise))
                .isInstanceOfSatisfying(
                        StockxException.class, e -> assertThat(e.kind()).isEqualTo(StockxException.Kind.MALFORMED))
                .hasMessageContaining("lowestAskAmount")
                .hasMessageContaining("12.345");
    }

    @Test
    void rejectsUnparsableNegativeAndOversizedAmounts() {
        for (String bad : List.of("\"abc\"", "\"\"", "\"-1\"", "true", "{}", "\"1000000000000\"")) {
            assertThatThrownBy(() -> map(market("p-1", "v-1", "USD", "\"1\"", bad)))
                    .as(bad)
                    .isInstanceOf(StockxException.class)
                    .hasMessageContaining("highestBidAmount");
        }
    }

    @Test
    void rejectsMarketDataInAnotherCurrencyThanRequested() {
        assertThatThrownBy(() -> map(market("p-1", "v-1", "EUR", "\"150\"")))
                .isInstanceOf(StockxException.class)
                .hasMessageContaining("EUR");
    }

    @Test
    void rejectsDuplicateVariantsAndOtherProducts() {
        assertThatThrownBy(() -> map(market("p-1", "v-1", "USD"), market("p-1", "v-1", "USD")))
                .isInstanceOf(StockxException.class);
        assertThatThrownBy(() -> map(market("p-2", "v-1", "USD"))).isInstanceOf(StockxException.class);
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
                        "USD",
                        Map.of(),
                        StockxResponses.readList(bytes("[" + market("p-1", "v-1", "USD") + "]"), MarketData.class),
                        FETCHED.plusMillis(1))
                .getFirst()
                .getSnapshotId();

        assertThat(id)
                .isEqualTo(again)
                .isEqualTo(java.util
                        .UUID
                        .nameUUIDFromBytes(
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
        return mapper.map(request(), PRODUCT, "USD", variants(), marketData, FETCHED);
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
