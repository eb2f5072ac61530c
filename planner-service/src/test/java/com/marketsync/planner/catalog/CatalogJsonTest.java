package com.marketsync.planner.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marketsync.planner.web.ApiException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogJsonTest {

    @Test
    void readsEachElementAsARowAndReportsElementsOfTheWrongShape() {
        List<ImportRow> rows = read("""
                [{"sku":"DD1391-100","name":"Dunk","brand":"Nike","tier":"HOT"},
                 "DD1391-101",
                 {"sku":"DD1391-102","name":{"en":"Dunk"},"brand":"Nike","tier":"HOT"},
                 {"sku":"DD1391-103","name":"Dunk","brand":"Nike"},
                 {"sku":12345,"name":"Dunk","brand":"Nike","tier":"COLD"}]
                """);

        assertThat(rows).extracting(ImportRow::row).containsExactly(1, 2, 3, 4, 5);
        assertThat(rows.get(0).problem()).isNull();
        assertThat(rows.get(0).draft()).isEqualTo(new ProductDraft("DD1391-100", "Dunk", "Nike", "HOT"));
        assertThat(rows.get(1).problem().reason()).contains("must be an object");
        assertThat(rows.get(2).problem()).isEqualTo(new FieldProblem("name", "must be a string"));
        assertThat(rows.get(3).problem().field()).isEqualTo("tier");
        assertThat(rows.get(4).problem()).as("numbers are read as written").isNull();
    }

    @Test
    void refusesMalformedJsonAndNonArraysNamingTheBody() {
        for (String body : List.of("", "{\"sku\":\"DD1391-100\"}", "[{\"sku\":", "[1,2] x", "[{]")) {
            assertThatThrownBy(() -> read(body)).as(body).isInstanceOfSatisfying(ApiException.class, e -> assertThat(
                            e.field())
                    .isEqualTo("body"));
        }
    }

    @Test
    void refusesMoreRowsThanTheLimit() {
        assertThatThrownBy(() -> CatalogJson.read(stream("[{},{},{}]"), 2))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.getMessage()).contains("more than 2 rows"));
    }

    private static List<ImportRow> read(String json) {
        return CatalogJson.read(stream(json), 10_000);
    }

    private static ByteArrayInputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
