package com.marketsync.kafka;

import com.marketsync.providers.ProvidersProperties;
import com.marketsync.schemas.EventSerde;
import com.marketsync.schemas.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Kafka conventions every service shares: String keys, Avro values through the schema registry in the
 * Confluent wire format, idempotent producers, poison records to {@code <topic>-dlt}, and the topics themselves.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@EnableConfigurationProperties({
    RegistryProperties.class,
    TopicProperties.class,
    HistoryProperties.class,
    ProvidersProperties.class
})
public class KafkaSupportAutoConfiguration {

    @Bean
    DefaultKafkaProducerFactoryCustomizer avroProducers(RegistryProperties registry) {
        Map<String, Object> config = new HashMap<>(EventSerde.properties(registry.url(), registry.requestTimeout()));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerde.SERIALIZER);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return factory -> factory.updateConfigs(config);
    }

    @Bean
    DefaultKafkaConsumerFactoryCustomizer avroConsumers(RegistryProperties registry) {
        Map<String, Object> config = new HashMap<>(EventSerde.properties(registry.url(), registry.requestTimeout()));
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        // an undecodable value must reach the error handler (and the DLT), not kill the consumer
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
        config.put(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, EventDeserializer.class);
        return factory -> factory.updateConfigs(config);
    }

    /**
     * Poison records (undecodable, or rejected with {@link PoisonRecordException}) go to the dead-letter topic after
     * one attempt; anything else is treated as transient (database, broker or schema registry down) and retried with
     * back-off, never dead-lettered.
     */
    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    DefaultErrorHandler kafkaErrorHandler(ProducerFactory<Object, Object> producerFactory, TopicProperties topics) {
        Map<String, Object> rawConfig = new HashMap<>(producerFactory.getConfigurationProperties());
        rawConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
        templates.put(byte[].class, new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(rawConfig)));
        templates.put(Object.class, new KafkaTemplate<>(producerFactory));
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(
                templates, (record, e) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(topics.maxRetryInterval().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(PoisonRecordException.class);
        // A value that failed to decode is judged by its cause (EventDeserializer): PoisonRecordException if the
        // bytes are bad, RegistryUnavailableException (retried, and decoded again from the topic) if the registry is.
        handler.removeClassification(DeserializationException.class);
        return handler;
    }

    /** {@code kafka} and {@code registry} in the health endpoint, where the service has one. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class KafkaHealth {

        @Bean
        @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
        HealthIndicator kafkaHealthIndicator(KafkaAdmin admin) {
            return new KafkaHealthIndicator(admin.getConfigurationProperties());
        }

        @Bean
        @ConditionalOnMissingBean(name = "registryHealthIndicator")
        HealthIndicator registryHealthIndicator(RegistryProperties registry) {
            return new RegistryHealthIndicator(registry.url());
        }
    }

    @Bean
    KafkaAdmin.NewTopics marketTopics(TopicProperties properties, HistoryProperties history) {
        List<NewTopic> topics = new ArrayList<>();
        for (Topics.TopicSpec spec : Topics.all()) {
            TopicBuilder topic = TopicBuilder.name(spec.name())
                    .partitions(properties.partitions())
                    .replicas(properties.replicationFactor());
            if (spec.compacted()) {
                topic.compact();
            }
            if (spec.name().equals(Topics.PRICE_SNAPSHOTS)) {
                topic.config(
                        TopicConfig.RETENTION_MS_CONFIG,
                        String.valueOf(properties.snapshotRetention(history).toMillis()));
            }
            topics.add(topic.build());
            topics.add(TopicBuilder.name(Topics.deadLetter(spec.name()))
                    .partitions(properties.partitions())
                    .replicas(properties.replicationFactor())
                    .build());
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }
}
