package com.marketsync.fetcher.stockx;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * StockX's Auth0 token endpoint as WireMock behaviour: every refresh rotates the refresh token, and presenting one
 * that was already spent is reuse, answered 403 invalid_grant and revoking the whole token family.
 */
final class RotatingRefreshTokens implements ResponseDefinitionTransformerV2 {

    static final String NAME = "rotating-refresh-tokens";

    private final int delayMillis;
    private final List<String> presented = new ArrayList<>();
    private final Set<String> spent = new HashSet<>();
    private String valid;
    private int issued;
    private int reuses;

    /** @param delayMillis how long each answer takes, so concurrent refreshes overlap */
    RotatingRefreshTokens(int delayMillis) {
        this.delayMillis = delayMillis;
        reset("refresh-1");
    }

    /** Forgets every refresh; {@code refreshToken} is the one a fresh login handed out. */
    synchronized void reset(String refreshToken) {
        presented.clear();
        spent.clear();
        valid = refreshToken;
        issued = 0;
        reuses = 0;
    }

    /** A new login after the family was revoked: {@code refreshToken} works again, history is kept. */
    synchronized void login(String refreshToken) {
        valid = refreshToken;
    }

    synchronized List<String> presented() {
        return List.copyOf(presented);
    }

    synchronized int reuses() {
        return reuses;
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent serveEvent) {
        String token = formParam(serveEvent.getRequest().getBodyAsString(), "refresh_token");
        presented.add(token);
        if (token != null && token.equals(valid)) {
            spent.add(token);
            issued++;
            valid = "refresh-" + (issued + 1);
            return new ResponseDefinitionBuilder()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"access_token\":\"access-" + issued + "\",\"refresh_token\":\"" + valid
                            + "\",\"expires_in\":3600,\"token_type\":\"Bearer\",\"scope\":\"offline_access openid\"}")
                    .withFixedDelay(delayMillis)
                    .build();
        }
        if (spent.contains(token)) {
            reuses++;
            // Auth0 reuse detection: the whole family, including the newest token, is revoked.
            valid = null;
        }
        return new ResponseDefinitionBuilder()
                .withStatus(403)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"Unknown or invalid refresh token.\"}")
                .withFixedDelay(delayMillis)
                .build();
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    private static String formParam(String body, String name) {
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0
                    && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8)
                            .equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
