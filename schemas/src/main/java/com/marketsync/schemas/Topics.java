package com.marketsync.schemas;

import com.marketsync.events.LatestPrice;
import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.Provider;
import com.marketsync.events.RequestSuperseded;
import com.marketsync.events.SyncOutcome;
import com.marketsync.events.SyncRequest;
import java.util.List;
import java.util.Locale;

/** The one catalogue of Kafka topics: every topic's name, key and value type. */
public final class Topics {

    public static final String SYNC_REQUESTS_STOCKX = "market.sync-requests.stockx";
    public static final String SYNC_REQUESTS_STOCKX_PRIORITY = "market.sync-requests.stockx.priority";
    public static final String SYNC_REQUESTS_ALIAS = "market.sync-requests.alias";
    public static final String SYNC_REQUESTS_ALIAS_PRIORITY = "market.sync-requests.alias.priority";
    public static final String SYNC_REQUESTS_EBAY = "market.sync-requests.ebay";
    public static final String SYNC_REQUESTS_EBAY_PRIORITY = "market.sync-requests.ebay.priority";
    public static final String PRICE_SNAPSHOTS = "market.price-snapshots";
    public static final String SYNC_OUTCOMES = "market.sync-outcomes";
    /** Compacted: the current latest price of every variant, one event per change; see {@link #latestPriceKey}. */
    public static final String LATEST_PRICES = "market.latest-prices";
    /** Requests the planner replaced by newer ones; every replica of a provider's fetcher reads all of it. */
    public static final String SYNC_SUPERSESSIONS = "market.sync-supersessions";

    /** Suffix of the dead-letter topic that receives a topic's poison records (spring-kafka convention). */
    public static final String DEAD_LETTER_SUFFIX = "-dlt";

    private static final List<TopicSpec> ALL = List.of(
            new TopicSpec(SYNC_REQUESTS_STOCKX, "sku", SyncRequest.class, false),
            new TopicSpec(SYNC_REQUESTS_STOCKX_PRIORITY, "sku", SyncRequest.class, false),
            new TopicSpec(SYNC_REQUESTS_ALIAS, "sku", SyncRequest.class, false),
            new TopicSpec(SYNC_REQUESTS_ALIAS_PRIORITY, "sku", SyncRequest.class, false),
            new TopicSpec(SYNC_REQUESTS_EBAY, "sku", SyncRequest.class, false),
            new TopicSpec(SYNC_REQUESTS_EBAY_PRIORITY, "sku", SyncRequest.class, false),
            new TopicSpec(PRICE_SNAPSHOTS, "sku", PriceSnapshot.class, false),
            new TopicSpec(SYNC_OUTCOMES, "sku", SyncOutcome.class, false),
            new TopicSpec(SYNC_SUPERSESSIONS, "sku", RequestSuperseded.class, false),
            new TopicSpec(LATEST_PRICES, "provider|sku|variantKey|region", LatestPrice.class, true));

    private Topics() {}

    /** Every event topic (dead-letter topics excluded). */
    public static List<TopicSpec> all() {
        return ALL;
    }

    /** The normal (scheduled) request lane of a provider. */
    public static String syncRequests(Provider provider) {
        return "market.sync-requests." + provider.name().toLowerCase(Locale.ROOT);
    }

    /** The priority (manual, on-demand) request lane of a provider, consumed before the normal lane. */
    public static String syncRequestsPriority(Provider provider) {
        return syncRequests(provider) + ".priority";
    }

    /** The key of a {@link #LATEST_PRICES} record: {@code provider|sku|variantKey|region}, e.g. {@code STOCKX|DD1391-100|…|US}. */
    public static String latestPriceKey(Provider provider, String sku, String variantKey, String region) {
        return provider.name() + "|" + sku + "|" + variantKey + "|" + region;
    }

    /** The dead-letter topic of a topic. */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }

    /**
     * One topic of the catalogue.
     *
     * @param name topic name
     * @param key what the record key holds
     * @param valueType Avro class of the record value
     * @param compacted whether the topic uses cleanup.policy=compact
     */
    public record TopicSpec(String name, String key, Class<?> valueType, boolean compacted) {}
}
