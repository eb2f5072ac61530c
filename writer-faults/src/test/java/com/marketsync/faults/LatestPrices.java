package com.marketsync.faults;

import com.marketsync.events.LatestPrice;
import com.marketsync.events.PriceSnapshot;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Compares a row of {@code market.latest_prices} column by column with the snapshot it must hold, and with the last
 * change event published for it on {@code market.latest-prices}. A newer snapshot that only re-confirms the prices
 * publishes nothing (the LatestPrice contract), so the last event carries the row's prices and, as its observedAt and
 * changedAt, the row's changed_at: the observation at which the current prices were first seen.
 */
final class LatestPrices {

    /** The price columns, in the order of {@link #comparedValues}. */
    private static final Map<String, Function<PriceSnapshot, BigDecimal>> PRICES = new LinkedHashMap<>();

    private static final List<Check<PriceSnapshot>> FROM_SNAPSHOT = new ArrayList<>();

    private static final List<Check<LatestPrice>> FROM_EVENT = new ArrayList<>();

    static {
        PRICES.put("lowest_ask", PriceSnapshot::getLowestAsk);
        PRICES.put("highest_bid", PriceSnapshot::getHighestBid);
        PRICES.put("last_sale", PriceSnapshot::getLastSale);
        PRICES.put("flex_lowest_ask", PriceSnapshot::getFlexLowestAsk);
        PRICES.put("direct_lowest_ask", PriceSnapshot::getDirectLowestAsk);
        PRICES.put("suggested_sell_faster", PriceSnapshot::getSuggestedSellFaster);
        PRICES.put("suggested_earn_more", PriceSnapshot::getSuggestedEarnMore);
        PRICES.put("suggested_beat_us", PriceSnapshot::getSuggestedBeatUs);
        PRICES.put("global_indicator_price", PriceSnapshot::getGlobalIndicatorPrice);

        snapshot("provider_variant_id", s -> s.getVariant().getProviderVariantId());
        snapshot("size", s -> s.getVariant().getSize());
        snapshot("size_system", s -> s.getVariant().getSizeSystem().name());
        snapshot("us_size", s -> s.getVariant().getUsSize());
        snapshot("condition", s -> s.getVariant().getCondition().name());
        snapshot("packaging", s -> s.getVariant().getPackaging().name());
        snapshot("fulfilment", s -> s.getVariant().getFulfilment().name());
        snapshot("currency", PriceSnapshot::getCurrency);
        PRICES.forEach((column, price) -> snapshot(column, price::apply));
        snapshot("last_sale_at", PriceSnapshot::getLastSaleAt);
        snapshot("sales_count", PriceSnapshot::getSalesCount);
        snapshot("listing_count", PriceSnapshot::getListingCount);
        snapshot("snapshot_id", PriceSnapshot::getSnapshotId);
        snapshot("observed_at", PriceSnapshot::getObservedAt);
        // the newest observation is also the newest that confirmed the prices
        snapshot("verified_at", PriceSnapshot::getObservedAt);

        event("provider_variant_id", "variant.providerVariantId", e -> e.getVariant()
                .getProviderVariantId());
        event("size", "variant.size", e -> e.getVariant().getSize());
        event("condition", "variant.condition", e -> e.getVariant()
                .getCondition()
                .name());
        event("fulfilment", "variant.fulfilment", e -> e.getVariant()
                .getFulfilment()
                .name());
        event("currency", "currency", LatestPrice::getCurrency);
        event("lowest_ask", "lowestAsk", LatestPrice::getLowestAsk);
        event("highest_bid", "highestBid", LatestPrice::getHighestBid);
        event("last_sale", "lastSale", LatestPrice::getLastSale);
        event("flex_lowest_ask", "flexLowestAsk", LatestPrice::getFlexLowestAsk);
        event("direct_lowest_ask", "directLowestAsk", LatestPrice::getDirectLowestAsk);
        event("suggested_sell_faster", "suggestedSellFaster", LatestPrice::getSuggestedSellFaster);
        event("suggested_earn_more", "suggestedEarnMore", LatestPrice::getSuggestedEarnMore);
        event("suggested_beat_us", "suggestedBeatUs", LatestPrice::getSuggestedBeatUs);
        event("global_indicator_price", "globalIndicatorPrice", LatestPrice::getGlobalIndicatorPrice);
        event("changed_at", "observedAt", LatestPrice::getObservedAt);
        event("changed_at", "changedAt", LatestPrice::getChangedAt);
    }

    private LatestPrices() {}

    /** What decides whether prices changed: the currency and every price (a null price included). */
    static List<Object> comparedValues(PriceSnapshot snapshot) {
        List<Object> values = new ArrayList<>();
        values.add(snapshot.getCurrency());
        PRICES.values().forEach(price -> values.add(normalized(price.apply(snapshot))));
        return values;
    }

    /** The columns in which the row differs from the snapshot it must hold, as {@code column: row ≠ expected}. */
    static List<String> differences(Map<String, Object> row, PriceSnapshot expected) {
        return differences(row, FROM_SNAPSHOT, expected);
    }

    /**
     * Where the row differs from the change event last published for it: prices, currency and variant, and the
     * event's observedAt and changedAt against the row's changed_at.
     */
    static List<String> differences(Map<String, Object> row, LatestPrice lastEvent) {
        return differences(row, FROM_EVENT, lastEvent);
    }

    private static <T> List<String> differences(Map<String, Object> row, List<Check<T>> checks, T expected) {
        List<String> differ = new ArrayList<>();
        for (Check<T> check : checks) {
            Object actual = normalized(row.get(check.column()));
            Object wanted = normalized(check.value().apply(expected));
            if (!Objects.equals(actual, wanted)) {
                differ.add(check.column() + " " + actual + " ≠ " + check.field() + " " + wanted);
            }
        }
        return differ;
    }

    private static void snapshot(String column, Function<PriceSnapshot, Object> value) {
        FROM_SNAPSHOT.add(new Check<>(column, column, value));
    }

    private static void event(String column, String field, Function<LatestPrice, Object> value) {
        FROM_EVENT.add(new Check<>(column, field, value));
    }

    /** Values as comparable: instants for timestamps, amounts without trailing zeros, text trimmed (char(3)). */
    private static Object normalized(Object value) {
        return switch (value) {
            case null -> null;
            case OffsetDateTime time -> time.toInstant();
            case BigDecimal amount -> amount.stripTrailingZeros();
            case CharSequence text -> text.toString().strip();
            default -> value;
        };
    }

    /** One row column and the field of a snapshot or event it must equal. */
    private record Check<T>(String column, String field, Function<T, Object> value) {}
}
