package com.marketsync.bench.writer;

import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.Variant;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Loads snapshots into a copy of the history table with PostgreSQL's COPY (text format), a fixed number of rows per
 * transaction: the ceiling the writer's batch path is compared with. Rows carry the same columns the writer inserts,
 * rendered from the same events; written_at takes its default.
 */
final class CopyLoad {

    /** The history columns the writer inserts, in its order. */
    static final List<String> COLUMNS = List.of(
            "snapshot_id",
            "request_id",
            "provider",
            "sku",
            "provider_product_id",
            "style_code_raw",
            "variant_key",
            "provider_variant_id",
            "size",
            "size_system",
            "us_size",
            "condition",
            "packaging",
            "fulfilment",
            "region",
            "currency",
            "lowest_ask",
            "highest_bid",
            "last_sale",
            "last_sale_at",
            "flex_lowest_ask",
            "direct_lowest_ask",
            "suggested_sell_faster",
            "suggested_earn_more",
            "suggested_beat_us",
            "global_indicator_price",
            "sales_count",
            "sales_window_start",
            "sales_window_end",
            "listing_count",
            "observed_at",
            "fetched_at",
            "warnings");

    private static final String NULL = "\\N";

    private CopyLoad() {}

    /**
     * COPYs the snapshots into the table, committing every {@code rowsPerTransaction} rows, and returns the elapsed
     * nanoseconds, rendering included (the writer renders its batches too).
     */
    static long copy(Connection connection, String table, List<PriceSnapshot> snapshots, int rowsPerTransaction)
            throws SQLException {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        String sql = "COPY " + table + " (" + String.join(", ", COLUMNS) + ") FROM STDIN";
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        long start = System.nanoTime();
        try {
            for (int from = 0; from < snapshots.size(); from += rowsPerTransaction) {
                List<PriceSnapshot> chunk =
                        snapshots.subList(from, Math.min(snapshots.size(), from + rowsPerTransaction));
                StringBuilder text = new StringBuilder(chunk.size() * 512);
                chunk.forEach(snapshot -> appendRow(text, snapshot));
                copy.copyIn(sql, new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)));
                connection.commit();
            }
            return System.nanoTime() - start;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** One line of COPY text: the columns tab-separated, nulls as {@code \N}, ending in a newline. */
    static void appendRow(StringBuilder out, PriceSnapshot s) {
        Variant v = s.getVariant();
        text(out, s.getSnapshotId()).append('\t');
        text(out, s.getRequestId()).append('\t');
        text(out, s.getProvider().name()).append('\t');
        text(out, s.getSku()).append('\t');
        text(out, s.getProviderProductId()).append('\t');
        text(out, s.getStyleCodeRaw()).append('\t');
        text(out, v.getVariantKey()).append('\t');
        text(out, v.getProviderVariantId()).append('\t');
        text(out, v.getSize()).append('\t');
        text(out, v.getSizeSystem().name()).append('\t');
        text(out, v.getUsSize()).append('\t');
        text(out, v.getCondition().name()).append('\t');
        text(out, v.getPackaging().name()).append('\t');
        text(out, v.getFulfilment().name()).append('\t');
        text(out, s.getRegion()).append('\t');
        text(out, s.getCurrency()).append('\t');
        amount(out, s.getLowestAsk()).append('\t');
        amount(out, s.getHighestBid()).append('\t');
        amount(out, s.getLastSale()).append('\t');
        instant(out, s.getLastSaleAt()).append('\t');
        amount(out, s.getFlexLowestAsk()).append('\t');
        amount(out, s.getDirectLowestAsk()).append('\t');
        amount(out, s.getSuggestedSellFaster()).append('\t');
        amount(out, s.getSuggestedEarnMore()).append('\t');
        amount(out, s.getSuggestedBeatUs()).append('\t');
        amount(out, s.getGlobalIndicatorPrice()).append('\t');
        integer(out, s.getSalesCount()).append('\t');
        instant(out, s.getSalesWindowStart()).append('\t');
        instant(out, s.getSalesWindowEnd()).append('\t');
        integer(out, s.getListingCount()).append('\t');
        instant(out, s.getObservedAt()).append('\t');
        instant(out, s.getFetchedAt()).append('\t');
        text(out, arrayLiteral(s.getWarnings())).append('\n');
    }

    /** A text[] literal with every element quoted, quotes and backslashes escaped (as the writer binds warnings). */
    static String arrayLiteral(List<String> values) {
        if (values == null || values.isEmpty()) {
            return "{}";
        }
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                literal.append(',');
            }
            literal.append('"')
                    .append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        return literal.append('}').toString();
    }

    /** COPY text escaping: backslash, tab, newline and carriage return are backslash sequences. */
    private static StringBuilder text(StringBuilder out, String value) {
        if (value == null) {
            return out.append(NULL);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out;
    }

    private static StringBuilder amount(StringBuilder out, BigDecimal value) {
        return value == null ? out.append(NULL) : out.append(value.toPlainString());
    }

    private static StringBuilder instant(StringBuilder out, Instant value) {
        return value == null ? out.append(NULL) : out.append(value);
    }

    private static StringBuilder integer(StringBuilder out, Integer value) {
        return value == null ? out.append(NULL) : out.append(value.intValue());
    }
}
