package com.marketsync.sim.ebay;

import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The keyset the simulated eBay accepts and how its listings' prices move; its rate limits are under
 * {@code market.sim.limits.ebay}.
 *
 * @param clientId client id (App ID) accepted by the token endpoint
 * @param clientSecret client secret (Cert ID) accepted by the token endpoint
 * @param tokenLifetime how long an application access token stays valid
 * @param priceBucket length of the time window within which prices stay constant
 */
@Validated
@ConfigurationProperties("market.sim.ebay")
record EbaySimProperties(
        @DefaultValue("demo-ebay-client") @NotBlank String clientId,
        @DefaultValue("demo-ebay-secret") @NotBlank String clientSecret,
        @DefaultValue("2h") Duration tokenLifetime,
        @DefaultValue("5m") Duration priceBucket) {

    EbaySimProperties {
        if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
            throw new IllegalArgumentException("market.sim.ebay.token-lifetime must be positive");
        }
        if (priceBucket.isNegative() || priceBucket.isZero()) {
            throw new IllegalArgumentException("market.sim.ebay.price-bucket must be positive");
        }
    }
}
