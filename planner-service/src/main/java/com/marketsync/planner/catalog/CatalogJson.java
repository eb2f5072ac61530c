package com.marketsync.planner.catalog;

import com.marketsync.planner.web.ApiException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a catalog JSON import, an array of {@code {"sku","name","brand","tier"}} objects, one element at a time so an
 * oversized file is refused without being held in memory. An element that is not an object, or a field that is not a
 * string, number or null, makes a malformed row to report; only JSON that cannot be parsed, or more than the allowed
 * rows, is refused with a 400.
 */
final class CatalogJson {

    private static final JsonMapper JSON = JsonMapper.shared();

    private CatalogJson() {}

    /** The rows of {@code in}; a 400 naming {@code body} once more than {@code maxRows} arrive. */
    static List<ImportRow> read(InputStream in, int maxRows) {
        try (JsonParser parser = JSON.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw ApiException.badRequest("body", "must be a JSON array of objects with sku, name, brand and tier");
            }
            List<ImportRow> rows = new ArrayList<>();
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token == null) {
                    throw ApiException.badRequest("body", "ends before the closing ] of the array");
                }
                int row = rows.size() + 1;
                if (row > maxRows) {
                    throw CatalogImport.tooManyRows(maxRows);
                }
                rows.add(row(row, parser.readValueAsTree()));
            }
            if (parser.nextToken() != null) {
                throw ApiException.badRequest("body", "has more after the closing ] of the array");
            }
            return rows;
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw ApiException.badRequest("body", "is not valid JSON" + where + ": " + e.getOriginalMessage());
        }
    }

    private static ImportRow row(int row, JsonNode node) {
        if (node == null || !node.isObject()) {
            return new ImportRow(
                    row,
                    new ProductDraft(null, null, null, null),
                    new FieldProblem(null, "must be an object with sku, name, brand and tier"));
        }
        ProductDraft draft = new ProductDraft(
                text(node.get("sku")), text(node.get("name")), text(node.get("brand")), text(node.get("tier")));
        for (String field : CatalogCsv.COLUMNS) {
            JsonNode value = node.get(field);
            if (value != null && value.isContainer()) {
                return new ImportRow(row, draft, new FieldProblem(field, "must be a string"));
            }
        }
        return ImportRow.of(row, draft);
    }

    /** A scalar's text (numbers as written), null for a missing field, null or a nested object or array. */
    private static String text(JsonNode value) {
        return value == null || value.isNull() || value.isContainer() ? null : value.asString();
    }
}
