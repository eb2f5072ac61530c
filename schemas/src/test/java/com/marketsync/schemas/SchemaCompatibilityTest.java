package com.marketsync.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.events.LatestPrice;
import com.marketsync.events.OutcomeStatus;
import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.Provider;
import com.marketsync.events.RequestSuperseded;
import com.marketsync.events.SyncOutcome;
import com.marketsync.events.SyncRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The build's compatibility gate: every event schema must stay mutually readable with all its released versions. */
class SchemaCompatibilityTest {

    private final ReleasedSchemas released = new ReleasedSchemas(Path.of("released"));

    static List<Schema> currentSchemas() {
        return List.of(
                SyncRequest.getClassSchema(),
                PriceSnapshot.getClassSchema(),
                SyncOutcome.getClassSchema(),
                RequestSuperseded.getClassSchema(),
                LatestPrice.getClassSchema());
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
    void aReaderOfTheFirstSyncOutcomeReadsSupersededAsFailed() throws IOException {
        EventSerde.trustEventClasses();
        Instant at = Instant.parse("2025-06-01T10:00:00Z");
        SyncOutcome superseded = SyncOutcome.newBuilder()
                .setRequestId("REQ-1")
                .setSku("DD1391-100")
                .setProvider(Provider.STOCKX)
                .setRegion("US")
                .setStatus(OutcomeStatus.SUPERSEDED)
                .setSnapshotsPublished(0)
                .setAttempts(0)
                .setError("superseded by REQ-2")
                .setStartedAt(at)
                .setFinishedAt(at)
                .build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<SyncOutcome>(SyncOutcome.getClassSchema(), SpecificData.getForClass(SyncOutcome.class))
                .write(superseded, encoder);
        encoder.flush();

        Schema v1 = released.versions("SyncOutcome").getFirst();
        GenericRecord read = new GenericDatumReader<GenericRecord>(SyncOutcome.getClassSchema(), v1)
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

        assertThat(v1.getField("status").schema().getEnumSymbols()).doesNotContain("SUPERSEDED");
        assertThat(read.get("status")).hasToString("FAILED");
        assertThat(read.get("error")).hasToString("superseded by REQ-2");
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

        assertThat(released.problems(edited))
                .as("one problem per released version")
                .satisfiesExactly(problem -> assertThat(problem).contains("released v1"), problem -> assertThat(problem)
                        .contains("released v2"));
    }

    private static Schema copy(Schema schema, Predicate<Schema.Field> keep, Schema.Field... extra) {
        List<Schema.Field> fields = new ArrayList<>();
        schema.getFields().stream().filter(keep).forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.addAll(List.of(extra));
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }
}
