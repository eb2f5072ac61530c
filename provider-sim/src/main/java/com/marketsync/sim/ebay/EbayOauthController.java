package com.marketsync.sim.ebay;

import com.marketsync.sim.ebay.EbayResponses.OauthError;
import com.marketsync.sim.ebay.EbayResponses.TokenResponse;
import com.marketsync.sim.ebay.EbayTokens.Issued;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * eBay's token endpoint ({@code /identity/v1/oauth2/token}) for the client-credentials grant that yields an
 * application access token; never rate limited or faulted here.
 */
@RestController
class EbayOauthController {

    static final String API_SCOPE = "https://api.ebay.com/oauth/api_scope";

    private static final Logger log = LoggerFactory.getLogger(EbayOauthController.class);
    private static final String BASIC = "Basic ";
    private static final Set<String> KNOWN_SCOPES = Set.of(API_SCOPE);

    private final EbayTokens tokens;

    EbayOauthController(EbayTokens tokens) {
        this.tokens = tokens;
    }

    @PostMapping("/ebay/identity/v1/oauth2/token")
    ResponseEntity<?> token(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestParam MultiValueMap<String, String> form) {
        String[] client = basicCredentials(authorization);
        if (client == null || !tokens.clientMatches(client[0], client[1])) {
            log.info("eBay sim refused a token grant: client authentication failed");
            return error(HttpStatus.UNAUTHORIZED, "invalid_client", "client authentication failed");
        }
        String grantType = form.getFirst("grant_type");
        if (grantType == null) {
            return error(
                    HttpStatus.BAD_REQUEST, "invalid_request", "request is missing a required parameter or malformed.");
        }
        if (!"client_credentials".equals(grantType)) {
            return error(
                    HttpStatus.BAD_REQUEST,
                    "unsupported_grant_type",
                    "grant type in request is not supported by the authorization server");
        }
        String scope = form.getFirst("scope");
        if (scope == null
                || scope.isBlank()
                || !Arrays.stream(scope.trim().split("\\s+")).allMatch(KNOWN_SCOPES::contains)) {
            return error(
                    HttpStatus.BAD_REQUEST,
                    "invalid_scope",
                    "The requested scope is invalid, unknown, malformed, or exceeds the scope granted to the client");
        }
        Issued issued = tokens.issue(client[0]);
        return ResponseEntity.ok(
                new TokenResponse(issued.accessToken(), issued.expiresInSeconds(), "N/A", "Application Access Token"));
    }

    /** {@code [id, secret]} from an {@code Authorization: Basic} header, or null if there is none or it is garbled. */
    private static String[] basicCredentials(String authorization) {
        if (authorization == null || !authorization.startsWith(BASIC)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(
                    Base64.getDecoder()
                            .decode(authorization.substring(BASIC.length()).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    private static ResponseEntity<OauthError> error(HttpStatus status, String code, String description) {
        return ResponseEntity.status(status).body(new OauthError(code, description));
    }
}
