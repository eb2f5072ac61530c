package com.marketsync.fetcher.core;

import com.marketsync.schemas.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Exact parsing of provider amounts into event amounts (see {@link Money}): decimal strings in major units (StockX,
 * eBay) and integer cents in strings (Alias). Anything that cannot be represented exactly is rejected with a
 * {@link MalformedAmountException} naming the field, never rounded: a failed sync beats a corrupt price.
 */
public final class Amounts {

    private Amounts() {}

    /** A decimal in major units, e.g. {@code "150"} or {@code "129.99"}; null stays null. */
    public static BigDecimal major(String field, String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.trim();
        try {
            return major(field, new BigDecimal(trimmed));
        } catch (NumberFormatException e) {
            throw new MalformedAmountException(field + " is not a number: \"" + trimmed + "\"");
        }
    }

    /** A decimal in major units already parsed without passing through a double; null stays null. */
    public static BigDecimal major(String field, BigDecimal value) {
        if (value == null) {
            return null;
        }
        if (value.signum() < 0) {
            throw new MalformedAmountException(field + " is negative: " + value.toPlainString());
        }
        BigDecimal scaled;
        try {
            scaled = value.setScale(Money.SCALE, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new MalformedAmountException(
                    field + " has more than " + Money.SCALE + " decimals: " + value.toPlainString());
        }
        if (scaled.compareTo(Money.LIMIT) >= 0) {
            throw new MalformedAmountException(field + " is too large: " + value.toPlainString());
        }
        return scaled;
    }

    /** Integer minor units (cents) in a string, e.g. {@code "25000"} → {@code 250.00}; null stays null. */
    public static BigDecimal cents(String field, String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.trim();
        long cents;
        try {
            cents = Long.parseLong(trimmed);
        } catch (NumberFormatException e) {
            throw new MalformedAmountException(field + " is not a whole number of cents: \"" + trimmed + "\"");
        }
        return major(field, BigDecimal.valueOf(cents, Money.SCALE));
    }

    /** An amount a provider sent that no event may carry. */
    public static final class MalformedAmountException extends RuntimeException {
        public MalformedAmountException(String message) {
            super(message);
        }
    }
}
