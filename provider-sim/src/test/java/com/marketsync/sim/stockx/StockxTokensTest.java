package com.marketsync.sim.stockx;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.sim.stockx.StockxTokens.Issued;
import com.marketsync.sim.stockx.StockxTokens.Refusal;
import com.marketsync.testkit.MovableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Refresh-token rotation with reuse detection, and rotated tokens that survive a restart of the sim. */
class StockxTokensTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-02T10:00:00Z"));

    private StockxTokens sim(String signingSecret) {
        return new StockxTokens(
                clock,
                new StockxSimProperties(
                        "key",
                        "client",
                        "secret",
                        "initial",
                        signingSecret,
                        Duration.ofHours(1),
                        Duration.ofMinutes(5),
                        Duration.ZERO));
    }

    @Test
    void theConfiguredRefreshTokenIsValidOnce() {
        StockxTokens tokens = sim("signing");

        assertThat(tokens.spend("client", "secret", "initial")).isEmpty();
        assertThat(tokens.spend("client", "secret", "initial")).contains(Refusal.INVALID_GRANT);
    }

    @Test
    void everyGrantRotatesTheRefreshTokenAndARotatedOneIsRefused() {
        StockxTokens tokens = sim("signing");
        assertThat(tokens.spend("client", "secret", "initial")).isEmpty();
        Issued first = tokens.issue("client");

        assertThat(tokens.spend("client", "secret", first.refreshToken())).isEmpty();
        Issued second = tokens.issue("client");

        assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
        assertThat(tokens.spend("client", "secret", first.refreshToken())).contains(Refusal.INVALID_GRANT);
        assertThat(tokens.spend("client", "secret", second.refreshToken())).isEmpty();
        assertThat(tokens.isValid(second.accessToken())).isTrue();
    }

    @Test
    void aRotatedTokenKeptByTheClientStillWorksAfterTheSimRestarts() {
        StockxTokens before = sim("signing");
        before.spend("client", "secret", "initial");
        String kept = before.issue("client").refreshToken();

        StockxTokens afterRestart = sim("signing");

        assertThat(afterRestart.spend("client", "secret", kept)).isEmpty();
        assertThat(afterRestart.spend("client", "secret", kept)).contains(Refusal.INVALID_GRANT);
    }

    @Test
    void refusesTokensSignedWithAnotherSecretOrIssuedToAnotherClient() {
        String foreign = sim("other-signing").issueRefreshToken("client");
        String otherClients = sim("signing").issueRefreshToken("someone-else");
        StockxTokens tokens = sim("signing");

        assertThat(tokens.spend("client", "secret", foreign)).contains(Refusal.INVALID_GRANT);
        assertThat(tokens.spend("client", "secret", otherClients)).contains(Refusal.INVALID_GRANT);
        assertThat(tokens.spend("client", "secret", "v1.garbage")).contains(Refusal.INVALID_GRANT);
        assertThat(tokens.spend("client", "secret", null)).contains(Refusal.INVALID_GRANT);
    }

    @Test
    void aWrongClientSecretDoesNotSpendTheToken() {
        StockxTokens tokens = sim("signing");
        String token = tokens.issueRefreshToken("client");

        assertThat(tokens.spend("client", "guess", token)).contains(Refusal.INVALID_CLIENT);
        assertThat(tokens.spend("client", "secret", token)).isEmpty();
    }

    @Test
    void accessTokensExpireAfterTheirLifetime() {
        StockxTokens tokens = sim("signing");
        Issued issued = tokens.issue("client");

        clock.advance(Duration.ofMinutes(59));
        assertThat(tokens.isValid(issued.accessToken())).isTrue();
        clock.advance(Duration.ofMinutes(1));
        assertThat(tokens.isValid(issued.accessToken())).isFalse();
        assertThat(issued.expiresInSeconds()).isEqualTo(3600);
    }
}
