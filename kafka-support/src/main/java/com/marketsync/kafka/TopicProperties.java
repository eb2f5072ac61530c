package com.marketsync.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How topics are created and how failed records are retried.
 *
 * @param partitions partitions of each topic a service creates (topics that exist are left as they are)
 * @param replicationFactor replication factor of the topics a service creates
 * @param snapshotRetention how long price snapshots stay on their topic for replay; unset means as long as the price
 *     history is kept ({@code market.history.retention}), so all stored history can be replayed
 * @param maxRetryInterval longest pause between two retries of a record that failed for a transient reason
 */
@ConfigurationProperties("market.kafka")
public record TopicProperties(
        @DefaultValue("3") int partitions,
        @DefaultValue("1") short replicationFactor,
        Duration snapshotRetention,
        @DefaultValue("30s") Duration maxRetryInterval) {

    /** Retention of the snapshot topic: the configured one, else at least the history retention. */
    public Duration snapshotRetention(HistoryProperties history) {
        return snapshotRetention != null ? snapshotRetention : history.atLeast();
    }
}
