package com.marketsync.sim.stockx;

import com.marketsync.sim.stockx.StockxResponses.OauthError;
import com.marketsync.sim.stockx.StockxResponses.TokenResponse;
import com.marketsync.sim.stockx.StockxTokens.Issued;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * StockX's token endpoint ({@code accounts.stockx.com/oauth/token}), refresh-token grant only, rotating the refresh
 * token on every grant.
 */
@RestController
class StockxOauthController {

    private static final Logger log = LoggerFactory.getLogger(StockxOauthController.class);

    private final StockxTokens tokens;

    StockxOauthController(StockxTokens tokens) {
        this.tokens = tokens;
    }

    @PostMapping(path = "/stockx/oauth/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<?> token(@RequestParam MultiValueMap<String, String> form) {
        String grantType = form.getFirst("grant_type");
        if (!"refresh_token".equals(grantType)) {
            return error(HttpStatus.BAD_REQUEST, "unsupported_grant_type", "Unsupported grant type: " + grantType);
        }
        String audience = form.getFirst("audience");
        if (audience != null && !StockxTokens.AUDIENCE.equals(audience)) {
            return error(HttpStatus.FORBIDDEN, "access_denied", "Service not found: " + audience);
        }
        String clientId = form.getFirst("client_id");
        Optional<StockxTokens.Refusal> refusal =
                tokens.spend(clientId, form.getFirst("client_secret"), form.getFirst("refresh_token"));
        if (refusal.isPresent()) {
            log.info("StockX sim refused a token grant for client {}: {}", clientId, refusal.get());
            return switch (refusal.get()) {
                case INVALID_CLIENT -> error(HttpStatus.UNAUTHORIZED, "invalid_client", "Unauthorized");
                // Auth0 answers 403 for an unknown, revoked or already rotated refresh token
                case INVALID_GRANT -> error(HttpStatus.FORBIDDEN, "invalid_grant", "Unknown or invalid refresh token.");
            };
        }
        Issued issued = tokens.issue(clientId);
        return ResponseEntity.ok(
                new TokenResponse(issued.accessToken(), issued.expiresInSeconds(), "Bearer", issued.refreshToken()));
    }

    private static ResponseEntity<OauthError> error(HttpStatus status, String code, String description) {
        return ResponseEntity.status(status).body(new OauthError(code, description));
    }
}
