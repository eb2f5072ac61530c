package com.marketsync.sim.stockx;

import com.marketsync.sim.ReferencePrice;
import com.marketsync.sim.StableHash;
import com.marketsync.sim.stockx.StockxCatalog.Product;
import com.marketsync.sim.stockx.StockxCatalog.Variant;
import com.marketsync.sim.stockx.StockxResponses.MarketData;
import com.marketsync.sim.stockx.StockxResponses.VariantMarketData;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Simulated StockX market data: prices fixed per (style, size, currency) within a time bucket and drifting a few
 * percent from one bucket to the next, converted from USD at fixed rates and rounded to whole units.
 */
@Component
class StockxPricing {

    private final Clock clock;
    private final long bucketMillis;

    StockxPricing(Clock clock, StockxSimProperties properties) {
        this.clock = clock;
        this.bucketMillis = properties.priceBucket().toMillis();
    }

    /** Currencies StockX lists as available for market data, with how many units one US dollar buys. */
    enum Currency {
        AUD("1.53"),
        CAD("1.38"),
        CHF("0.89"),
        EUR("0.92"),
        GBP("0.79"),
        HKD("7.80"),
        JPY("151"),
        KRW("1370"),
        MXN("18.2"),
        NZD("1.66"),
        SGD("1.34"),
        USD("1");

        private final BigDecimal perUsd;

        Currency(String perUsd) {
            this.perUsd = new BigDecimal(perUsd);
        }

        static Optional<Currency> parse(String code) {
            return Arrays.stream(values()).filter(c -> c.name().equals(code)).findFirst();
        }
    }

    VariantMarketData marketData(Product product, Variant variant, Currency currency) {
        String styleId = product.styleId();
        String size = variant.variantValue();
        long bucket = Math.floorDiv(clock.millis(), bucketMillis);

        // the static part of the price (how hyped the shoe is, how popular this size is) is shared by all providers
        BigDecimal drift = percent(96 + StableHash.bounded(9, "drift", styleId, size, bucket));
        BigDecimal ask =
                ReferencePrice.usd(styleId, product.retailPrice(), size).multiply(drift);
        BigDecimal bid = ask.multiply(percent(78 + StableHash.bounded(12, "bid", styleId, size, bucket)));

        // thin sizes: no seller or no buyer at all, which StockX reports as null rather than zero
        boolean hasAsk = StableHash.bounded(11, "no-ask", styleId, size) != 0;
        boolean hasBid = StableHash.bounded(6, "no-bid", styleId, size) != 0;
        boolean hasFlexAsk = variant.flexEligible() && StableHash.bounded(3, "flex-ask", styleId, size) != 0;

        String lowestAsk = hasAsk ? money(ask, currency) : null;
        String highestBid = hasBid ? money(bid, currency) : null;
        String sellFaster = money(ask.multiply(percent(98)), currency);
        String earnMore = money(ask.multiply(percent(106)), currency);
        String beatUs = hasAsk ? money(ask.multiply(percent(99)), currency) : null;
        String flexAsk = hasFlexAsk ? money(ask.multiply(percent(97)), currency) : null;
        MarketData direct = variant.directEligible()
                ? new MarketData(money(ask.multiply(percent(102)), currency), null, null, null, null)
                : MarketData.EMPTY;

        return new VariantMarketData(
                product.productId().toString(),
                variant.variantId().toString(),
                currency.name(),
                lowestAsk,
                highestBid,
                sellFaster,
                earnMore,
                flexAsk,
                new MarketData(lowestAsk, highestBid, sellFaster, earnMore, beatUs),
                new MarketData(flexAsk, null, null, null, null),
                direct);
    }

    private static BigDecimal percent(int value) {
        return BigDecimal.valueOf(value, 2);
    }

    /** Whole units of the currency as StockX shows them; never zero, since a missing price is null. */
    private static String money(BigDecimal usd, Currency currency) {
        BigDecimal amount = usd.multiply(currency.perUsd).setScale(0, RoundingMode.HALF_UP);
        return amount.max(BigDecimal.ONE).toPlainString();
    }
}
