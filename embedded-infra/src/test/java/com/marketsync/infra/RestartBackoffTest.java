package com.marketsync.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The restart back-off: delays, giving up, the sliding window. */
class RestartBackoffTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void waitsTwoFourEightAndSixteenSecondsThenGivesUpOnTheFifthFailureWithinTenMinutes() {
        RestartBackoff backoff = RestartBackoff.standard();

        assertThat(backoff.next(T0)).contains(Duration.ofSeconds(2));
        assertThat(backoff.next(T0.plusSeconds(30))).contains(Duration.ofSeconds(4));
        assertThat(backoff.next(T0.plusSeconds(60))).contains(Duration.ofSeconds(8));
        assertThat(backoff.next(T0.plusSeconds(90))).contains(Duration.ofSeconds(16));
        assertThat(backoff.attempts()).isEqualTo(4);

        assertThat(backoff.next(T0.plusSeconds(120))).isEmpty();
    }

    @Test
    void forgetsAttemptsOlderThanTheWindowSoARareFailureIsAlwaysRestartedQuickly() {
        RestartBackoff backoff = RestartBackoff.standard();
        backoff.next(T0);
        backoff.next(T0.plusSeconds(10));
        backoff.next(T0.plusSeconds(20));
        backoff.next(T0.plusSeconds(30));

        assertThat(backoff.next(T0.plus(Duration.ofMinutes(10)).plusSeconds(31)))
                .as("all four attempts lie more than 10 minutes back")
                .contains(Duration.ofSeconds(2));
        assertThat(backoff.next(T0.plus(Duration.ofHours(3)))).contains(Duration.ofSeconds(2));
    }

    @Test
    void countsOnlyTheAttemptsInsideTheWindow() {
        RestartBackoff backoff = RestartBackoff.standard();
        backoff.next(T0);
        backoff.next(T0.plus(Duration.ofMinutes(6)));
        backoff.next(T0.plus(Duration.ofMinutes(7)));
        backoff.next(T0.plus(Duration.ofMinutes(8)));

        assertThat(backoff.next(T0.plus(Duration.ofMinutes(11))))
                .as("the first attempt left the window; three remain")
                .contains(Duration.ofSeconds(16));
        assertThat(backoff.next(T0.plus(Duration.ofMinutes(12)))).isEmpty();
    }
}
