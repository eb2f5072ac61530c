package com.marketsync.writer.ingest;

import com.marketsync.events.PriceSnapshot;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Renders a list of snapshots for set-based statements: one text array per column, for {@code SELECT ... FROM
 * unnest(?::text[], ?::numeric[], ...)} (one round trip and one statement whatever the batch size), or COPY text rows.
 */
final class SnapshotColumns {

    /** One column: its name, the array type it is unnested as, and how a snapshot renders its value as text. */
    record Column(String name, String arrayType, Function<PriceSnapshot, String> value) {}

    static final Column SNAPSHOT_ID = text("snapshot_id", PriceSnapshot::getSnapshotId);
    static final Column REQUEST_ID = text("request_id", PriceSnapshot::getRequestId);
    static final Column PROVIDER = text("provider", s -> s.getProvider().name());
    static final Column SKU = text("sku", PriceSnapshot::getSku);
    static final Column PROVIDER_PRODUCT_ID = text("provider_product_id", PriceSnapshot::getProviderProductId);
    static final Column STYLE_CODE_RAW = text("style_code_raw", PriceSnapshot::getStyleCodeRaw);
    static final Column VARIANT_KEY = text("variant_key", s -> s.getVariant().getVariantKey());
    static final Column PROVIDER_VARIANT_ID =
            text("provider_variant_id", s -> s.getVariant().getProviderVariantId());
    static final Column SIZE = text("size", s -> s.getVariant().getSize());
    static final Column SIZE_SYSTEM =
            text("size_system", s -> s.getVariant().getSizeSystem().name());
    static final Column US_SIZE = text("us_size", s -> s.getVariant().getUsSize());
    static final Column CONDITION =
            text("condition", s -> s.getVariant().getCondition().name());
    static final Column PACKAGING =
            text("packaging", s -> s.getVariant().getPackaging().name());
    static final Column FULFILMENT =
            text("fulfilment", s -> s.getVariant().getFulfilment().name());
    static final Column REGION = text("region", PriceSnapshot::getRegion);
    static final Column CURRENCY = text("currency", PriceSnapshot::getCurrency);
    static final Column LOWEST_ASK = amount("lowest_ask", PriceSnapshot::getLowestAsk);
    static final Column HIGHEST_BID = amount("highest_bid", PriceSnapshot::getHighestBid);
    static final Column LAST_SALE = amount("last_sale", PriceSnapshot::getLastSale);
    static final Column LAST_SALE_AT = instant("last_sale_at", PriceSnapshot::getLastSaleAt);
    static final Column FLEX_LOWEST_ASK = amount("flex_lowest_ask", PriceSnapshot::getFlexLowestAsk);
    static final Column DIRECT_LOWEST_ASK = amount("direct_lowest_ask", PriceSnapshot::getDirectLowestAsk);
    static final Column SUGGESTED_SELL_FASTER = amount("suggested_sell_faster", PriceSnapshot::getSuggestedSellFaster);
    static final Column SUGGESTED_EARN_MORE = amount("suggested_earn_more", PriceSnapshot::getSuggestedEarnMore);
    static final Column SUGGESTED_BEAT_US = amount("suggested_beat_us", PriceSnapshot::getSuggestedBeatUs);
    static final Column GLOBAL_INDICATOR_PRICE =
            amount("global_indicator_price", PriceSnapshot::getGlobalIndicatorPrice);
    static final Column SALES_COUNT = integer("sales_count", PriceSnapshot::getSalesCount);
    static final Column SALES_WINDOW_START = instant("sales_window_start", PriceSnapshot::getSalesWindowStart);
    static final Column SALES_WINDOW_END = instant("sales_window_end", PriceSnapshot::getSalesWindowEnd);
    static final Column LISTING_COUNT = integer("listing_count", PriceSnapshot::getListingCount);
    static final Column OBSERVED_AT = instant("observed_at", PriceSnapshot::getObservedAt);
    static final Column FETCHED_AT = instant("fetched_at", PriceSnapshot::getFetchedAt);

    /**
     * Warnings travel as one PostgreSQL array literal per row (unnest cannot carry a ragged array of arrays) and
     * are cast back to text[] in the SELECT.
     */
    static final Column WARNINGS = text("warnings", s -> arrayLiteral(s.getWarnings()));

