package com.marketsync.fetcher.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.events.OutcomeStatus;
import com.marketsync.fetcher.core.ProviderCallException.Kind;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/** Every kind of failed provider call becomes the outcome its kind promises, keeping status, reason and retry time. */
class ProviderCallExceptionTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant RETRY_AT = Instant.parse("2026-11-22T10:00:30Z");

    @Test
    void notFoundBecomesANotFoundOutcomeWithItsReason() {
        FetchResult result = new ProviderCallException(Kind.NOT_FOUND, 404, null, "product gone", null).toResult();

        assertThat(result).isEqualTo(new FetchResult.NotFound("product gone", 404));
        assertThat(result.status()).isEqualTo(OutcomeStatus.NOT_FOUND);
    }

    @Test
    void rateLimitedKeepsWhenTheProviderMayBeAskedAgain() {
        FetchResult result = new ProviderCallException(Kind.RATE_LIMITED, 429, RETRY_AT, "too many", null).toResult();

        assertThat(result).isEqualTo(new FetchResult.RateLimited(RETRY_AT, 429));
    }

    @Test
    void unavailableIsRetriedByTheLoopAndKeepsAMissingStatusMissing() {
        FetchResult result =
                new ProviderCallException(Kind.UNAVAILABLE, null, null, "connect timed out", null).toResult();

        assertThat(result).isEqualTo(new FetchResult.Unavailable("connect timed out", null));
    }

    @Test
    void rejectedAndMalformedAnswersFailTheRequest() {
        assertThat(new ProviderCallException(Kind.REJECTED, 403, null, "no scope", null).toResult())
                .isEqualTo(new FetchResult.Failed("no scope", 403));
        assertThat(ProviderCallException.malformed("no variants array").toResult())
                .isEqualTo(new FetchResult.Failed("no variants array", null));
    }

    @Test
    void readsA429AsRateLimitedUntilItsRetryAfter() {
        ProviderCallException limited = ProviderCallException.ofStatus(answer(429, "30"), "slow down", NOW);
        ProviderCallException silent = ProviderCallException.ofStatus(answer(429, null), "slow down", NOW);

        assertThat(limited.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(limited.retryAfter()).isEqualTo(NOW.plusSeconds(30));
        assertThat(silent.retryAfter()).isNull();
        assertThat(silent.getMessage()).isEqualTo("slow down");
    }

    @Test
    void reads408And5xxAsUnavailableAndEveryOtherStatusAsRejected() {
        assertThat(ProviderCallException.ofStatus(answer(408, null), "late", NOW)
                        .kind())
                .isEqualTo(Kind.UNAVAILABLE);
        assertThat(ProviderCallException.ofStatus(answer(503, "30"), "down", NOW)
                        .toResult())
                .isEqualTo(new FetchResult.Unavailable("down", 503));
        for (int status : new int[] {400, 401, 402, 403, 404, 409}) {
            assertThat(ProviderCallException.ofStatus(answer(status, null), "no", NOW)
                            .toResult())
                    .isEqualTo(new FetchResult.Failed("no", status));
        }
    }

    private static HttpAnswer answer(int status, String retryAfter) {
        HttpHeaders headers = new HttpHeaders();
        if (retryAfter != null) {
            headers.set(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return new HttpAnswer(status, headers, new byte[0]);
    }
}
