package com.marketsync.faults;

import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.Provider;
import com.marketsync.schemas.Topics;
import java.time.Instant;

/**
 * Identity of one latest price (one row of {@code market.latest_prices}, one key of {@code market.latest-prices}).
 */
record SnapshotKey(String provider, String sku, String variantKey, String region) {

    static SnapshotKey of(PriceSnapshot snapshot) {
        return new SnapshotKey(
                snapshot.getProvider().name(),
                snapshot.getSku(),
                snapshot.getVariant().getVariantKey(),
                snapshot.getRegion());
    }

    /** The record key of this price on {@code market.latest-prices}. */
    String latestPriceKey() {
        return Topics.latestPriceKey(Provider.valueOf(provider), sku, variantKey, region);
    }

    /** One observation of this key: the identity of one history row. */
    Observation at(Instant observedAt) {
        return new Observation(this, observedAt);
    }

    /** Identity of one row of {@code market.price_snapshots}: the key and the instant observed. */
    record Observation(SnapshotKey key, Instant observedAt) {
        static Observation of(PriceSnapshot snapshot) {
            return SnapshotKey.of(snapshot).at(snapshot.getObservedAt());
        }
    }
}
