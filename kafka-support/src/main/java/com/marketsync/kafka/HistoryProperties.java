package com.marketsync.kafka;

import java.time.Duration;
import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long price history is kept: the writer drops history partitions older than this, and the snapshot topic keeps
 * its records at least as long unless {@code market.kafka.snapshot-retention} says otherwise, so any stored history
 * can be replayed.
 *
 * @param retention how far back price history is kept, in whole months (e.g. {@code 13m}) and days
 */
@ConfigurationProperties("market.history")
public record HistoryProperties(@DefaultValue("P13M") Period retention) {

    public HistoryProperties {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("market.history.retention must be positive, was " + retention);
        }
    }

    /** The retention as a duration that is never shorter: every month counted as 31 days. */
    public Duration atLeast() {
        return Duration.ofDays(retention.toTotalMonths() * 31 + retention.getDays());
    }
}
