package com.marketsync.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Our own product catalogue (the planner's demo catalogue), which every simulated provider is built to cover. */
public final class DemoCatalog {

    /** Where the planner keeps it, seen from this module. */
    public static final Path PATH = Path.of("..", "planner-service", "src", "main", "resources", "demo-catalog.csv");

    /** The deliberately mistyped sku that no provider knows. */
    public static final String TYPO_SKU = "DC7350-100";

    private DemoCatalog() {}

    /** Every sku of the demo catalogue, in file order. */
    public static List<String> skus() {
        try {
            return Files.readAllLines(PATH).stream()
                    .skip(1)
                    .filter(line -> !line.isBlank())
                    .map(line -> line.substring(0, line.indexOf(',')))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
