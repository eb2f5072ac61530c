package com.marketsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class SharedInfraIT {

    @Test
    void eachNewDatabaseIsEmptyAndIsolated() throws SQLException {
        String first = TestInfra.newDatabase("isolation");
        String second = TestInfra.newDatabase("isolation");

        try (Connection connection = DriverManager.getConnection(first, "postgres", "postgres")) {
            connection.createStatement().execute("CREATE TABLE marker (id int)");
        }

        assertThat(first).isNotEqualTo(second);
        try (Connection connection = DriverManager.getConnection(second, "postgres", "postgres")) {
            assertThatThrownBy(() -> connection.createStatement().executeQuery("SELECT * FROM marker"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("marker");
            ResultSet version = connection.createStatement().executeQuery("SHOW server_version");
            version.next();
            assertThat(version.getString(1)).startsWith("17");
        }
    }

    @Test
    void kafkaBrokerDeliversWhatIsProduced() {
        String topic = "test-kit.roundtrip";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, "DD1391-100", "hello"));
        }

        List<String> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfra.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-kit",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plusSeconds(30);
            while (received.isEmpty() && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> received.add(r.key() + "=" + r.value()));
            }
        }

        assertThat(received).containsExactly("DD1391-100=hello");
    }
}
