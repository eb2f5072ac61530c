package com.marketsync.fetcher.alias;

import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.Priority;
import com.marketsync.events.Provider;
import com.marketsync.events.SyncRequest;
import com.marketsync.events.Tier;
import com.marketsync.fetcher.core.SnapshotIds;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The golden Alias answers of {@code src/test/resources/golden} and the snapshots they must become, field by field. */
final class Golden {

    static final String SKU = "DD1391-100";
    static final String REQUEST_ID = "REQ-GOLD-1";
    static final String CATALOG_ID = "nike-dunk-low-retro-white-black-dd1391-100";
    static final String SEARCH_PAGE_1 = "catalog-search-dd1391-100-page-1.json";
    static final String SEARCH_PAGE_2 = "catalog-search-dd1391-100-page-2.json";
    static final String PAGE_2_TOKEN = "CiAKGgoKREQxMzkxIDEwMBIMCAEQ+w==/p2";
    static final String AVAILABILITIES = "availabilities-dd1391-100.json";
    /** Sub-millisecond on purpose: snapshots carry the instant truncated to milliseconds. */
    static final Instant FETCHED = Instant.parse("2026-11-22T10:15:30.123456Z");

    private static final Set<String> AMOUNTS = Set.of(
            "lowestAsk",
            "highestBid",
            "lastSale",
            "flexLowestAsk",
            "directLowestAsk",
            "suggestedSellFaster",
            "suggestedEarnMore",
            "suggestedBeatUs",
            "globalIndicatorPrice");
    private static final Set<String> COUNTS = Set.of("salesCount", "listingCount");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Golden() {}

    static String text(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SyncRequest request(String requestId, String sku, String region) {
        return SyncRequest.newBuilder()
                .setRequestId(requestId)
                .setSku(sku)
                .setProvider(Provider.ALIAS)
                .setRegion(region)
                .setPriority(Priority.BACKGROUND)
                .setTier(Tier.HOT)
                .setReason("DUE")
                .setRequestedAt(Instant.parse("2026-11-22T10:00:00Z"))
                .setRequestedBy("test")
                .build();
    }

    static SyncRequest goldenRequest() {
        return request(REQUEST_ID, SKU, "US");
    }

    /** The expected snapshots in order; amounts as BigDecimal (scale-sensitive equality), enums and instants as text. */
    static List<Map<String, Object>> expectedSnapshots() {
        JsonNode root = JSON.readTree(text("expected-snapshots-dd1391-100.json"));
        List<Map<String, Object>> expected = new ArrayList<>();
        for (JsonNode snapshot : root.get("snapshots")) {
            Map<String, Object> fields = new LinkedHashMap<>();
            root.get("common")
                    .properties()
                    .forEach(field -> fields.put(field.getKey(), value(field.getKey(), field.getValue())));
            snapshot.properties().forEach(field -> fields.put(field.getKey(), value(field.getKey(), field.getValue())));
            fields.put(
                    "snapshotId",
                    SnapshotIds.of(
                            Provider.valueOf((String) fields.get("provider")),
                            (String) fields.get("sku"),
                            (String) fields.get("variantKey"),
                            (String) fields.get("region"),
                            Instant.parse((String) fields.get("observedAt"))));
            expected.add(sorted(fields));
        }
        return expected;
    }

    /** Every field of a snapshot, flattened the way {@link #expectedSnapshots()} describes it. */
    static Map<String, Object> describe(PriceSnapshot snapshot) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("snapshotId", snapshot.getSnapshotId());
        fields.put("requestId", snapshot.getRequestId());
        fields.put("provider", snapshot.getProvider().name());
        fields.put("sku", snapshot.getSku());
        fields.put("providerProductId", snapshot.getProviderProductId());
        fields.put("styleCodeRaw", snapshot.getStyleCodeRaw());
        fields.put("variantKey", snapshot.getVariant().getVariantKey());
        fields.put("providerVariantId", snapshot.getVariant().getProviderVariantId());
        fields.put("size", snapshot.getVariant().getSize());
        fields.put("sizeSystem", snapshot.getVariant().getSizeSystem().name());
        fields.put("usSize", snapshot.getVariant().getUsSize());
        fields.put("condition", snapshot.getVariant().getCondition().name());
        fields.put("packaging", snapshot.getVariant().getPackaging().name());
        fields.put("fulfilment", snapshot.getVariant().getFulfilment().name());
        fields.put("region", snapshot.getRegion());
        fields.put("currency", snapshot.getCurrency());
        fields.put("lowestAsk", snapshot.getLowestAsk());
        fields.put("highestBid", snapshot.getHighestBid());
        fields.put("lastSale", snapshot.getLastSale());
        fields.put("lastSaleAt", text(snapshot.getLastSaleAt()));
        fields.put("flexLowestAsk", snapshot.getFlexLowestAsk());
        fields.put("directLowestAsk", snapshot.getDirectLowestAsk());
        fields.put("suggestedSellFaster", snapshot.getSuggestedSellFaster());
        fields.put("suggestedEarnMore", snapshot.getSuggestedEarnMore());
        fields.put("suggestedBeatUs", snapshot.getSuggestedBeatUs());
        fields.put("globalIndicatorPrice", snapshot.getGlobalIndicatorPrice());
        fields.put("salesCount", snapshot.getSalesCount());
        fields.put("salesWindowStart", text(snapshot.getSalesWindowStart()));
        fields.put("salesWindowEnd", text(snapshot.getSalesWindowEnd()));
        fields.put("listingCount", snapshot.getListingCount());
        fields.put("observedAt", text(snapshot.getObservedAt()));
        fields.put("fetchedAt", text(snapshot.getFetchedAt()));
        fields.put("warnings", List.copyOf(snapshot.getWarnings()));
        return sorted(fields);
    }

    private static Object value(String name, JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (AMOUNTS.contains(name)) {
            return new BigDecimal(node.stringValue());
        }
        if (COUNTS.contains(name)) {
            return node.intValue();
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(item.stringValue()));
            return items;
        }
        return node.stringValue();
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Map<String, Object> sorted(Map<String, Object> fields) {
        Map<String, Object> sorted = new java.util.TreeMap<>();
        fields.forEach(sorted::put);
        return sorted;
    }
}
