package com.marketsync.fetcher.ebay;

import com.marketsync.fetcher.core.HttpAnswer;
import com.marketsync.fetcher.core.ProviderCallException;
import com.marketsync.fetcher.core.ProviderCallException.Kind;
import com.marketsync.fetcher.ebay.EbayResponses.TokenError;
import com.marketsync.fetcher.ebay.EbayResponses.TokenResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Holds eBay's application access token: mints it with the OAuth2 client-credentials grant, reuses it until about a
 * minute before it expires, and lets concurrent callers share one mint, because the token endpoint allows only 1,000
 * grants a day.
 *
 * <p>Minting never spends the Browse budget: the token endpoint has its own limit.
 */
@Component
class EbayTokens {

    static final Duration EXPIRY_MARGIN = Duration.ofSeconds(60);
    // eBay documents 7200 s; assume it if a response omits expires_in.
    private static final long DEFAULT_LIFETIME_SECONDS = 7200;
    private static final Logger log = LoggerFactory.getLogger(EbayTokens.class);

    private final RestClient http;
    private final EbayProperties properties;
    private final Clock clock;
    private final Object lock = new Object();
    private String accessToken;
    private Instant renewAt = Instant.MIN;
    private CompletableFuture<String> minting;

    EbayTokens(RestClient ebayRestClient, EbayProperties properties, Clock clock) {
        this.http = ebayRestClient;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * A valid application token, minted first if there is none or it expires within a minute; callers arriving while
     * a mint is in flight wait for that mint instead of starting their own.
     *
     * @throws ProviderCallException if the mint fails (keyset rejected, endpoint unavailable or rate limited)
     */
    String accessToken() {
        CompletableFuture<String> mint;
        boolean mine = false;
        synchronized (lock) {
            if (accessToken != null && clock.instant().isBefore(renewAt)) {
                return accessToken;
            }
            if (minting == null) {
                minting = new CompletableFuture<>();
                mine = true;
            }
            mint = minting;
        }
        if (mine) {
            mintInto(mint);
        }
        try {
            return mint.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Forgets a token eBay refused (401, errorId 1001), so the next {@link #accessToken()} mints a new one; a token
     * another caller already replaced is left alone.
     */
    void rejected(String token) {
        synchronized (lock) {
            if (token != null && token.equals(accessToken)) {
                accessToken = null;
            }
        }
    }

    private void mintInto(CompletableFuture<String> mint) {
        try {
            Instant requestedAt = clock.instant();
            TokenResponse token = mint();
            long lifetime =
                    token.expiresIn() == null || token.expiresIn() <= 0 ? DEFAULT_LIFETIME_SECONDS : token.expiresIn();
            // Renew a minute early, but never sooner than half the lifetime for very short-lived tokens.
            long reuseFor = Math.max(lifetime - EXPIRY_MARGIN.toSeconds(), lifetime / 2);
            synchronized (lock) {
                accessToken = token.accessToken();
                // Counted from the request, so time spent waiting for the answer is not mistaken for validity.
                renewAt = requestedAt.plusSeconds(reuseFor);
                minting = null;
            }
            mint.complete(token.accessToken());
        } catch (RuntimeException e) {
            synchronized (lock) {
                minting = null;
            }
            mint.completeExceptionally(e);
        }
    }

    private TokenResponse mint() {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", "client_credentials");
        form.add("scope", properties.scope());
        HttpAnswer response;
        try {
            response = http.post()
                    .uri(properties.tokenUrl())
                    .headers(headers -> headers.setBasicAuth(
                            properties.clientId(), properties.clientSecret(), StandardCharsets.UTF_8))
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .accept(MediaType.APPLICATION_JSON)
                    .body(form)
                    .exchange((request, result) -> HttpAnswer.of(result));
        } catch (ResourceAccessException e) {
            throw new ProviderCallException(
                    Kind.UNAVAILABLE, null, null, "eBay token endpoint unreachable: " + e.getMessage(), e);
        }
        if (!response.isSuccess()) {
            throw classify(response);
        }
        TokenResponse token;
        try {
            token = EbayResponses.read(response.body(), TokenResponse.class);
        } catch (ProviderCallException e) {
            throw new ProviderCallException(
                    Kind.MALFORMED, response.status(), null, "malformed eBay token response: " + e.getMessage(), e);
        }
        if (token.accessToken() == null || token.accessToken().isBlank()) {
            throw new ProviderCallException(
                    Kind.MALFORMED, response.status(), null, "eBay token response has no access_token", null);
        }
        log.info("Minted an eBay application token valid for {} s", token.expiresIn());
        return token;
    }

    private ProviderCallException classify(HttpAnswer response) {
        int status = response.status();
        TokenError error = tokenError(response);
        String code = error == null || error.error() == null ? "" : error.error();
        String description = error == null || error.errorDescription() == null ? "" : ": " + error.errorDescription();
        if ("invalid_client".equals(code)) {
            return new ProviderCallException(
                    Kind.REJECTED,
                    status,
                    null,
                    "eBay keyset rejected (invalid_client)" + description
                            + "; check market.ebay.client-id and client-secret, and that the keyset is enabled"
                            + " (a new production keyset stays disabled until Marketplace Account Deletion"
                            + " notifications are subscribed to or opted out of)",
                    null);
        }
        String detail =
                "eBay token endpoint answered HTTP " + status + (code.isEmpty() ? "" : ", " + code) + description;
        // A 429 means the 1,000 client-credentials grants a day are spent; the request waits like any other.
        return ProviderCallException.ofStatus(response, detail, clock.instant());
    }

    private static TokenError tokenError(HttpAnswer response) {
        try {
            return EbayResponses.read(response.body(), TokenError.class);
        } catch (ProviderCallException notAnOauthError) {
            return null;
        }
    }
}
