package com.marketsync.sim.stockx;

import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Credentials the simulated StockX API accepts and how it behaves over time; its rate limits are under
 * {@code market.sim.limits.stockx}.
 *
 * @param apiKey value required in the {@code x-api-key} header
 * @param clientId OAuth client id accepted by the token endpoint
 * @param clientSecret OAuth client secret accepted by the token endpoint
 * @param refreshToken the refresh token of the one-time login; valid for one refresh per sim run, which rotates it
 * @param refreshTokenSecret key that signs the refresh tokens the sim issues, so they stay valid across restarts
 * @param tokenLifetime how long an issued access token stays valid
 * @param priceBucket length of the time window within which prices stay constant
 * @param latency delay added to every {@code /stockx/v2} call, zero for none
 */
@Validated
@ConfigurationProperties("market.sim.stockx")
record StockxSimProperties(
        @DefaultValue("demo-api-key") @NotBlank String apiKey,
        @DefaultValue("demo-client") @NotBlank String clientId,
        @DefaultValue("demo-secret") @NotBlank String clientSecret,
        @DefaultValue("demo-refresh-token") @NotBlank String refreshToken,

        @DefaultValue("demo-refresh-token-signing-key") @NotBlank
        String refreshTokenSecret,

        @DefaultValue("1h") Duration tokenLifetime,
        @DefaultValue("5m") Duration priceBucket,
        @DefaultValue("0ms") Duration latency) {

    StockxSimProperties {
        if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
            throw new IllegalArgumentException("market.sim.stockx.token-lifetime must be positive");
        }
        if (priceBucket.isNegative() || priceBucket.isZero()) {
            throw new IllegalArgumentException("market.sim.stockx.price-bucket must be positive");
        }
        if (latency.isNegative()) {
            throw new IllegalArgumentException("market.sim.stockx.latency must not be negative");
        }
    }
}
