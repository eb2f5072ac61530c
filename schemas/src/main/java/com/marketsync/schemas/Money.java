package com.marketsync.schemas;

import java.math.BigDecimal;

/**
 * The one definition of what an amount in an event may be: non-negative, exactly two decimals, and small enough for
 * the contracts' {@code decimal(14,2)} (and the writer's {@code numeric(14,2)} columns).
 */
public final class Money {

    /** Decimal places of every amount in the events. */
    public static final int SCALE = 2;

    /** Total digits of every amount in the events. */
    public static final int PRECISION = 14;

    /** Smallest amount that no longer fits: {@code 10^(PRECISION - SCALE)}. */
    public static final BigDecimal LIMIT = BigDecimal.TEN.pow(PRECISION - SCALE);

    private Money() {}

    /** Whether an amount can travel in an event unchanged: null, or non-negative with at most two decimals below the limit. */
    public static boolean fits(BigDecimal amount) {
        return amount == null
                || (amount.signum() >= 0
                        && amount.stripTrailingZeros().scale() <= SCALE
                        && amount.compareTo(LIMIT) < 0);
    }
}
