package com.marketsync.fetcher.stockx;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How to reach the StockX v2 API: base URL, token endpoint, timeouts, search bounds and the accounts, one per market.
 *
 * <p>StockX answers with the market of the authenticated account ({@code country} is deprecated), so a region is a
 * credential: each account names the market it sees and the one currency its snapshots are priced in (ADR 0005).
 *
 * @param baseUrl API root including the version, e.g. {@code https://api.stockx.com/v2}; shared by every account
 * @param tokenUrl the OAuth2 token endpoint (refresh-token grant), e.g. {@code https://accounts.stockx.com/oauth/token};
 *     shared by every account
 * @param searchPageSize results per search page (StockX allows 1–50 and itself defaults to 1, which hides exact hits)
 * @param searchMaxPages search pages read at most per style code; each page is one API call
 * @param connectTimeout TCP connect timeout
 * @param readTimeout response timeout; the gateway sometimes pauses for several seconds
 * @param accounts StockX accounts by id; the id is the credential the shared budget is kept per
 */
@ConfigurationProperties("market.stockx")
@Validated
record StockxProperties(
        @DefaultValue("http://localhost:8090/stockx/v2") @NotNull
        URI baseUrl,

        @DefaultValue("http://localhost:8090/stockx/oauth/token") @NotNull
        URI tokenUrl,

        @DefaultValue("50") @Min(1) @Max(50) int searchPageSize,
        @DefaultValue("3") @Min(1) @Max(20) int searchMaxPages,
        @DefaultValue("5s") @NotNull Duration connectTimeout,
        @DefaultValue("30s") @NotNull Duration readTimeout,
        @NotEmpty Map<String, @Valid @NotNull Account> accounts) {

    StockxProperties {
        accounts = accounts == null ? Map.of() : Map.copyOf(accounts);
        Map<String, String> accountByMarket = new HashMap<>();
        accounts.forEach((id, account) -> {
            if (account == null || account.market() == null) {
                return;
            }
            String other = accountByMarket.putIfAbsent(account.market(), id);
            if (other != null) {
                // One order book per market: two accounts of one market would make the credential ambiguous.
                throw new IllegalArgumentException(
                        "StockX accounts " + other + " and " + id + " both serve market " + account.market());
            }
        });
    }

    /** The id of the account whose market is the region exactly (codes are compared as written), if any. */
    Optional<String> accountIdFor(String region) {
        if (region == null) {
            return Optional.empty();
        }
        return accounts.entrySet().stream()
                .filter(entry -> region.equals(entry.getValue().market()))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /**
     * Why a region of {@code market.providers.stockx.regions} cannot be served (no account has it as its market),
     * naming the property to set; empty if an account serves it.
     */
    Optional<String> missingMapping(String region) {
        if (accountIdFor(region).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("no StockX account serves market " + region + ": add one as market.stockx.accounts.<id>"
                + " with market=" + region + ", its currency, api-key, client-id, client-secret and refresh-token");
    }

    /** The configured account with this id; throws if there is none, which only a programming error can cause. */
    Account account(String accountId) {
        Account account = accounts.get(accountId);
        if (account == null) {
            throw new IllegalArgumentException("no StockX account " + accountId);
        }
        return account;
    }

    /**
     * One StockX seller account: the market it sees and how to authenticate as it.
     *
     * @param market our region code for the account's market, e.g. {@code US}; requests for it use this account
     * @param currency ISO 4217 currency every market-data call of the account asks for and every snapshot of its
     *     market is priced in, e.g. {@code USD}; a request naming another currency is refused without a call
     * @param apiKey sent as {@code x-api-key} on every call
     * @param clientId OAuth application client id
     * @param clientSecret OAuth application client secret
     * @param refreshToken refresh token from the one-time authorization-code login; it seeds the stored, rotated one
     */
    record Account(
            @NotBlank String market,
            @NotBlank @Pattern(regexp = "[A-Z]{3}") String currency,
            @NotBlank String apiKey,
            @NotBlank String clientId,
            @NotBlank String clientSecret,
            @NotBlank String refreshToken) {

        @Override
        public String toString() {
            // Secrets never reach a log line or an actuator dump through toString.
            return "Account[market=" + market + ", currency=" + currency + ", clientId=" + clientId + "]";
        }
    }
}
