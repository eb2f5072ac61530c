package com.marketsync.writer;

import static com.marketsync.writer.TestSnapshots.money;
import static com.marketsync.writer.TestSnapshots.snapshot;
import static com.marketsync.writer.TestSnapshots.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marketsync.events.PriceSnapshot;
import com.marketsync.writer.ingest.SnapshotBatchWriter;
import com.marketsync.writer.ingest.SnapshotBatchWriter.Written;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * The batch path itself: batches that are all new, partly stored, or repeat a snapshot within themselves are each
 * stored exactly once, whichever way the history is appended (as a whole while batches are new, skipping stored rows
 * otherwise).
 */
class SnapshotBatchWriterIT extends WriterIntegrationSupport {

    private static final Instant T1 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Autowired
    private SnapshotBatchWriter writer;

    @Test
    void storesEachSnapshotOnceWhetherTheBatchIsNewPartlyStoredOrRepeatsItself() {
        String sku = uniqueSku("BATCH");
        PriceSnapshot a = snapshot(sku, "a", T1);
        PriceSnapshot b = snapshot(sku, "b", T1);
        PriceSnapshot c = snapshot(sku, "c", T1);
        PriceSnapshot d = snapshot(sku, "d", T1);
        PriceSnapshot e = snapshot(sku, "e", T1);

        assertThat(writer.write(List.of(a, b))).isEqualTo(new Written(2, 2, 2));
        assertThat(writer.write(List.of(b, c))).isEqualTo(new Written(2, 1, 1));
        assertThat(writer.write(List.of(d))).isEqualTo(new Written(1, 1, 1));
        assertThat(writer.write(List.of(e, e))).isEqualTo(new Written(2, 1, 1));
        assertThat(writer.write(List.of(a, b, c, d, e))).isEqualTo(new Written(5, 0, 0));
        // a newer observation beside stored ones still moves its latest price
        PriceSnapshot newerA = snapshot(sku, "a", T1.plusSeconds(60), s -> s.setLowestAsk(money("999.00")));
        assertThat(writer.write(List.of(a, newerA, b))).isEqualTo(new Written(3, 1, 1));

        assertThat(history(sku))
                .extracting(row -> row.get("variant_key"))
                .containsExactlyInAnyOrder("a", "a", "b", "c", "d", "e");
        assertThat(latest(sku))
                .extracting(row -> row.get("variant_key") + " " + row.get("lowest_ask"))
                .hasSize(5)
                .contains("a 999.00");
    }

    @Test
    void aBatchOfStoredSnapshotsLeavesTheirLatestRowsUntouchedNotEvenLocked() {
        String sku = uniqueSku("UNTOUCHED");
        PriceSnapshot a = snapshot(sku, "a", T1);
        PriceSnapshot b = snapshot(sku, "b", T1);
        writer.write(List.of(a, b));
        List<String> before = rowVersions(sku);

        assertThat(writer.write(List.of(a, b))).isEqualTo(new Written(2, 0, 0));

        // a locked row would carry the locking transaction in xmax
        assertThat(rowVersions(sku)).isEqualTo(before);
    }

    /** Where each latest row of the sku lies and which transaction last locked or deleted it. */
    private List<String> rowVersions(String sku) {
        return jdbc.sql("SELECT ctid::text || ' ' || xmax::text FROM market.latest_prices WHERE sku = ?"
                        + " ORDER BY variant_key")
                .param(sku)
                .query(String.class)
                .list();
    }

