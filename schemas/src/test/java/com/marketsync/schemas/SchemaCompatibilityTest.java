package com.marketsync.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.SyncOutcome;
import com.marketsync.events.SyncRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The build's compatibility gate: every event schema must stay mutually readable with all its released versions. */
class SchemaCompatibilityTest {

    private final ReleasedSchemas released = new ReleasedSchemas(Path.of("released"));

    static List<Schema> currentSchemas() {
        return List.of(SyncRequest.getClassSchema(), PriceSnapshot.getClassSchema(), SyncOutcome.getClassSchema());
    }

    @ParameterizedTest
    @MethodSource("currentSchemas")
    void currentSchemaIsBackwardAndForwardCompatibleWithEveryReleasedVersion(Schema current) {
        assertThat(released.versions(current.getName()))
                .as("released versions of %s", current.getName())
                .isNotEmpty();
        assertThat(released.problems(current)).isEmpty();
    }

    @Test
    void everyTopicValueTypeHasItsSchemaChecked() {
        List<String> checked =
                currentSchemas().stream().map(Schema::getFullName).toList();
        assertThat(Topics.all()).extracting(spec -> spec.valueType().getName()).allSatisfy(type -> assertThat(checked)
                .contains(type));
    }

    @Test
    void rejectsRequiredFieldAddedWithoutDefault() {
        Schema edited = copy(
                PriceSnapshot.getClassSchema(),
                field -> true,
                new Schema.Field("marketplaceNote", Schema.create(Schema.Type.STRING)));

        assertThat(released.problems(edited))
                .singleElement()
                .asString()
                .contains("PriceSnapshot")
                .contains("released v1");
    }

    @Test
    void acceptsOptionalFieldAddedWithDefault() {
        Schema optionalString = Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
        Schema edited = copy(
                PriceSnapshot.getClassSchema(),
                field -> true,
                new Schema.Field("marketplaceNote", optionalString, null, Schema.Field.NULL_DEFAULT_VALUE));

        assertThat(released.problems(edited)).isEmpty();
    }

    @Test
    void rejectsRemovalOfFieldThatHasNoDefault() {
        Schema edited =
                copy(SyncOutcome.getClassSchema(), field -> !field.name().equals("attempts"));

        assertThat(released.problems(edited)).hasSize(1);
    }

    private static Schema copy(Schema schema, Predicate<Schema.Field> keep, Schema.Field... extra) {
        List<Schema.Field> fields = new ArrayList<>();
        schema.getFields().stream().filter(keep).forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.addAll(List.of(extra));
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }
}
