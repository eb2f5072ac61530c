package com.marketsync.sim;

import java.math.BigDecimal;

/**
 * A shoe's simulated resale value in US dollars before any venue, region, condition or time effect, the same for
 * every simulated provider so their prices stay in one another's range.
 */
public final class ReferencePrice {

    private ReferencePrice() {}

    /**
     * Retail price times how hyped the style is and how popular the size is.
     *
     * @param styleCode the style code with its hyphen, as StockX writes it ({@code DD1391-100})
     * @param retailUsd retail price in whole dollars
     * @param sizeLabel the size as StockX labels it ({@code 10.5}, {@code 6.5W}, {@code 4Y})
     */
    public static BigDecimal usd(String styleCode, int retailUsd, String sizeLabel) {
        BigDecimal premium = percent(85 + StableHash.bounded(150, "premium", styleCode));
        BigDecimal sizeFactor = percent(92 + StableHash.bounded(17, "size", styleCode, sizeLabel));
        return BigDecimal.valueOf(retailUsd).multiply(premium).multiply(sizeFactor);
    }

    /** A factor between {@code lowPercent} and {@code highPercent} (inclusive) drawn from the parts. */
    public static BigDecimal factor(int lowPercent, int highPercent, Object... parts) {
        return percent(lowPercent + StableHash.bounded(highPercent - lowPercent + 1, parts));
    }

    private static BigDecimal percent(int value) {
        return BigDecimal.valueOf(value, 2);
    }
}
