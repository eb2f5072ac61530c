package com.marketsync.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.events.LatestPrice;
import com.marketsync.events.Provider;
import com.marketsync.events.RequestSuperseded;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class CachingAvroDatumProviderTest {

    private static final RequestSuperseded EVENT = RequestSuperseded.newBuilder()
            .setRequestId("r-1")
            .setSupersededBy("r-2")
            .setSku("DD1391-100")
            .setProvider(Provider.ALIAS)
            .setRegion("US")
            .setSupersededAt(Instant.parse("2026-11-30T08:00:00Z"))
            .build();

    @Test
    void everySerdeUsesIt() {
        assertThat(EventSerde.properties("http://registry/apis/registry/v3"))
                .containsEntry(AvroSerdeConfig.AVRO_DATUM_PROVIDER, CachingAvroDatumProvider.class.getName());
    }

    @Test
    void buildsOneReaderAndOneWriterPerSchema() {
        CachingAvroDatumProvider<RequestSuperseded> provider = specificProvider();
        Schema schema = RequestSuperseded.getClassSchema();

        assertThat(provider.createDatumReader(schema)).isSameAs(provider.createDatumReader(schema));
        assertThat(provider.createDatumWriter(EVENT, schema)).isSameAs(provider.createDatumWriter(EVENT, schema));
        Schema another = LatestPrice.getClassSchema();
        assertThat(provider.createDatumReader(another)).isNotSameAs(provider.createDatumReader(schema));
    }

    @Test
    void decodesWhatItEncodesIntoTheGeneratedClass() throws IOException {
        CachingAvroDatumProvider<RequestSuperseded> provider = specificProvider();
        Schema schema = RequestSuperseded.getClassSchema();

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        DatumWriter<RequestSuperseded> writer = provider.createDatumWriter(EVENT, schema);
        writer.write(EVENT, encoder);
        encoder.flush();
        Object decoded = provider.createDatumReader(schema)
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

        assertThat(decoded).isInstanceOf(RequestSuperseded.class).isEqualTo(EVENT);
    }

    private static CachingAvroDatumProvider<RequestSuperseded> specificProvider() {
        EventSerde.trustEventClasses();
        CachingAvroDatumProvider<RequestSuperseded> provider = new CachingAvroDatumProvider<>();
        provider.configure(new AvroSerdeConfig(Map.of(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, "true")));
        return provider;
    }
}
