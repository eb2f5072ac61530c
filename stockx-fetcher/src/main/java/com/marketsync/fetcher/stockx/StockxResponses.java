package com.marketsync.fetcher.stockx;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.marketsync.fetcher.core.ProviderCallException;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The StockX v2 JSON shapes this fetcher reads, mirrored as records; unknown fields are ignored because StockX adds
 * fields without a new version.
 */
final class StockxResponses {

    // Floats become BigDecimal straight from the JSON text, so no amount ever passes through a double.
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private StockxResponses() {}

    /** Parses a JSON object; throws {@link ProviderCallException} (malformed) if the body does not fit. */
    static <T> T read(byte[] body, Class<T> type) {
        try {
            T value = JSON.readValue(body, type);
            if (value == null) {
                throw ProviderCallException.malformed("empty body where a " + type.getSimpleName() + " was expected");
            }
            return value;
        } catch (JacksonException e) {
            throw ProviderCallException.malformed("unreadable " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    /** Parses a JSON array; throws {@link ProviderCallException} (malformed) if the body does not fit. */
    static <T> List<T> readList(byte[] body, Class<T> elementType) {
        try {
            List<T> values =
                    JSON.readValue(body, JSON.getTypeFactory().constructCollectionType(List.class, elementType));
            if (values == null) {
                throw ProviderCallException.malformed("empty body where a list was expected");
            }
            if (values.contains(null)) {
                throw ProviderCallException.malformed("null element in a list of " + elementType.getSimpleName());
            }
            return values;
        } catch (JacksonException e) {
            throw ProviderCallException.malformed(
                    "unreadable list of " + elementType.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenResponse(
            @JsonProperty("access_token") String accessToken,
            @JsonProperty("refresh_token") String refreshToken,
            @JsonProperty("expires_in") Long expiresIn,
            @JsonProperty("token_type") String tokenType) {}

    /** Auth0's error body on the token endpoint, e.g. {@code {"error":"invalid_grant",...}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record OauthError(
            String error, @JsonProperty("error_description") String description) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ApiError(Integer statusCode, String message) {}

    /** One page of search results; {@code hasNextPage} absent counts as false. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Search(List<Product> products, Boolean hasNextPage) {
        Search {
            products = products == null ? List.of() : products;
        }

        boolean morePages() {
            return Boolean.TRUE.equals(hasNextPage);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Product(String productId, String urlKey, String styleId, String productType, String title, String brand) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ProductVariant(
            String productId, String variantId, String variantName, String variantValue, SizeChart sizeChart) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SizeChart(Conversion defaultConversion, List<Conversion> availableConversions) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Conversion(String size, String type) {}

    /** Amounts stay raw JSON nodes: StockX sends strings, some accounts see numbers, and null means none. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record MarketData(
            String productId,
            String variantId,
            String currencyCode,
            JsonNode lowestAskAmount,
            JsonNode highestBidAmount,
            JsonNode sellFasterAmount,
            JsonNode earnMoreAmount,
            JsonNode flexLowestAskAmount,
            SubMarket standardMarketData,
            SubMarket flexMarketData,
            SubMarket directMarketData) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SubMarket(
            JsonNode lowestAsk,
            JsonNode highestBidAmount,
            JsonNode sellFaster,
            JsonNode earnMore,
            @JsonProperty("beatUS") JsonNode beatUs) {}
}
