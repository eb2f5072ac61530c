package com.marketsync.planner.catalog;

import com.marketsync.planner.web.ApiException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a catalog CSV: a header row naming the columns sku, name, brand and tier (any order, any case, other columns
 * ignored), then one product per row. Quoting follows RFC 4180: a field in double quotes may hold commas, line
 * breaks and doubled quotes ({@code ""}); a quote inside an unquoted field is kept as it is. Blank lines are skipped
 * and a leading byte-order mark is ignored. A malformed row is returned as such, to be reported; only a file that
 * cannot be read at all (no header, a quote never closed, too many rows) is refused with a 400.
 */
final class CatalogCsv {

    static final List<String> COLUMNS = List.of("sku", "name", "brand", "tier");

    private CatalogCsv() {}

    /** The rows of {@code in}, read to its end; a 400 naming {@code body} once more than {@code maxRows} arrive. */
    static List<ImportRow> read(Reader in, int maxRows) throws IOException {
        Records records = new Records(in);
        List<String> header = records.nextNonBlank();
        if (header == null) {
            throw ApiException.badRequest("body", "is empty; expected a header row sku,name,brand,tier");
        }
        Map<String, Integer> columns = columns(header);
        int sku = columns.get("sku");
        int name = columns.get("name");
        int brand = columns.get("brand");
        int tier = columns.get("tier");
        List<ImportRow> rows = new ArrayList<>();
        List<String> cells;
        while ((cells = records.nextNonBlank()) != null) {
            int row = rows.size() + 1;
            if (row > maxRows) {
                throw CatalogImport.tooManyRows(maxRows);
            }
            ProductDraft draft =
                    new ProductDraft(cell(cells, sku), cell(cells, name), cell(cells, brand), cell(cells, tier));
            if (records.malformed()) {
                rows.add(new ImportRow(
                        row,
                        draft,
                        new FieldProblem(null, "malformed quoting: text between a closing quote and the next comma")));
            } else if (cells.size() != header.size()) {
                rows.add(new ImportRow(
                        row,
                        draft,
                        new FieldProblem(
                                null,
                                "has " + cells.size() + " cells, the header has " + header.size()
                                        + " (quote fields that contain commas)")));
            } else {
                rows.add(ImportRow.of(row, draft));
            }
        }
        return rows;
    }

    private static Map<String, Integer> columns(List<String> header) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i).strip().toLowerCase(Locale.ROOT);
            if (COLUMNS.contains(column) && columns.putIfAbsent(column, i) != null) {
                throw ApiException.badRequest("header", "names the column " + column + " twice");
            }
        }
        List<String> missing =
                COLUMNS.stream().filter(c -> !columns.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw ApiException.badRequest(
                    "header",
                    "must name the columns sku, name, brand and tier; missing: " + String.join(", ", missing));
        }
        return columns;
    }

    private static String cell(List<String> cells, int index) {
        return index < cells.size() ? cells.get(index) : null;
    }

    /** Splits the input into records of cells, one character at a time, tracking lines for error messages. */
    private static final class Records {

        private final Reader in;
        private int line = 1;
        private int pushedBack = -2;
        private boolean first = true;
        private boolean malformed;

        Records(Reader in) {
            this.in = in instanceof BufferedReader ? in : new BufferedReader(in, 64 * 1024);
        }

        /** Whether the record last returned had text after a closing quote. */
        boolean malformed() {
            return malformed;
        }

        /** The next record that is not blank, or null at the end of the input. */
        List<String> nextNonBlank() throws IOException {
            List<String> cells;
            do {
                cells = next();
            } while (cells != null && cells.size() == 1 && cells.getFirst().isBlank());
            return cells;
        }

        private List<String> next() throws IOException {
            int c = read();
            if (c == -1) {
                return null;
            }
            malformed = false;
            int startLine = line;
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            boolean closed = false;
            while (true) {
                if (quoted) {
                    if (c == -1) {
                        throw ApiException.badRequest(
                                "body", "the quoted field opened on line " + startLine + " is never closed");
                    }
                    if (c == '"') {
                        int after = read();
                        if (after == '"') {
                            cell.append('"');
                        } else {
                            quoted = false;
                            closed = true;
                            c = after;
                            continue;
                        }
                    } else {
                        cell.append((char) c);
                    }
                } else if (c == ',') {
                    cells.add(cell.toString());
                    cell.setLength(0);
                    closed = false;
                } else if (c == '\r' || c == '\n' || c == -1) {
                    cells.add(cell.toString());
                    return cells;
                } else if (c == '"' && !closed && cell.toString().isBlank()) {
                    // spaces before an opening quote are not part of the field
                    cell.setLength(0);
                    quoted = true;
                } else if (closed) {
                    if (!Character.isWhitespace(c)) {
                        malformed = true;
                        cell.append((char) c);
                    }
                } else {
                    cell.append((char) c);
                }
                c = read();
            }
        }

        /** The next character with CR LF and lone CR read as LF, counting lines; -1 at the end. */
        private int read() throws IOException {
            int c;
            if (pushedBack != -2) {
                c = pushedBack;
                pushedBack = -2;
            } else {
                c = in.read();
            }
            if (first) {
                first = false;
                if (c == '\uFEFF') {
                    c = in.read();
                }
            }
            if (c == '\r') {
                int after = in.read();
                if (after != '\n') {
                    pushedBack = after;
                }
                c = '\n';
            }
            if (c == '\n') {
                line++;
            }
            return c;
        }
    }
}
