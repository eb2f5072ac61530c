package com.marketsync.fetcher.stockx;

import com.marketsync.fetcher.core.HttpAnswer;
import com.marketsync.fetcher.core.ProviderCallException;
import com.marketsync.fetcher.core.ProviderCallException.Kind;
import com.marketsync.fetcher.stockx.StockxCredentialRepository.StoredCredential;
import com.marketsync.fetcher.stockx.StockxProperties.Account;
import com.marketsync.fetcher.stockx.StockxResponses.OauthError;
import com.marketsync.fetcher.stockx.StockxResponses.TokenResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Hands out a StockX access token per account, shared by every replica through {@link StockxCredentialRepository}:
 * a token some replica stored is reused until shortly before it expires, and a refresh spends the stored refresh
 * token under the account row's lock and stores the rotated one in the same short transaction.
 *
 * <p>StockX's Auth0 tenant rotates the refresh token on every refresh and treats a reused one as theft (403
 * invalid_grant, revoking the whole family), so two replicas must never spend the same one: the second replica to
 * take the lock finds the access token the first one stored and uses it without calling the token endpoint.
 */
@Component
class StockxTokens {

    static final String AUDIENCE = "gateway.stockx.com";
    static final String INVALID_GRANT = "invalid_grant";
    private static final Logger log = LoggerFactory.getLogger(StockxTokens.class);
    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(60);
    // StockX documents no lifetime; assume a short one if the response omits expires_in.
    private static final long DEFAULT_LIFETIME_SECONDS = 3600;

    private final RestClient http;
    private final StockxProperties properties;
    private final StockxCredentialRepository credentials;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final Map<String, Object> accountLocks = new ConcurrentHashMap<>();

    StockxTokens(
            RestClient stockxRestClient,
            StockxProperties properties,
            StockxCredentialRepository credentials,
            PlatformTransactionManager transactionManager,
            Clock clock) {
        this.http = stockxRestClient;
        this.properties = properties;
        this.credentials = credentials;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /**
     * A usable access token of the account: held in memory, else one another replica stored, else a new one.
     *
     * @throws ProviderCallException if the token endpoint refuses or cannot be reached
     */
    String accessToken(String accountId) {
        Held current = held.get(accountId);
        if (current != null && current.usableAt(clock.instant())) {
            return current.token();
        }
        synchronized (lockOf(accountId)) {
            current = held.get(accountId);
            if (current != null && current.usableAt(clock.instant())) {
                return current.token();
            }
            Optional<StoredCredential> stored = credentials.find(accountId);
            Optional<String> shared = stored.flatMap(row -> row.usableAccessToken(clock.instant()));
            if (shared.isPresent()) {
                held.put(accountId, new Held(shared.get(), stored.get().accessTokenRenewAt()));
                return shared.get();
            }
            return refresh(accountId, null);
        }
    }

    /**
     * A new access token after StockX answered 401 to {@code rejected}; a replacement another thread or replica
     * obtained in the meantime is used as is.
     */
    String renewRejected(String accountId, String rejected) {
        synchronized (lockOf(accountId)) {
            Held current = held.get(accountId);
            if (current != null && !current.token().equals(rejected) && current.usableAt(clock.instant())) {
                return current.token();
            }
            held.remove(accountId);
            return refresh(accountId, rejected);
        }
    }

    private Object lockOf(String accountId) {
        return accountLocks.computeIfAbsent(accountId, id -> new Object());
    }

    private String refresh(String accountId, String rejected) {
        Account account = properties.account(accountId);
        Renewal renewal = transactions.execute(status -> renewLocked(accountId, account, rejected));
        if (renewal.failure() != null) {
            throw renewal.failure();
        }
        held.put(accountId, new Held(renewal.accessToken(), renewal.renewAt()));
        return renewal.accessToken();
    }

    /** Runs inside one transaction holding the account row's lock from reading the refresh token to storing the next. */
    private Renewal renewLocked(String accountId, Account account, String rejected) {
        String seed = sha256(account.refreshToken());
        StoredCredential row = credentials.lock(accountId, account.refreshToken(), seed);
        if (row.rejectedAt() != null && !row.seedSha256().equals(seed)) {
            // The stored token is dead and the configuration carries a new login's token: start over from it.
            log.info("Using the newly configured StockX refresh token of account {}", accountId);
            credentials.reseed(accountId, account.refreshToken(), seed);
            row = credentials.lock(accountId, account.refreshToken(), seed);
        }
        Instant now = clock.instant();
        Optional<String> shared = row.usableAccessToken(now);
        if (shared.isPresent() && !shared.get().equals(rejected)) {
            // Another replica refreshed while this one waited for the lock: its token is ours too.
            return Renewal.of(shared.get(), row.accessTokenRenewAt());
        }
        if (row.rejectedAt() != null) {
            // Spending a refused token again only adds to Auth0's reuse alarms; a human has to log in again.
            return Renewal.failed(new ProviderCallException(
                    Kind.REJECTED,
                    null,
                    null,
                    "StockX refresh token of account " + accountId + " was refused at " + row.rejectedAt() + " ("
                            + row.rejection() + "); configure a new market.stockx.accounts." + accountId
                            + ".refresh-token from a fresh login",
                    null));
        }
        HttpAnswer response = post(account, row.refreshToken());
        if (!response.isSuccess()) {
            ProviderCallException failure = classify(accountId, response);
            if (refusesTheGrant(response)) {
                credentials.rejected(accountId, failure.getMessage(), now);
            }
            return Renewal.failed(failure);
        }
        TokenResponse token = token(response);
        long lifetime =
                token.expiresIn() == null || token.expiresIn() <= 0 ? DEFAULT_LIFETIME_SECONDS : token.expiresIn();
        // Renew a minute early, but never sooner than half the lifetime for very short-lived tokens.
        long reuseFor = Math.max(lifetime - EXPIRY_MARGIN.toSeconds(), lifetime / 2);
        Instant renewAt = now.plusSeconds(reuseFor);
        boolean rotated = token.refreshToken() != null
                && !token.refreshToken().isBlank()
                && !token.refreshToken().equals(row.refreshToken());
        credentials.refreshed(
                accountId,
                rotated ? token.refreshToken() : row.refreshToken(),
                token.accessToken(),
                now.plusSeconds(lifetime),
                renewAt,
                now);
        log.info("Refreshed the StockX access token of account {} (refresh token rotated: {})", accountId, rotated);
        return Renewal.of(token.accessToken(), renewAt);
    }

    private HttpAnswer post(Account account, String refreshToken) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", "refresh_token");
        form.add("client_id", account.clientId());
        form.add("client_secret", account.clientSecret());
        form.add("refresh_token", refreshToken);
        form.add("audience", AUDIENCE);
        try {
            return http.post()
                    .uri(properties.tokenUrl())
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .accept(MediaType.APPLICATION_JSON)
                    .body(form)
                    .exchange((request, result) -> HttpAnswer.of(result));
        } catch (ResourceAccessException e) {
            // The refresh token may or may not have been spent; the row keeps it and the next attempt will tell.
            throw new ProviderCallException(
                    Kind.UNAVAILABLE, null, null, "StockX token refresh failed: " + e.getMessage(), e);
        }
    }

