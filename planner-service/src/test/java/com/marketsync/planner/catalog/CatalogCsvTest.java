package com.marketsync.planner.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marketsync.planner.web.ApiException;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogCsvTest {

    @Test
    void readsQuotedFieldsWithCommasDoubledQuotesAndLineBreaks() throws IOException {
        List<ImportRow> rows = read("""
                sku,name,brand,tier
                DD1391-100,"Nike Dunk Low, ""Panda""\",Nike,HOT
                CT8532-111, "Air Jordan 3, Pure White" ,Jordan,warm
                "DZ5485-410","Two
                lines",Jordan,COLD
                """);

        assertThat(rows)
                .extracting(ImportRow::draft)
                .containsExactly(
                        new ProductDraft("DD1391-100", "Nike Dunk Low, \"Panda\"", "Nike", "HOT"),
                        new ProductDraft("CT8532-111", "Air Jordan 3, Pure White", "Jordan", "warm"),
                        new ProductDraft("DZ5485-410", "Two\nlines", "Jordan", "COLD"));
        assertThat(rows).extracting(ImportRow::row).containsExactly(1, 2, 3);
        assertThat(rows.get(0).problem()).isNull();
        assertThat(rows.get(1).problem()).as("tier in any case").isNull();
        assertThat(rows.get(2).problem()).isEqualTo(new FieldProblem("name", ProductFields.CONTROL_RULE));
    }

    @Test
    void takesColumnsInAnyOrderCrLfLinesAByteOrderMarkAndSkipsBlankLines() throws IOException {
        List<ImportRow> rows = read("\uFEFFTier,SKU,Brand,Name,notes\r\nHOT,DD1391-100,Nike,Dunk,x\r\n\r\n"
                + "COLD,CT8532-111,Jordan,AJ3,y");

        assertThat(rows)
                .extracting(ImportRow::draft)
                .containsExactly(
                        new ProductDraft("DD1391-100", "Dunk", "Nike", "HOT"),
                        new ProductDraft("CT8532-111", "AJ3", "Jordan", "COLD"));
        assertThat(rows).extracting(ImportRow::row).containsExactly(1, 2);
    }

    @Test
    void keepsAQuoteInsideAnUnquotedFieldAsText() throws IOException {
        List<ImportRow> rows = read("sku,name,brand,tier\nDD1391-100,Dunk 12\" Panda,Nike,HOT\n");

        assertThat(rows.getFirst().draft().name()).isEqualTo("Dunk 12\" Panda");
        assertThat(rows.getFirst().problem()).isNull();
    }

    @Test
    void reportsRowsWithTheWrongCellCountOrTextAfterAClosingQuote() throws IOException {
        List<ImportRow> rows = read("""
                sku,name,brand,tier
                DD1391-100,Nike Dunk Low, Panda,Nike,HOT
                CT8532-111,"Air Jordan"3,Jordan,HOT
                DZ5485-410,AJ1,Jordan,HOT
                """);

        assertThat(rows.get(0).problem().field()).isNull();
        assertThat(rows.get(0).problem().reason()).contains("5 cells", "header has 4");
        assertThat(rows.get(0).draft().sku()).isEqualTo("DD1391-100");
        assertThat(rows.get(1).problem().reason()).contains("quot");
        assertThat(rows.get(2).problem()).isNull();
    }

    @Test
    void refusesAFileWithoutTheHeaderColumns() {
        assertThatThrownBy(() -> read("DD1391-100,Nike Dunk,Nike,HOT\n"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.field()).isEqualTo("header");
                    assertThat(e.getMessage()).contains("sku, name, brand", "tier");
                });
        assertThatThrownBy(() -> read("")).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.field())
                .isEqualTo("body"));
    }

    @Test
    void refusesAQuoteThatIsNeverClosed() {
        assertThatThrownBy(() -> read("sku,name,brand,tier\nDD1391-100,Nike,Nike,HOT\nCT8532-111,\"AJ3,Jordan,HOT\n"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.field()).isEqualTo("body");
                    assertThat(e.getMessage()).contains("line 3", "never closed");
                });
    }

    @Test
    void refusesMoreRowsThanTheLimitNamingIt() {
        String csv = "sku,name,brand,tier\n" + "DD1391-100,Dunk,Nike,HOT\n".repeat(4);

        assertThatThrownBy(() -> CatalogCsv.read(new StringReader(csv), 3))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.field()).isEqualTo("body");
                    assertThat(e.getMessage()).contains("more than 3 rows");
                });
    }

    private static List<ImportRow> read(String csv) throws IOException {
        return CatalogCsv.read(new StringReader(csv), 10_000);
    }
}
