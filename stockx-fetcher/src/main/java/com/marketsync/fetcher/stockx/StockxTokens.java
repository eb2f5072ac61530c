package com.marketsync.fetcher.stockx;

import com.marketsync.fetcher.stockx.StockxResponses.TokenResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Holds the StockX access token: obtains it with the OAuth2 refresh-token grant, reuses it until shortly before it
 * expires, and keeps a rotated refresh token.
 */
@Component
class StockxTokens {

    static final String AUDIENCE = "gateway.stockx.com";
    private static final Logger log = LoggerFactory.getLogger(StockxTokens.class);
    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(60);
    // StockX documents no lifetime; assume a short one if the response omits expires_in.
    private static final long DEFAULT_LIFETIME_SECONDS = 3600;

    private final RestClient http;
    private final StockxProperties.Auth auth;
    private final Clock clock;
    private String accessToken;
    private Instant renewAt = Instant.MIN;
    // Rotated on use by StockX: a stale one silently stops working, so the newest is kept (in memory for now).
    private String refreshToken;

    StockxTokens(RestClient stockxRestClient, StockxProperties properties, Clock clock) {
        this.http = stockxRestClient;
        this.auth = properties.auth();
        this.clock = clock;
        this.refreshToken = auth.refreshToken();
    }

    /** A valid access token, refreshed first if it is missing or about to expire. */
    synchronized String accessToken() {
        if (accessToken == null || !clock.instant().isBefore(renewAt)) {
            refresh();
        }
        return accessToken;
    }

    /**
     * Forgets a token StockX refused, so the next {@link #accessToken()} refreshes; a token another thread already
     * replaced is left alone.
     */
    synchronized void rejected(String token) {
        if (token != null && token.equals(accessToken)) {
            accessToken = null;
        }
    }

    private void refresh() {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", "refresh_token");
        form.add("client_id", auth.clientId());
        form.add("client_secret", auth.clientSecret());
        form.add("refresh_token", refreshToken);
        form.add("audience", AUDIENCE);
        StockxClient.Response response;
        try {
            response = http.post()
                    .uri(auth.tokenUrl())
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .accept(MediaType.APPLICATION_JSON)
                    .body(form)
                    .exchange((request, result) -> StockxClient.Response.of(result));
        } catch (ResourceAccessException e) {
            throw new StockxException(
                    StockxException.Kind.FAILED, null, null, "StockX token refresh failed: " + e.getMessage(), e);
        }
        if (!response.isSuccess()) {
            throw StockxClient.classify(response, "token refresh", clock);
        }
        TokenResponse token;
        try {
            token = StockxResponses.read(response.body(), TokenResponse.class);
        } catch (StockxException e) {
            throw new StockxException(
                    StockxException.Kind.FAILED, response.status(), null, "StockX token " + e.getMessage(), e);
        }
        if (token.accessToken() == null || token.accessToken().isBlank()) {
            throw new StockxException(
                    StockxException.Kind.FAILED, response.status(), null, "StockX token response has no token", null);
        }
        long lifetime =
                token.expiresIn() == null || token.expiresIn() <= 0 ? DEFAULT_LIFETIME_SECONDS : token.expiresIn();
        // Renew a minute early, but never sooner than half the lifetime for very short-lived tokens.
        long reuseFor = Math.max(lifetime - EXPIRY_MARGIN.toSeconds(), lifetime / 2);
        accessToken = token.accessToken();
        renewAt = clock.instant().plusSeconds(reuseFor);
        if (token.refreshToken() != null
                && !token.refreshToken().isBlank()
                && !token.refreshToken().equals(refreshToken)) {
            refreshToken = token.refreshToken();
            log.info("StockX rotated the refresh token; using the new one from now on");
        }
    }
}
