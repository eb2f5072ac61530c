package com.marketsync.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Reads a simulated provider's bundled catalogue CSV: a header line, then rows of a fixed number of columns. */
public final class CatalogCsv {

    private CatalogCsv() {}

    /**
     * The rows of a classpath CSV, each mapped from its trimmed fields; blank lines and {@code #} comments are skipped,
     * and so is the first remaining line, the header.
     *
     * @param resource absolute classpath path of the file, e.g. {@code /stockx/catalog.csv}
     * @param columns how many columns every row must have
     * @param row maps a row's trimmed fields to a catalogue entry
     */
    public static <T> List<T> read(String resource, int columns, Function<String[], T> row) {
        try (InputStream in = CatalogCsv.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource);
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), resource, columns, row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> List<T> parse(BufferedReader reader, String resource, int columns, Function<String[], T> row)
            throws IOException {
        List<T> parsed = new ArrayList<>();
        boolean header = true;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            String[] fields = line.split(",", -1);
            if (fields.length != columns) {
                throw new IllegalStateException("expected " + columns + " columns in " + resource + ": " + line);
            }
            for (int i = 0; i < fields.length; i++) {
                fields[i] = fields[i].trim();
            }
            parsed.add(row.apply(fields));
        }
        return List.copyOf(parsed);
    }
}
