package com.marketsync.fetcher.core;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a fetcher spends its provider's budget and treats failures.
 *
 * @param schema PostgreSQL schema of this fetcher (shared by its replicas); defaults to {@code <provider>_fetcher}
 * @param budget how the provider's budget, shared by every replica, is enforced
 * @param retry bounded retries of a provider that is unavailable (5xx, timeouts)
 * @param breaker circuit breaker that stops spending budget while the provider is down
 * @param rateLimitPause how long the provider is paused after a 429 that names no retry time
 * @param keepResults how long a request's published result is kept to answer a redelivery without a provider call
 */
@ConfigurationProperties("market.fetcher")
@Validated
public record FetcherProperties(
        @Pattern(regexp = "[a-z_][a-z0-9_]*") String schema,
        @DefaultValue @Valid Budget budget,
        @DefaultValue @Valid Retry retry,
        @DefaultValue @Valid Breaker breaker,
        @DefaultValue("30s") @NotNull Duration rateLimitPause,
        @DefaultValue("2d") @NotNull Duration keepResults) {

    /**
     * How the budget is enforced; its limits and priority share are the provider's, from
     * {@code market.providers.<provider>.budget} (shared with the planner).
     *
     * @param margin added to every window, so a call's network jitter cannot make two windows look like one
     */
    public record Budget(@DefaultValue("30ms") @NotNull Duration margin) {}

    /**
     * Retries of an unavailable provider, each spending a token, with jittered exponential back-off.
     *
     * @param maxAttempts attempts in all, the first included
     * @param initialBackoff wait before the second attempt
     * @param maxBackoff longest wait between attempts
     */
    public record Retry(
            @DefaultValue("3") @Min(1) int maxAttempts,
            @DefaultValue("1s") @NotNull Duration initialBackoff,
            @DefaultValue("30s") @NotNull Duration maxBackoff) {}

    /**
     * The provider's circuit breaker over the outcomes of provider calls.
     *
     * @param failureRateThreshold percentage of unavailable answers that opens it
     * @param minimumCalls calls seen before it may open
     * @param window calls it remembers
     * @param openFor how long it stays open before letting one trial request through
     */
    public record Breaker(
            @DefaultValue("50") @Min(1) int failureRateThreshold,
            @DefaultValue("5") @Min(1) int minimumCalls,
            @DefaultValue("10") @Min(1) int window,
            @DefaultValue("30s") @NotNull Duration openFor) {}
}
