package com.marketsync.fetcher.stockx;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Compares StockX style ids with our skus exactly: StockX search is fuzzy, so a product counts only if one segment of
 * its (possibly compound) style id equals the sku after normalising.
 */
final class StyleCodes {

    private static final Pattern NON_ALPHANUMERIC = Pattern.compile("[^A-Z0-9]");
    private static final Pattern PARENTHESISED = Pattern.compile("\\([^)]*\\)");

    private StyleCodes() {}

    /** Uppercase with every non-alphanumeric character removed, e.g. {@code dd1391-100} → {@code DD1391100}. */
    static String normalise(String code) {
        return code == null
                ? ""
                : NON_ALPHANUMERIC.matcher(code.toUpperCase(Locale.ROOT)).replaceAll("");
    }

    /**
     * Whether a StockX styleId denotes the sku: the styleId is split on {@code /}, parenthesised text is dropped, and
     * a segment matches if it equals the sku as a whole or has a whitespace-separated word that does.
     */
    static boolean matches(String styleId, String sku) {
        String wanted = normalise(sku);
        if (wanted.isEmpty() || styleId == null) {
            return false;
        }
        String withoutNotes = PARENTHESISED.matcher(styleId).replaceAll(" ");
        return Arrays.stream(withoutNotes.split("/")).anyMatch(segment -> segmentMatches(segment, wanted));
    }

    private static boolean segmentMatches(String segment, String wanted) {
        if (normalise(segment).equals(wanted)) {
            return true;
        }
        // Segments like "Cactus Jack AQ4211-101" carry a name beside the code.
        return Arrays.stream(segment.trim().split("\\s+"))
                .map(StyleCodes::normalise)
                .anyMatch(wanted::equals);
    }
}