    @Test
    void latestPricesTakeTheNewestSnapshotOfEachKeyAndOfEqualOnesTheLaterInTheBatch() {
        String sku = uniqueSku("NEWEST");
        // newest first, so "last record wins" would be caught as well as "first record wins"
        Written written = writer.write(List.of(
                snapshot(sku, "v1", T1.plusSeconds(120), s -> s.setLowestAsk(money("303.00"))),
                snapshot(sku, "v1", T1, s -> s.setLowestAsk(money("101.00"))),
                snapshot(sku, "v1", T1.plusSeconds(60), s -> s.setLowestAsk(money("202.00"))),
                snapshot(sku, "v1", T1, s -> s.setRegion("GB").setLowestAsk(money("1.00"))),
                snapshot(sku, "v2", T1, s -> s.setLowestAsk(money("10.00"))),
                snapshot(sku, "v2", T1, s -> s.setLowestAsk(money("20.00")))));

        assertThat(written).isEqualTo(new Written(6, 5, 3));
        assertThat(latest(sku))
                .extracting(row -> row.get("variant_key") + "/" + row.get("region") + " " + row.get("lowest_ask"))
                .containsExactlyInAnyOrder("v1/US 303.00", "v1/GB 1.00", "v2/US 20.00");
    }

    @Test
    void storesTextWithTabsNewlinesBackslashesNullMarkersAndNonAsciiExactly() {
        String sku = uniqueSku("TEXT");
        String raw = "DD1391 100\tnew\nline \\N back\\slash \r end, Größe 42½ 日本";
        List<String> warnings = List.of("tab\there", "\\N", "quote \" and {brace}, comma", "", "Größe ½ 日本");
        PriceSnapshot odd =
                snapshot(sku, "v\t1", T1, s -> s.setStyleCodeRaw(raw).setWarnings(warnings));

        assertThat(writer.write(List.of(odd)).newInHistory()).isEqualTo(1);
        // again beside a newer one: written by the statement that skips stored rows
        PriceSnapshot later = snapshot(
                sku, "v\t1", T1.plusSeconds(60), s -> s.setStyleCodeRaw(raw).setWarnings(warnings));
        assertThat(writer.write(List.of(odd, later)).newInHistory()).isEqualTo(1);

        assertThat(history(sku)).hasSize(2).allSatisfy(stored -> {
            assertThat(stored).containsEntry("style_code_raw", raw).containsEntry("variant_key", "v\t1");
            assertThat(stored.get("warnings")).isEqualTo(warnings);
        });
    }

    @Test
    void storesInstantsToTheMicrosecondFromBefore1970ToTheFarFuture() {
        String sku = uniqueSku("TIME");
        PriceSnapshot snapshot =
                snapshot(sku, "v1", T1, s -> s.setLastSaleAt(Instant.parse("1901-12-13T20:45:52.000001Z"))
                        // more than 2^53 microseconds after 1970, where a double no longer holds every microsecond
                        .setSalesWindowStart(Instant.parse("3000-06-15T12:34:56.789012Z"))
                        // the last microsecond timestamptz holds
                        .setSalesWindowEnd(Instant.parse("+294276-12-31T23:59:59.999999Z"))
                        .setFetchedAt(T1.plusNanos(1_001_999)));

        writer.write(List.of(snapshot));

        String utc = "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'";
        assertThat(jdbc.sql("SELECT concat_ws(' ', to_char(last_sale_at AT TIME ZONE 'UTC', " + utc
                                + "), to_char(sales_window_start AT TIME ZONE 'UTC', " + utc
                                + "), to_char(sales_window_end AT TIME ZONE 'UTC', " + utc
                                + ")) FROM market.price_snapshots WHERE sku = ?")
                        .params(sku)
                        .query(String.class)
                        .single())
                .isEqualTo("1901-12-13T20:45:52.000001Z 3000-06-15T12:34:56.789012Z 294276-12-31T23:59:59.999999Z");
    }

    @Test
    void refusesAnInstantBeyondPostgresqlsRangeAsBadData() {
        PriceSnapshot beyond =
                snapshot(uniqueSku("TIME"), "v1", T1, s -> s.setLastSaleAt(Instant.parse("+300000-01-01T00:00:00Z")));
        PriceSnapshot beyondLong = snapshot(uniqueSku("TIME"), "v1", T1, s -> s.setLastSaleAt(Instant.MAX));

        assertThatThrownBy(() -> writer.write(List.of(beyond))).isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> writer.write(List.of(beyondLong))).isInstanceOf(DataIntegrityViolationException.class);
    }
}
