package com.marketsync.fetcher.ebay;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the example eBay answers under {@code src/test/resources/golden}. */
final class Golden {

    static final String TOKEN = "token.json";
    static final String TOKEN_INVALID_CLIENT = "token-invalid-client.json";
    static final String SEARCH = "search-dd1391-100-ebay-us.json";
    static final String SEARCH_WOMENS = "search-dd1503-101-womens-ebay-us.json";
    static final String SEARCH_GRADE_SCHOOL = "search-cw1590-100-gs-ebay-us.json";
    static final String SEARCH_WITH_WARNINGS = "search-with-warnings.json";
    static final String ERROR_401_1001 = "error-401-1001.json";
    static final String ERROR_429_2001 = "error-429-2001.json";
    static final String ERROR_500_12000 = "error-500-12000.json";
    static final String ERROR_409_12019 = "error-409-12019.json";
    static final String GOLDEN_TOKEN = "v^1.1#i^1#p^1#r^0#f^0#I^3#t^golden-application-token";

    private Golden() {}

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    static byte[] bytes(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
