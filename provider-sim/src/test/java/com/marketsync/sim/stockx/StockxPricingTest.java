package com.marketsync.sim.stockx;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.sim.stockx.StockxCatalog.Product;
import com.marketsync.sim.stockx.StockxCatalog.Variant;
import com.marketsync.sim.stockx.StockxPricing.Currency;
import com.marketsync.sim.stockx.StockxResponses.MarketData;
import com.marketsync.sim.stockx.StockxResponses.VariantMarketData;
import com.marketsync.testkit.MovableClock;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Simulated StockX prices: determinism, drift per bucket, currency conversion and null-not-zero amounts. */
class StockxPricingTest {

    static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

    private final StockxCatalog catalog = new StockxCatalog();
    private final MovableClock clock = new MovableClock(START);
    private final StockxPricing pricing = new StockxPricing(
            clock,
            new StockxSimProperties(
                    "k", "c", "s", "r", "x", Duration.ofHours(1), Duration.ofMinutes(5), Duration.ZERO));

    @Test
    void samePricesForTheSameInstantAcrossInstances() {
        StockxPricing other = new StockxPricing(
                new MovableClock(START),
                new StockxSimProperties(
                        "k", "c", "s", "r", "x", Duration.ofHours(1), Duration.ofMinutes(5), Duration.ZERO));

        assertThat(prices(pricing, Currency.GBP)).isEqualTo(prices(other, Currency.GBP));
    }

    @Test
    void pricesHoldWithinABucketAndDriftInTheNext() {
        List<VariantMarketData> first = prices(pricing, Currency.USD);

        clock.advance(Duration.ofMinutes(5).minusMillis(1));
        assertThat(prices(pricing, Currency.USD)).isEqualTo(first);

        clock.advance(Duration.ofMillis(1));
        List<VariantMarketData> next = prices(pricing, Currency.USD);
        long changed = 0;
        for (int i = 0; i < first.size(); i++) {
            if (!first.get(i).equals(next.get(i))) {
                changed++;
            }
        }
        assertThat(changed).isGreaterThan(first.size() / 2);
    }

    @Test
    void driftStaysWithinAFewPercent() {
        List<VariantMarketData> before = prices(pricing, Currency.USD);
        clock.advance(Duration.ofMinutes(5));
        List<VariantMarketData> after = prices(pricing, Currency.USD);

        for (int i = 0; i < before.size(); i++) {
            BigDecimal a = new BigDecimal(before.get(i).earnMoreAmount());
            BigDecimal b = new BigDecimal(after.get(i).earnMoreAmount());
            assertThat(b.divide(a, 4, RoundingMode.HALF_UP)).isBetween(new BigDecimal("0.90"), new BigDecimal("1.10"));
        }
    }

    @Test
    void amountsAreWholePositiveNumbersOrNullNeverZero() {
        int nullAsks = 0;
        int nullBids = 0;
        int directAsks = 0;
        for (Currency currency : Currency.values()) {
            for (VariantMarketData row : prices(pricing, currency)) {
                assertThat(row.currencyCode()).isEqualTo(currency.name());
                amounts(row).filter(a -> a != null).forEach(a -> assertThat(a).matches("[1-9][0-9]*"));
                nullAsks += row.lowestAskAmount() == null ? 1 : 0;
                nullBids += row.highestBidAmount() == null ? 1 : 0;
                directAsks += row.directMarketData().lowestAsk() == null ? 0 : 1;
            }
        }
        int rows = prices(pricing, Currency.USD).size() * Currency.values().length;
        assertThat(nullAsks).isPositive();
        assertThat(nullBids).isPositive();
        assertThat(directAsks).isPositive().isLessThan(rows / 4);
    }

    @Test
    void bidsSitBelowAsks() {
        for (VariantMarketData row : prices(pricing, Currency.USD)) {
            if (row.lowestAskAmount() != null && row.highestBidAmount() != null) {
                assertThat(Long.parseLong(row.highestBidAmount())).isLessThan(Long.parseLong(row.lowestAskAmount()));
            }
        }
    }

    @Test
    void convertsWithFixedRates() {
        List<VariantMarketData> usd = prices(pricing, Currency.USD);
        List<VariantMarketData> krw = prices(pricing, Currency.KRW);

        for (int i = 0; i < usd.size(); i++) {
            long dollars = Long.parseLong(usd.get(i).sellFasterAmount());
            long won = Long.parseLong(krw.get(i).sellFasterAmount());
            assertThat(won).isBetween((dollars - 1) * 1370, (dollars + 1) * 1370);
        }
    }

    @Test
    void acceptsOnlyTheTwelveListedCurrencies() {
        assertThat(Currency.values()).hasSize(12);
        assertThat(Currency.parse("EUR")).contains(Currency.EUR);
        assertThat(Currency.parse("BRL")).isEmpty();
        assertThat(Currency.parse("usd")).isEmpty();
    }

    private List<VariantMarketData> prices(StockxPricing source, Currency currency) {
        List<VariantMarketData> rows = new ArrayList<>();
        for (Product product : catalog.all()) {
            for (Variant variant : product.variants()) {
                rows.add(source.marketData(product, variant, currency));
            }
        }
        return rows;
    }

    private static Stream<String> amounts(VariantMarketData row) {
        return Stream.of(
                        Stream.of(
                                row.lowestAskAmount(),
                                row.highestBidAmount(),
                                row.sellFasterAmount(),
                                row.earnMoreAmount(),
                                row.flexLowestAskAmount()),
                        sub(row.standardMarketData()),
                        sub(row.flexMarketData()),
                        sub(row.directMarketData()))
                .flatMap(s -> s);
    }

    private static Stream<String> sub(MarketData data) {
        return Stream.of(data.lowestAsk(), data.highestBidAmount(), data.sellFaster(), data.earnMore(), data.beatUS());
    }
}
