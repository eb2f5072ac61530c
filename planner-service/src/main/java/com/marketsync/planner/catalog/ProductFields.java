package com.marketsync.planner.catalog;

import com.marketsync.events.Provider;
import com.marketsync.events.Tier;
import com.marketsync.planner.web.ApiException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The rules every product field meets, shared by the single-product endpoints and the bulk import. */
final class ProductFields {

    /** Longest name or brand, in characters (code points). */
    static final int MAX_TEXT = 200;

    static final String SKU_RULE = "must be a style code of 3-32 capital letters, digits and dashes, e.g. DD1391-100";
    static final String TIER_RULE =
            "must be one of " + Arrays.stream(Tier.values()).map(Tier::name).collect(Collectors.joining(", "));
    static final String PROVIDER_RULE = "must be one of "
            + Arrays.stream(Provider.values()).map(Provider::name).collect(Collectors.joining(", "));

    static final String CONTROL_RULE = "must not contain control characters (line breaks, tabs, NUL)";

    private ProductFields() {}

    /** Why {@code sku} is not a style code, or null if it is. */
    static String skuProblem(String sku) {
        return Sku.isValid(sku) ? null : SKU_RULE;
    }

    /** Why {@code text} is not a valid name or brand, or null if it is. */
    static String textProblem(String text) {
        if (text == null || text.isBlank()) {
            return "must not be blank";
        }
        if (text.codePointCount(0, text.length()) > MAX_TEXT) {
            return "must be at most " + MAX_TEXT + " characters";
        }
        // PostgreSQL text cannot hold NUL; line breaks and other controls have no place in a product name either
        if (text.chars().anyMatch(Character::isISOControl)) {
            return CONTROL_RULE;
        }
        return null;
    }

    /** The tier named by {@code text} in any case, or null if it names none. */
    static Tier tierOrNull(String text) {
        if (text == null) {
            return null;
        }
        String name = text.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(Tier.values())
                .filter(tier -> tier.name().equals(name))
                .findFirst()
                .orElse(null);
    }

    /** The tier named by {@code text}; a 400 naming {@code field} otherwise. */
    static Tier tier(String field, String text) {
        Tier tier = tierOrNull(text);
        if (tier == null) {
            throw ApiException.badRequest(field, TIER_RULE);
        }
        return tier;
    }

    /** The provider named by {@code text} in any case; a 400 naming {@code field} otherwise. */
    static Provider provider(String field, String text) {
        String name = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(Provider.values())
                .filter(provider -> provider.name().equals(name))
                .findFirst()
                .orElseThrow(() -> ApiException.badRequest(field, PROVIDER_RULE));
    }

    /** Strips surrounding whitespace; null stays null. */
    static String strip(String text) {
        return text == null ? null : text.strip();
    }
}
