package com.marketsync.sim.ebay;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The simulated eBay OAuth server for the client-credentials grant: mints application access tokens in eBay's
 * {@code v^1.1#…} shape and remembers which client each belongs to until it expires.
 */
@Component
class EbayTokens {

    private final Clock clock;
    private final EbaySimProperties properties;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();

    EbayTokens(Clock clock, EbaySimProperties properties) {
        this.clock = clock;
        this.properties = properties;
    }

    private record Grant(String clientId, Instant expiry) {}

    /** A minted application token and its lifetime in seconds. */
    record Issued(String accessToken, long expiresInSeconds) {}

    boolean clientMatches(String clientId, String clientSecret) {
        return constantTimeEquals(properties.clientId(), clientId)
                && constantTimeEquals(properties.clientSecret(), clientSecret);
    }

    Issued issue(String clientId) {
        Instant now = clock.instant();
        grants.values().removeIf(g -> !g.expiry().isAfter(now));
        byte[] secret = new byte[96];
        random.nextBytes(secret);
        String token = "v^1.1#i^1#p^1#I^3#r^0#f^0#t^" + Base64.getEncoder().encodeToString(secret);
        grants.put(token, new Grant(clientId, now.plus(properties.tokenLifetime())));
        return new Issued(token, properties.tokenLifetime().toSeconds());
    }

    /** The client the token was minted for, if it was minted here and has not expired. */
    Optional<String> clientOf(String accessToken) {
        Grant grant = grants.get(accessToken);
        if (grant == null || !clock.instant().isBefore(grant.expiry())) {
            return Optional.empty();
        }
        return Optional.of(grant.clientId());
    }

    private static boolean constantTimeEquals(String expected, String actual) {
        return actual != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }
}