    /** The price values whose difference moves changed_at. */
    static final List<Column> PRICES = List.of(
            LOWEST_ASK,
            HIGHEST_BID,
            LAST_SALE,
            FLEX_LOWEST_ASK,
            DIRECT_LOWEST_ASK,
            SUGGESTED_SELL_FASTER,
            SUGGESTED_EARN_MORE,
            SUGGESTED_BEAT_US,
            GLOBAL_INDICATOR_PRICE);

    private SnapshotColumns() {}

    /** {@code unnest(?::text[], ?::numeric[], ...) AS u(col, col, ...)} for the columns, in order. */
    static String unnest(List<Column> columns) {
        String arrays = columns.stream().map(c -> "?::" + c.arrayType()).collect(Collectors.joining(", "));
        return "unnest(" + arrays + ") AS u(" + names(columns) + ")";
    }

    /** Comma-separated column names, with an optional qualifier such as {@code l.} or {@code EXCLUDED.}. */
    static String names(List<Column> columns, String qualifier) {
        return columns.stream().map(c -> qualifier + c.name()).collect(Collectors.joining(", "));
    }

    static String names(List<Column> columns) {
        return names(columns, "");
    }

    /** One array per column, each with one element per snapshot, ready to bind in unnest order. */
    static Object[] arrays(List<Column> columns, List<PriceSnapshot> snapshots) {
        Object[] arrays = new Object[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            Function<PriceSnapshot, String> value = columns.get(c).value();
            arrays[c] = snapshots.stream().map(value).toArray(String[]::new);
        }
        return arrays;
    }

    /**
     * The snapshots as COPY text rows, UTF-8 encoded: the columns' values tab-separated in order, nulls as
     * {@code \\N}, backslash, tab, newline and carriage return escaped, each row ending in a newline.
     */
    static byte[] copyRows(List<Column> columns, List<PriceSnapshot> snapshots) {
        StringBuilder rows = new StringBuilder(512);
        for (int r = 0; r < snapshots.size(); r++) {
            for (int c = 0; c < columns.size(); c++) {
                if (c > 0) {
                    rows.append('\t');
                }
                appendCopyValue(rows, columns.get(c).value().apply(snapshots.get(r)));
            }
            rows.append('\n');
            if (r == 0) {
                // size the buffer once, from the first row
                rows.ensureCapacity(rows.length() * (snapshots.size() + snapshots.size() / 8 + 1));
            }
        }
        return rows.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void appendCopyValue(StringBuilder out, String value) {
        if (value == null) {
            out.append("\\N");
            return;
        }
        int plainFrom = 0;
        for (int i = 0; i < value.length(); i++) {
            String escaped =
                    switch (value.charAt(i)) {
                        case '\\' -> "\\\\";
                        case '\t' -> "\\t";
                        case '\n' -> "\\n";
                        case '\r' -> "\\r";
                        default -> null;
                    };
            if (escaped != null) {
                out.append(value, plainFrom, i).append(escaped);
                plainFrom = i + 1;
            }
        }
        out.append(value, plainFrom, value.length());
    }

    /** A text[] literal such as {@code {"a","b \"c\""}}: every element quoted, quotes and backslashes escaped. */
    static String arrayLiteral(List<String> values) {
        if (values == null || values.isEmpty()) {
            return "{}";
        }
        return values.stream()
                .map(v -> '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"')
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static Column text(String name, Function<PriceSnapshot, String> value) {
        return new Column(name, "text[]", value);
    }

    private static Column amount(String name, Function<PriceSnapshot, BigDecimal> value) {
        // toPlainString keeps every digit: the amount reaches numeric(14,2) without passing through a double.
        return new Column(name, "numeric[]", s -> render(value.apply(s), BigDecimal::toPlainString));
    }

    private static Column instant(String name, Function<PriceSnapshot, Instant> value) {
        return new Column(name, "timestamptz[]", s -> render(value.apply(s), Instant::toString));
    }

    private static Column integer(String name, Function<PriceSnapshot, Integer> value) {
        return new Column(name, "integer[]", s -> render(value.apply(s), Objects::toString));
    }

    private static <T> String render(T value, Function<T, String> format) {
        return value == null ? null : format.apply(value);
    }
}
