package com.marketsync.sim;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How injected faults behave when their request leaves a detail open.
 *
 * @param seed seed of the random draws that decide which calls a fault with a rate below 1 hits; the n-th fault
 *     created uses {@code seed + n} unless its request names its own seed
 * @param timeout how long a {@code TIMEOUT} fault holds the response when it names no {@code latencyMs}; longer
 *     than a client's read timeout
 */
@Validated
@ConfigurationProperties("market.sim.faults")
record SimFaultsProperties(
        @DefaultValue("0") long seed, @DefaultValue("35s") Duration timeout) {

    SimFaultsProperties {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("market.sim.faults.timeout must be positive");
        }
    }
}
