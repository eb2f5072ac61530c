package com.marketsync.fetcher.stockx;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How to reach the StockX v2 API: base URL, credentials, timeouts and the currency to ask for per region.
 *
 * @param baseUrl API root including the version, e.g. {@code https://api.stockx.com/v2}
 * @param apiKey sent as {@code x-api-key} on every call
 * @param auth OAuth2 refresh-token grant settings
 * @param searchPageSize results per search page; StockX itself defaults to 1, which hides exact matches
 * @param connectTimeout TCP connect timeout
 * @param readTimeout response timeout; the gateway sometimes pauses for several seconds
 * @param regionCurrencies currency to request for a region when the request names none
 */
@ConfigurationProperties("market.stockx")
@Validated
record StockxProperties(
        @DefaultValue("http://localhost:8090/stockx/v2") @NotNull
        URI baseUrl,

        @NotBlank String apiKey,
        @DefaultValue @Valid Auth auth,
        @DefaultValue("20") @Min(1) @Max(50) int searchPageSize,
        @DefaultValue("5s") @NotNull Duration connectTimeout,
        @DefaultValue("30s") @NotNull Duration readTimeout,
        Map<String, String> regionCurrencies) {

    StockxProperties {
        Map<String, String> currencies = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        currencies.putAll(
                regionCurrencies == null || regionCurrencies.isEmpty()
                        ? Map.of("US", "USD", "GB", "GBP", "EU", "EUR")
                        : regionCurrencies);
        regionCurrencies = currencies;
    }

    /** The currency configured for a region, or null. */
    String currencyFor(String region) {
        String currency = region == null ? null : regionCurrencies.get(region);
        return currency == null ? null : currency.toUpperCase(Locale.ROOT);
    }

    /**
     * OAuth2 refresh-token grant against StockX's Auth0 tenant.
     *
     * @param tokenUrl token endpoint, e.g. {@code https://accounts.stockx.com/oauth/token}
     * @param clientId application client id
     * @param clientSecret application client secret
     * @param refreshToken refresh token from the one-time authorization-code login
     */
    record Auth(
            @DefaultValue("http://localhost:8090/stockx/oauth/token") @NotNull
            URI tokenUrl,

            @NotBlank String clientId,
            @NotBlank String clientSecret,
            @NotBlank String refreshToken) {}
}
