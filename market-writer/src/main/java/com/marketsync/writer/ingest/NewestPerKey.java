package com.marketsync.writer.ingest;

import com.marketsync.events.PriceSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compacts a batch to the newest snapshot of each latest-price key (provider, sku, variant, region), because one
 * upsert statement may touch each row only once.
 */
final class NewestPerKey {

    private static final Comparator<Key> KEY_ORDER = Comparator.comparing(Key::provider)
            .thenComparing(Key::sku)
            .thenComparing(Key::variantKey)
            .thenComparing(Key::region);

    private NewestPerKey() {}

    /**
     * The newest snapshot per key; on equal observedAt the later one in the batch wins. Sorted by key so that
     * concurrent writers lock rows in the same order.
     */
    static List<PriceSnapshot> of(List<PriceSnapshot> batch) {
        Map<Key, PriceSnapshot> newest = new LinkedHashMap<>();
        for (PriceSnapshot snapshot : batch) {
            newest.merge(
                    Key.of(snapshot),
                    snapshot,
                    (kept, candidate) -> candidate.getObservedAt().isBefore(kept.getObservedAt()) ? kept : candidate);
        }
        List<Key> keys = new ArrayList<>(newest.keySet());
        keys.sort(KEY_ORDER);
        return keys.stream().map(newest::get).toList();
    }

    /** Identity of one latest_prices row. */
    record Key(String provider, String sku, String variantKey, String region) {
        static Key of(PriceSnapshot snapshot) {
            return new Key(
                    snapshot.getProvider().name(),
                    snapshot.getSku(),
                    snapshot.getVariant().getVariantKey(),
                    snapshot.getRegion());
        }
    }
}
