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
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * The simulated StockX authorisation server: swaps the configured refresh token for short-lived, JWT-shaped access
 * tokens and remembers which ones it issued until they expire.
 */
@Component
class StockxTokens {

    static final String AUDIENCE = "gateway.stockx.com";

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final Clock clock;
    private final StockxSimProperties properties;
    private final SecureRandom random = new SecureRandom();
    private final byte[] signingKey = new byte[32];
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();

    StockxTokens(Clock clock, StockxSimProperties properties) {
        this.clock = clock;
        this.properties = properties;
        random.nextBytes(signingKey);
    }

    /** An issued access token and its lifetime in seconds. */
    record Issued(String accessToken, long expiresInSeconds) {}

    /** Why a grant was refused, in OAuth error terms. */
    enum Refusal {
        INVALID_CLIENT,
        INVALID_GRANT
    }

    private boolean clientMatches(String clientId, String clientSecret) {
        return constantTimeEquals(properties.clientId(), clientId)
                && constantTimeEquals(properties.clientSecret(), clientSecret);
    }

    Optional<Refusal> check(String clientId, String clientSecret, String refreshToken) {
        if (!clientMatches(clientId, clientSecret)) {
            return Optional.of(Refusal.INVALID_CLIENT);
        }
        if (!constantTimeEquals(properties.refreshToken(), refreshToken)) {
            return Optional.of(Refusal.INVALID_GRANT);
        }
        return Optional.empty();
    }

    Issued issue(String clientId) {
        Instant now = clock.instant();
        Instant expiry = now.plus(properties.tokenLifetime());
        expiries.values().removeIf(e -> !e.isAfter(now));
        byte[] id = new byte[16];
        random.nextBytes(id);
        String header = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String payload = encode("{\"iss\":\"https://accounts.stockx.com/\",\"sub\":\"" + clientId + "@clients\","
                + "\"aud\":\"" + AUDIENCE + "\",\"iat\":" + now.getEpochSecond() + ",\"exp\":"
                + expiry.getEpochSecond() + ",\"jti\":\"" + BASE64URL.encodeToString(id) + "\"}");
        String token = header + "." + payload + "." + sign(header + "." + payload);
        expiries.put(token, expiry);
        return new Issued(token, properties.tokenLifetime().toSeconds());
    }

    /** Whether the token was issued here and has not expired yet. */
    boolean isValid(String accessToken) {
        Instant expiry = expiries.get(accessToken);
        return expiry != null && clock.instant().isBefore(expiry);
    }

    private String sign(String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
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
