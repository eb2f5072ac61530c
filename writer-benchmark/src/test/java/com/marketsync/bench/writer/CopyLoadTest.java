package com.marketsync.bench.writer;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.events.PriceSnapshot;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyLoadTest {

    private static final Instant OBSERVED = Instant.parse("2026-11-28T10:15:30Z");

    @Test
    void rendersOneTabSeparatedFieldPerHistoryColumnWithNullsAsBackslashN() {
        PriceSnapshot snapshot = new BenchDataset(3, 1).next(0, OBSERVED);
        StringBuilder line = new StringBuilder();

        CopyLoad.appendRow(line, snapshot);

        assertThat(line.toString()).endsWith("\n");
        List<String> fields = List.of(line.substring(0, line.length() - 1).split("\t", -1));
        assertThat(fields).hasSameSizeAs(CopyLoad.COLUMNS);
        assertThat(fields.get(CopyLoad.COLUMNS.indexOf("snapshot_id"))).isEqualTo(snapshot.getSnapshotId());
        assertThat(fields.get(CopyLoad.COLUMNS.indexOf("observed_at"))).isEqualTo("2026-11-28T10:15:30Z");
        assertThat(fields.get(CopyLoad.COLUMNS.indexOf("lowest_ask")))
                .isEqualTo(snapshot.getLowestAsk().toPlainString());
        assertThat(fields.get(CopyLoad.COLUMNS.indexOf("direct_lowest_ask"))).isEqualTo("\\N");
    }

    @Test
    void escapesTextAndWarningsTheWayCopyReadsThem() {
        PriceSnapshot snapshot = PriceSnapshot.newBuilder(new BenchDataset(3, 1).next(0, OBSERVED))
                .setStyleCodeRaw("a\tb\\c\nd")
                .setWarnings(List.of("say \"hi\"", "back\\slash"))
                .build();
        StringBuilder line = new StringBuilder();

        CopyLoad.appendRow(line, snapshot);

        List<String> fields = List.of(line.substring(0, line.length() - 1).split("\t", -1));
        assertThat(fields.get(CopyLoad.COLUMNS.indexOf("style_code_raw"))).isEqualTo("a\\tb\\\\c\\nd");
        // the array literal {"say \"hi\"","back\\slash"}, then each backslash doubled for COPY
        assertThat(fields.get(CopyLoad.COLUMNS.indexOf("warnings")))
                .isEqualTo("{\"say \\\\\"hi\\\\\"\",\"back\\\\\\\\slash\"}");
    }
}
