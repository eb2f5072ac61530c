package com.marketsync.schemas;

import java.time.Duration;
import java.util.Map;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Kafka serializer and deserializer settings for our Avro events: Apicurio Registry's serde in the
 * Confluent-compatible wire format (magic byte 0, 4-byte content id, Avro binary).
 */
public final class EventSerde {

    /** Java package of the generated event classes. */
    public static final String EVENTS_PACKAGE = "com.marketsync.events";

    public static final String SERIALIZER = "io.apicurio.registry.serde.avro.AvroKafkaSerializer";
    public static final String DESERIALIZER = "io.apicurio.registry.serde.avro.AvroKafkaDeserializer";

    private EventSerde() {}

    /**
     * Serde properties for a registry's core v3 API URL, e.g. {@code http://localhost:8081/apis/registry/v3}.
     * Every wire-format setting is explicit so a change of the library's defaults cannot alter the format.
     */
    public static Map<String, Object> properties(String registryUrl) {
        return properties(registryUrl, Duration.ofMillis(EventSchemaResolver.DEFAULT_REQUEST_TIMEOUT_MS));
    }

    /**
     * Serde properties as {@link #properties(String)}, with how long a registry request may go without an answer
     * before it fails ({@link EventSchemaResolver}).
     */
    public static Map<String, Object> properties(String registryUrl, Duration requestTimeout) {
        trustEventClasses();
        return Map.ofEntries(
                Map.entry("apicurio.registry.url", registryUrl),
                Map.entry("apicurio.registry.schema-resolver", EventSchemaResolver.class.getName()),
                Map.entry(EventSchemaResolver.REQUEST_TIMEOUT_MS, String.valueOf(requestTimeout.toMillis())),
                Map.entry("apicurio.registry.auto-register", "true"),
                Map.entry(
                        "apicurio.registry.artifact-resolver-strategy",
                        "io.apicurio.registry.serde.strategy.TopicIdStrategy"),
                Map.entry("apicurio.registry.id-handler", "io.apicurio.registry.serde.Default4ByteIdHandler"),
                Map.entry("apicurio.registry.use-id", "contentId"),
                Map.entry("apicurio.registry.headers.enabled", "false"),
                Map.entry("apicurio.registry.use-specific-avro-reader", "true"),
                Map.entry("apicurio.registry.avro-datum-provider", CachingAvroDatumProvider.class.getName()),
                // register each event schema self-contained (nested types inlined, no references), so any
                // Confluent-compatible reader gets the whole writer schema from /schemas/ids/{id}
                Map.entry("apicurio.registry.dereference-schema", "true"));
    }

    /**
     * Lets Avro instantiate the generated event classes when decoding (Avro 1.12 refuses classes outside trusted
     * packages). Idempotent.
     */
    public static synchronized void trustEventClasses() {
        ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
        if (current instanceof EventsTrusted) {
            return;
        }
        ClassSecurityValidator.setGlobal(new EventsTrusted(current));
    }

    /** Trusts the generated event package, and whatever the previous predicate trusted. */
    private record EventsTrusted(ClassSecurityPredicate previous) implements ClassSecurityPredicate {
        @Override
        public boolean isTrusted(Class<?> type) {
            return type.getName().startsWith(EVENTS_PACKAGE + ".") || previous.isTrusted(type);
        }
    }
}
