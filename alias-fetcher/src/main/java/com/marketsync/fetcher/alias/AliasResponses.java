package com.marketsync.fetcher.alias;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.marketsync.fetcher.core.ProviderCallException;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Alias v1 JSON shapes this fetcher reads (docs.alias.org, PROVIDERS.md §2.2), mirrored as records with
 * snake_case names; unknown fields are ignored because Alias adds fields during its beta.
 *
 * <p>Fields whose JSON type varies or must be checked strictly (cents as strings or numbers, enums as names or
 * protobuf numbers, sizes, booleans) stay raw {@link JsonNode}s and are interpreted by {@link AliasSnapshotMapper}.
 */
final class AliasResponses {

    // Floats become BigDecimal straight from the JSON text, so no size or amount ever passes through a double.
    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // A key sent twice (e.g. two different prices) has no single meaning.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private AliasResponses() {}

    /** Parses a JSON object; throws {@link ProviderCallException} (malformed) if the body does not fit. */
    static <T> T read(byte[] body, Class<T> type) {
        try {
            T value = JSON.readValue(body, type);
            if (value == null) {
                throw ProviderCallException.malformed("empty body where " + type.getSimpleName() + " was expected");
            }
            return value;
        } catch (JacksonException e) {
            throw ProviderCallException.malformed("unreadable " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    /** The google.rpc.Status-shaped error body of a failed call. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ApiError(Integer code, String message) {}

    /** {@code GET /catalog?query=…}: one page of (fuzzy) search results. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SearchPage(List<CatalogItem> catalogItems, String nextPaginationToken, Boolean hasMore) {}

    /** A catalog item; its {@code sku} is Alias's spelling of the style code, e.g. {@code DD1391 100}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CatalogItem(String catalogId, String name, String sku, String brand, String gender, String sizeUnit) {}

    /** {@code GET /pricing_insights/availabilities/{catalog_id}}: every size × condition × packaging × consigned. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Availabilities(List<VariantAvailability> variants) {}

    /** One variant, identified by its tuple; Alias gives no variant id. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record VariantAvailability(
            JsonNode size,
            JsonNode productCondition,
            JsonNode packagingCondition,
            JsonNode consigned,
            Availability availability) {}

    /** Prices of one variant in USD cents, documented as int64-in-string; null or absent means none. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Availability(
            JsonNode lowestListingPriceCents,
            JsonNode highestOfferPriceCents,
            JsonNode lastSoldListingPriceCents,
            JsonNode globalIndicatorPriceCents) {}
}
