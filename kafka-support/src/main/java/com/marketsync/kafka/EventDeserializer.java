package com.marketsync.kafka;

import com.marketsync.schemas.RegistryUnavailableException;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * The value deserializer under every listener's {@code ErrorHandlingDeserializer}: the registry's Avro deserializer,
 * with its failures sorted for the error handler. A registry that cannot be reached stays a
 * {@link RegistryUnavailableException}, retried with back-off like a database outage; anything else means the bytes
 * cannot be decoded, a {@link PoisonRecordException} that is dead-lettered after one attempt.
 */
public class EventDeserializer implements Deserializer<Object> {

    private static final LogAccessor LOG = new LogAccessor(EventDeserializer.class);

    private final AvroKafkaDeserializer<Object> avro = new AvroKafkaDeserializer<>();

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        avro.configure(configs, isKey);
    }

    @Override
    public Object deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public Object deserialize(String topic, Headers headers, byte[] data) {
        try {
            return avro.deserialize(topic, headers, data);
        } catch (RuntimeException e) {
            if (RegistryUnavailableException.isCauseOf(e)) {
                throw new RegistryUnavailableException(e.getMessage());
            }
            throw new PoisonRecordException("undecodable " + topic + " value: " + e);
        }
    }

    @Override
    public void close() {
        avro.close();
    }

    /**
     * If a record's value could not be decoded only because the registry was unavailable (an
     * {@code ErrorHandlingDeserializer} left it null with the failure in a header), the failure to throw: the record
     * is fine and must be read again later, never skipped or dead-lettered.
     */
    public static Optional<RegistryUnavailableException> registryUnavailable(ConsumerRecord<?, ?> record) {
        DeserializationException failure = SerializationUtils.getExceptionFromHeader(
                record, SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
        if (failure == null || !RegistryUnavailableException.isCauseOf(failure)) {
            return Optional.empty();
        }
        return Optional.of(new RegistryUnavailableException("schema registry unavailable, reading " + record.topic()
                + "-" + record.partition() + "@" + record.offset() + " again later"));
    }
}
