package com.marketsync.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaValidationException;
import org.apache.avro.SchemaValidator;
import org.apache.avro.SchemaValidatorBuilder;

/**
 * The released versions of each event schema ({@code released/<Event>/v<N>.avsc}) and the rule a new schema must
 * meet: readable by and able to read every released version (backward and forward compatible).
 */
final class ReleasedSchemas {

    private static final SchemaValidator MUTUAL_READ =
            new SchemaValidatorBuilder().mutualReadStrategy().validateAll();

    private final Path root;

    ReleasedSchemas(Path root) {
        this.root = root;
    }

    /** Released versions of one event, oldest first. */
    List<Schema> versions(String eventName) {
        Path dir = root.resolve(eventName);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("v\\d+\\.avsc"))
                    .sorted(Comparator.comparingInt(ReleasedSchemas::versionNumber))
                    .map(ReleasedSchemas::parse)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Problems of {@code candidate} against every released version of its event; empty when compatible. */
    List<String> problems(Schema candidate) {
        List<String> problems = new ArrayList<>();
        List<Schema> released = versions(candidate.getName());
        for (int i = 0; i < released.size(); i++) {
            try {
                MUTUAL_READ.validate(candidate, List.of(released.get(i)));
            } catch (SchemaValidationException e) {
                problems.add(candidate.getName() + " is not backward and forward compatible with released v" + (i + 1)
                        + ": " + e.getMessage());
            }
        }
        return problems;
    }

    private static int versionNumber(Path file) {
        String name = file.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf('.')));
    }

    private static Schema parse(Path file) {
        try {
            return new Schema.Parser().parse(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
