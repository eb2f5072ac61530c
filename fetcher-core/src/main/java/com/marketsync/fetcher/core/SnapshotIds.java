package com.marketsync.fetcher.core;

import com.marketsync.events.Provider;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** The deterministic snapshot id every provider uses, so a re-sent snapshot collapses downstream. */
public final class SnapshotIds {

    private SnapshotIds() {}

    /** Same provider, sku, variant, region and observation instant (to the millisecond) give the same id. */
    public static String of(Provider provider, String sku, String variantKey, String region, Instant observedAt) {
        String natural =
                String.join("|", provider.name(), sku, variantKey, region, Long.toString(observedAt.toEpochMilli()));
        return UUID.nameUUIDFromBytes(natural.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
