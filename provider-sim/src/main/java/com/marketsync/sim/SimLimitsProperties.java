package com.marketsync.sim;

import jakarta.validation.Valid;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Calls each credential may make to a provider's API before it answers 429, in sliding windows.
 *
 * @param stockx limits per StockX API key
 * @param alias limits per Alias personal access token
 * @param ebay limits per eBay client id (the one the access token was minted for)
 */
@Validated
@ConfigurationProperties("market.sim.limits")
record SimLimitsProperties(
        @DefaultValue @Valid Limit stockx,
        @DefaultValue @Valid Limit alias,
        @DefaultValue @Valid Limit ebay) {

    /**
     * Limits of one credential; zero switches a limit off.
     *
     * @param perSecond calls in any sliding one-second window
     * @param perDay calls in any sliding 24-hour window
     */
    record Limit(
            @DefaultValue("25") @PositiveOrZero int perSecond,
            @DefaultValue("1000000") @PositiveOrZero int perDay) {}

    Limit of(Provider provider) {
        return switch (provider) {
            case STOCKX -> stockx;
            case ALIAS -> alias;
            case EBAY -> ebay;
        };
    }
}
