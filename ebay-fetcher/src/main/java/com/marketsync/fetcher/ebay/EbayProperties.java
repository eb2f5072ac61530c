package com.marketsync.fetcher.ebay;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How to reach the eBay Browse API: endpoints, keyset, timeouts, the sneaker categories to search and the eBay
 * marketplace (and its currency) behind each of our regions.
 *
 * @param baseUrl Browse API root including the version; production {@code https://api.ebay.com/buy/browse/v1}
 * @param tokenUrl OAuth2 token endpoint; production {@code https://api.ebay.com/identity/v1/oauth2/token}
 * @param clientId keyset App ID (client id)
 * @param clientSecret keyset Cert ID (client secret)
 * @param scope OAuth2 scope of the application token; Browse needs only the base scope
 * @param connectTimeout TCP connect timeout, for the API and the token endpoint
 * @param readTimeout response timeout, for the API and the token endpoint
 * @param categoryIds eBay sneaker categories, searched in this order: 15709 men's athletic shoes, 95672 women's athletic
 *     shoes, 57929 boys' shoes (where grade-school pairs are listed)
 * @param searchesPerRequest at most how many of {@code categoryIds} one sync request searches: the category a sku's
 *     listings were last found in first, else in order until one holds the sku; every search is one Browse call out
 *     of the 5,000 a day, and 1 searches the first (men's) category only
 * @param pageLimit listings per search ({@code limit}, at most 200); only the first page is read
 * @param regions our region code (as in SyncRequest.region) to eBay marketplace and its currency
 */
@ConfigurationProperties("market.ebay")
@Validated
record EbayProperties(
        @DefaultValue("http://localhost:8090/ebay/buy/browse/v1") @NotNull
        URI baseUrl,

        @DefaultValue("http://localhost:8090/ebay/identity/v1/oauth2/token") @NotNull
        URI tokenUrl,

        @NotBlank String clientId,
        @NotBlank String clientSecret,

        @DefaultValue("https://api.ebay.com/oauth/api_scope") @NotBlank
        String scope,

        @DefaultValue("5s") @NotNull Duration connectTimeout,
        @DefaultValue("20s") @NotNull Duration readTimeout,

        @DefaultValue({"15709", "95672", "57929"}) @NotEmpty
        List<@Pattern(regexp = "\\d+", message = "must be a numeric eBay category id") String> categoryIds,

        @DefaultValue("3") @Min(1) int searchesPerRequest,
        @DefaultValue("200") @Min(1) @Max(200) int pageLimit,
        Map<String, @Valid @NotNull Marketplace> regions) {

    /** The marketplaces used when no region is configured. */
    static final Map<String, Marketplace> DEFAULT_REGIONS = Map.of(
            "US", new Marketplace("EBAY_US", "USD"),
            "GB", new Marketplace("EBAY_GB", "GBP"),
            "DE", new Marketplace("EBAY_DE", "EUR"));

    EbayProperties {
        categoryIds = categoryIds == null ? List.of() : List.copyOf(categoryIds);
        Map<String, Marketplace> byRegion = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byRegion.putAll(regions == null || regions.isEmpty() ? DEFAULT_REGIONS : regions);
        regions = byRegion;
    }

    /**
     * The categories one sync request may search, one Browse call each, in order: {@code first} (where the sku was
     * last found; null if nowhere) if it is configured, then the others as configured, at most {@code
     * searches-per-request} of them.
     */
    List<String> searchOrder(String first) {
        List<String> order = new ArrayList<>(categoryIds.size());
        if (first != null && categoryIds.contains(first)) {
            order.add(first);
        }
        for (String category : categoryIds) {
            if (!order.contains(category)) {
                order.add(category);
            }
        }
        return List.copyOf(order.subList(0, Math.min(searchesPerRequest, order.size())));
    }

    /** The marketplace configured for a region, or null. */
    Marketplace marketplaceFor(String region) {
        return region == null ? null : regions.get(region.trim());
    }

    /**
     * Why a region of {@code market.providers.ebay.regions} cannot be served (no marketplace configured), naming the
     * properties to set; empty if it has a marketplace.
     */
    Optional<String> missingMapping(String region) {
        if (marketplaceFor(region) != null) {
            return Optional.empty();
        }
        return Optional.of("no eBay marketplace for " + region + ": set market.ebay.regions." + region
                + ".marketplace-id and .currency (e.g. EBAY_GB and GBP)");
    }

    @AssertTrue(message = "searches-per-request must not exceed the number of category-ids")
    boolean isSearchesWithinCategories() {
        return searchesPerRequest <= categoryIds.size();
    }

    /**
     * An eBay marketplace and the currency eBay prices its listings in (it converts foreign listings into it).
     *
     * @param marketplaceId value of the {@code X-EBAY-C-MARKETPLACE-ID} header, e.g. {@code EBAY_GB}
     * @param currency ISO 4217 code every price on that marketplace must carry, e.g. {@code GBP}
     */
    record Marketplace(
            @NotBlank @Pattern(regexp = "EBAY_[A-Z_]+", message = "must be an eBay marketplace id such as EBAY_US")
            String marketplaceId,

            @NotBlank @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as USD")
            String currency) {

        Marketplace {
            marketplaceId = marketplaceId == null ? null : marketplaceId.trim();
            currency = currency == null ? null : currency.trim().toUpperCase(Locale.ROOT);
        }
    }
}
