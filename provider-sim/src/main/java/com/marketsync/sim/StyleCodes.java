package com.marketsync.sim;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The comparison form of shoe style codes (skus) and the model part of a code, as every provider's search uses them. */
public final class StyleCodes {

    private static final Pattern NON_ALPHANUMERIC = Pattern.compile("[^A-Za-z0-9]");

    private StyleCodes() {}

    /**
     * Uppercase and strip everything but letters and digits, the comparison form of a style code, sku or keyword
     * ({@code DD1391-100}, {@code DD1391 100} and {@code dd1391100} all become {@code DD1391100}).
     */
    public static String normalise(String value) {
        return NON_ALPHANUMERIC.matcher(value).replaceAll("").toUpperCase(Locale.ROOT);
    }

    /** The model part of a Nike/Jordan/ASICS style code (all but the three-digit colour code), if it has one. */
    public static Optional<String> modelPrefix(String normalisedCode) {
        int length = normalisedCode.length();
        if (length >= 9 && normalisedCode.substring(length - 3).chars().allMatch(Character::isDigit)) {
            return Optional.of(normalisedCode.substring(0, length - 3));
        }
        return Optional.empty();
    }
}
