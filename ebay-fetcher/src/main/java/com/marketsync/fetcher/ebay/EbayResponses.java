package com.marketsync.fetcher.ebay;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.marketsync.fetcher.core.ProviderCallException;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The eBay Browse and OAuth JSON shapes this fetcher reads, mirrored as records; unknown fields are ignored because
 * eBay adds fields without a new version.
 */
final class EbayResponses {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private EbayResponses() {}

    /**
     * Parses a JSON object.
     *
     * @throws ProviderCallException of kind MALFORMED naming the problem if the body is not such an object
     */
    static <T> T read(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw ProviderCallException.malformed("empty body where a " + type.getSimpleName() + " was expected");
        }
        try {
            T value = JSON.readValue(body, type);
            if (value == null) {
                throw ProviderCallException.malformed("null where a " + type.getSimpleName() + " was expected");
            }
            return value;
        } catch (JacksonException e) {
            throw ProviderCallException.malformed("unreadable " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    /** Answer of the client-credentials grant; eBay sends {@code refresh_token: "N/A"} for application tokens. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenResponse(
            @JsonProperty("access_token") String accessToken,
            @JsonProperty("expires_in") Long expiresIn,
            @JsonProperty("token_type") String tokenType) {}

    /** OAuth error body of the token endpoint, e.g. {@code invalid_client}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenError(
            String error, @JsonProperty("error_description") String errorDescription) {}

    /** {@code SearchPagedCollection}: one page of item summaries, plus warnings when eBay ignored part of the query. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SearchPage(
            String href,
            Integer total,
            Integer limit,
            Integer offset,
            String next,
            List<ItemSummary> itemSummaries,
            List<ErrorDetail> warnings) {

        SearchPage {
            // eBay omits itemSummaries when nothing matched.
            itemSummaries = itemSummaries == null ? List.of() : itemSummaries;
            warnings = warnings == null ? List.of() : warnings;
        }
    }

    /** One listing; for auctions {@code price} is the starting bid, and the size is only in the title. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ItemSummary(
            String itemId,
            String title,
            String epid,
            ConvertedAmount price,
            List<String> buyingOptions,
            String condition,
            String conditionId,
            String itemGroupHref,
            String itemGroupType,
            List<ShippingOption> shippingOptions) {}

    /** {@code ConvertedAmount}: a decimal string in {@code currency}; {@code convertedFrom*} when eBay converted it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ConvertedAmount(String value, String currency, String convertedFromValue, String convertedFromCurrency) {}

    /** One way to ship a listing; {@code shippingCost} is absent for calculated shipping without a buyer location. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ShippingOption(String shippingCostType, ConvertedAmount shippingCost) {}

    /** eBay's error envelope, used for failures ({@code errors}) and for 200 answers with warnings. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErrorResponse(List<ErrorDetail> errors) {}

    /** One error or warning, e.g. errorId 2001 "Too many requests." or 12002 for an ignored filter. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErrorDetail(Integer errorId, String domain, String category, String message, String longMessage) {

        /** {@code errorId 12002: message}, or what there is of it. */
        String describe() {
            String text = message != null && !message.isBlank() ? message : longMessage;
            return "errorId " + (errorId == null ? "?" : errorId) + (text == null || text.isBlank() ? "" : ": " + text);
        }
    }

    /** Answer of the Analytics API's {@code getRateLimits}: when each of the application's quotas resets. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RateLimits(List<RateLimit> rateLimits) {
        RateLimits {
            rateLimits = rateLimits == null ? List.of() : rateLimits;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RateLimit(String apiContext, String apiName, List<RateResource> resources) {
        RateLimit {
            resources = resources == null ? List.of() : resources;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RateResource(String name, List<Rate> rates) {
        RateResource {
            rates = rates == null ? List.of() : rates;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Rate(Long limit, Long remaining, String reset, Long timeWindow) {}
}
