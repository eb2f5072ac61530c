package com.marketsync.sim.ebay;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** JSON bodies of the simulated eBay APIs, field for field as eBay names them; absent fields are left out. */
final class EbayResponses {

    private EbayResponses() {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SearchPagedCollection(
            String href,
            int total,
            String next,
            String prev,
            int limit,
            int offset,
            List<ItemSummary> itemSummaries,
            List<ErrorDetail> warnings) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ItemSummary(
            String itemId,
            String title,
            List<String> leafCategoryIds,
            List<Category> categories,
            Image image,
            ConvertedAmount price,
            String itemHref,
            Seller seller,
            String condition,
            String conditionId,
            List<ShippingOption> shippingOptions,
            List<String> buyingOptions,
            ConvertedAmount currentBidPrice,
            Integer bidCount,
            String itemEndDate,
            String itemWebUrl,
            ItemLocation itemLocation,
            boolean adultOnly,
            String legacyItemId,
            String itemCreationDate,
            String listingMarketplaceId) {}

    /** Money as eBay writes it: a decimal string in the marketplace currency, plus the seller's original if converted. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ConvertedAmount(String value, String currency, String convertedFromValue, String convertedFromCurrency) {}

    record ShippingOption(String shippingCostType, ConvertedAmount shippingCost) {}

    record Seller(String username, String feedbackPercentage, int feedbackScore) {}

    record ItemLocation(String postalCode, String country) {}

    record Category(String categoryId, String categoryName) {}

    record Image(String imageUrl) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ErrorDetail(
            int errorId,
            String domain,
            String category,
            String message,
            String longMessage,
            List<ErrorParameter> parameters) {}

    record ErrorParameter(String name, String value) {}

    record Errors(List<ErrorDetail> errors) {}

    record TokenResponse(String access_token, long expires_in, String refresh_token, String token_type) {}

    record OauthError(String error, String error_description) {}

    record RateLimitsResponse(List<RateLimit> rateLimits) {}

    record RateLimit(String apiContext, String apiName, String apiVersion, List<RateLimitResource> resources) {}

    record RateLimitResource(String name, List<Rate> rates) {}

    record Rate(int count, int limit, int remaining, String reset, long timeWindow) {}
}
