package com.marketsync.schemas;

import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Apicurio's default datum provider, with its readers and writers looked up by {@link Schema} rather than by a
 * parsing fingerprint computed over the whole schema for every record (Apicurio 3.1's default: most of the CPU time
 * of decoding a snapshot). Schemas hash once and compare by identity first; the registry client hands out one parsed
 * schema per registry id and generated classes one per class, so each cache holds a few entries.
 */
public final class CachingAvroDatumProvider<T> extends DefaultAvroDatumProvider<T> {

    /** Far above the number of event schemas; reached only if schemas were parsed anew per record. */
    private static final int MAX_ENTRIES = 1_000;

    private final Map<Schema, DatumReader<T>> readers = new ConcurrentHashMap<>();
    private final Map<WriterKey, DatumWriter<T>> writers = new ConcurrentHashMap<>();

    public CachingAvroDatumProvider() {
        // Apicurio instantiates the configured provider reflectively, then configures it.
    }

    @Override
    public DatumReader<T> createDatumReader(Schema schema) {
        DatumReader<T> reader = readers.get(schema);
        if (reader == null) {
            bound(readers);
            reader = readers.computeIfAbsent(schema, super::createDatumReader);
        }
        return reader;
    }

    @Override
    public DatumWriter<T> createDatumWriter(T data, Schema schema) {
        WriterKey key = new WriterKey(schema, data instanceof SpecificRecord);
        DatumWriter<T> writer = writers.get(key);
        if (writer == null) {
            bound(writers);
            writer = writers.computeIfAbsent(key, k -> super.createDatumWriter(data, schema));
        }
        return writer;
    }

    private static void bound(Map<?, ?> cache) {
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
    }

    private record WriterKey(Schema schema, boolean specific) {}
}
