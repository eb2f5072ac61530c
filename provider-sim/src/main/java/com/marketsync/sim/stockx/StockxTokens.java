package com.marketsync.sim.stockx;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The simulated StockX authorisation server, an Auth0 tenant with refresh-token rotation: every refresh spends the
 * refresh token and issues a new one, a spent token is refused, and access tokens are short-lived and JWT-shaped.
 */
@Component
class StockxTokens {

    static final String AUDIENCE = "gateway.stockx.com";

    private static final Logger log = LoggerFactory.getLogger(StockxTokens.class);
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();
    private static final String REFRESH_TOKEN_VERSION = "v1";

    private final Clock clock;
    private final StockxSimProperties properties;
    private final SecureRandom random = new SecureRandom();
    private final byte[] accessTokenKey = new byte[32];
    // refresh tokens are signed with the configured secret, so one a client kept stays valid when the sim restarts;
    // which of them were spent is only remembered in memory
    private final byte[] refreshTokenKey;
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
    private final Set<String> spent = ConcurrentHashMap.newKeySet();

    StockxTokens(Clock clock, StockxSimProperties properties) {
        this.clock = clock;
        this.properties = properties;
        this.refreshTokenKey = properties.refreshTokenSecret().getBytes(StandardCharsets.UTF_8);
        random.nextBytes(accessTokenKey);
    }

    /** A granted refresh: a new access token, its lifetime in seconds, and the refresh token that replaces the old. */
    record Issued(String accessToken, long expiresInSeconds, String refreshToken) {}

    /** Why a grant was refused, in OAuth error terms. */
    enum Refusal {
        INVALID_CLIENT,
        INVALID_GRANT
    }

    /**
     * Checks the client and spends its refresh token; a token that was never issued to this client, or was already
     * spent, is refused.
     */
    Optional<Refusal> spend(String clientId, String clientSecret, String refreshToken) {
        if (!constantTimeEquals(properties.clientId(), clientId)
                || !constantTimeEquals(properties.clientSecret(), clientSecret)) {
            return Optional.of(Refusal.INVALID_CLIENT);
        }
        if (refreshToken == null
                || !constantTimeEquals(properties.refreshToken(), refreshToken) && !issuedTo(clientId, refreshToken)) {
            return Optional.of(Refusal.INVALID_GRANT);
        }
        if (!spent.add(refreshToken)) {
            // Auth0's reuse detection: a rotated token presented again is refused
            log.warn("StockX sim refused a refresh token that was already rotated (client {})", clientId);
            return Optional.of(Refusal.INVALID_GRANT);
        }
        return Optional.empty();
    }

    /** Issues an access token and the next refresh token of the client's rotation. */
    Issued issue(String clientId) {
        Instant now = clock.instant();
        Instant expiry = now.plus(properties.tokenLifetime());
        expiries.values().removeIf(e -> !e.isAfter(now));
        String header = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String payload = encode("{\"iss\":\"https://accounts.stockx.com/\",\"sub\":\"" + clientId + "@clients\","
                + "\"aud\":\"" + AUDIENCE + "\",\"iat\":" + now.getEpochSecond() + ",\"exp\":"
                + expiry.getEpochSecond() + ",\"jti\":\"" + nonce() + "\"}");
        String token = header + "." + payload + "." + sign(accessTokenKey, header + "." + payload);
        expiries.put(token, expiry);
        return new Issued(token, properties.tokenLifetime().toSeconds(), issueRefreshToken(clientId));
    }

    /** A new refresh token for the client, as a refresh (or the one-time login) hands it out. */
    String issueRefreshToken(String clientId) {
        String body = REFRESH_TOKEN_VERSION + "." + nonce() + "."
                + BASE64URL.encodeToString(clientId.getBytes(StandardCharsets.UTF_8));
        return body + "." + sign(refreshTokenKey, body);
    }

    /** Whether the token was issued here and has not expired yet. */
    boolean isValid(String accessToken) {
        Instant expiry = expiries.get(accessToken);
        return expiry != null && clock.instant().isBefore(expiry);
    }

    private boolean issuedTo(String clientId, String refreshToken) {
        String[] parts = refreshToken.split("\\.", -1);
        if (parts.length != 4 || !REFRESH_TOKEN_VERSION.equals(parts[0])) {
            return false;
        }
        String body = parts[0] + "." + parts[1] + "." + parts[2];
        if (!constantTimeEquals(sign(refreshTokenKey, body), parts[3])) {
            return false;
        }
        try {
            return clientId.equals(new String(BASE64URL_DECODER.decode(parts[2]), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private String nonce() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return BASE64URL.encodeToString(id);
    }

    private static String sign(byte[] key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return BASE64URL.encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JVM", e);
        }
    }

    private static String encode(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean constantTimeEquals(String expected, String actual) {
        return actual != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }
}
