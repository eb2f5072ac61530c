package com.marketsync.planner.catalog;

import com.marketsync.planner.web.ApiException;
import java.util.regex.Pattern;

/** A product's style code as the catalog keys it: capital letters, digits and dashes, e.g. DD1391-100. */
public final class Sku {

    public static final Pattern FORMAT = Pattern.compile("[A-Z0-9][A-Z0-9-]{2,31}");

    private Sku() {}

    /** Whether {@code sku} is a well-formed style code. */
    public static boolean isValid(String sku) {
        return sku != null && FORMAT.matcher(sku).matches();
    }

    /** Refuses a malformed sku with a 400 naming {@code field}. */
    public static String require(String field, String sku) {
        if (!isValid(sku)) {
            throw ApiException.badRequest(
                    field, "must be a style code of 3-32 capital letters, digits and dashes, e.g. DD1391-100");
        }
        return sku;
    }
}