    private static TokenResponse token(HttpAnswer response) {
        TokenResponse token;
        try {
            token = StockxResponses.read(response.body(), TokenResponse.class);
        } catch (ProviderCallException e) {
            throw new ProviderCallException(
                    Kind.REJECTED, response.status(), null, "StockX token response is " + e.getMessage(), e);
        }
        if (token.accessToken() == null || token.accessToken().isBlank()) {
            throw new ProviderCallException(
                    Kind.REJECTED, response.status(), null, "StockX token response has no access_token", null);
        }
        return token;
    }

    private static boolean refusesTheGrant(HttpAnswer response) {
        int status = response.status();
        return (status == 400 || status == 401 || status == 403)
                && oauthError(response)
                        .map(error -> INVALID_GRANT.equals(error.error()))
                        .orElse(false);
    }

    private ProviderCallException classify(String accountId, HttpAnswer response) {
        int status = response.status();
        Optional<OauthError> error = oauthError(response);
        String named = error.map(e -> e.error() + (e.description() == null ? "" : " (" + e.description() + ")"))
                .orElse("no OAuth error named");
        if (status == 404) {
            return new ProviderCallException(
                    Kind.REJECTED,
                    status,
                    null,
                    "StockX token endpoint " + properties.tokenUrl() + " answered 404: check market.stockx.token-url",
                    null);
        }
        if (status == 429 || status == 408 || status >= 500) {
            return ProviderCallException.ofStatus(
                    response, "StockX token endpoint answered HTTP " + status, clock.instant());
        }
        return new ProviderCallException(
                Kind.REJECTED,
                status,
                null,
                "StockX token endpoint refused the refresh of account " + accountId + " with HTTP " + status + ": "
                        + named,
                null);
    }

    private static Optional<OauthError> oauthError(HttpAnswer response) {
        try {
            return Optional.of(StockxResponses.read(response.body(), OauthError.class))
                    .filter(error -> error.error() != null);
        } catch (ProviderCallException notOauth) {
            return Optional.empty();
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    /** An access token this replica uses until {@code renewAt}. */
    private record Held(String token, Instant renewAt) {
        boolean usableAt(Instant now) {
            return renewAt != null && now.isBefore(renewAt);
        }
    }

    /** What a locked renewal produced: a token, or the failure to throw once the transaction has committed. */
    private record Renewal(String accessToken, Instant renewAt, ProviderCallException failure) {
        static Renewal of(String accessToken, Instant renewAt) {
            return new Renewal(accessToken, renewAt, null);
        }

        static Renewal failed(ProviderCallException failure) {
            return new Renewal(null, null, failure);
        }
    }
}
