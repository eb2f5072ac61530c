package com.marketsync.sim.alias;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Credentials the simulated Alias API accepts and how its prices move; its rate limits are under
 * {@code market.sim.limits.alias}.
 *
 * @param pats personal access tokens accepted as {@code Authorization: Bearer <PAT>}, each a credential of its own
 * @param priceBucket length of the time window within which prices stay constant
 */
@Validated
@ConfigurationProperties("market.sim.alias")
record AliasSimProperties(
        @DefaultValue("demo-alias-pat") @NotEmpty List<@NotBlank String> pats,
        @DefaultValue("5m") Duration priceBucket) {

    AliasSimProperties {
        pats = List.copyOf(pats);
        if (priceBucket.isNegative() || priceBucket.isZero()) {
            throw new IllegalArgumentException("market.sim.alias.price-bucket must be positive");
        }
    }
}
