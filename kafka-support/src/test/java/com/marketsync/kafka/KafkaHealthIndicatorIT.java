package com.marketsync.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.testkit.TestInfra;
import java.net.ServerSocket;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/** The {@code kafka} health component follows the broker: UP while it answers, DOWN while nothing does. */
class KafkaHealthIndicatorIT {

    @Test
    void upWhileTheBrokerAnswers() throws Exception {
        KafkaHealthIndicator health = new KafkaHealthIndicator(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers()));
        try {
            var result = health.health();
            assertThat(result.getStatus()).isEqualTo(Status.UP);
            assertThat(result.getDetails()).containsEntry("brokers", 1);
        } finally {
            health.destroy();
        }
    }

    @Test
    void downWhenNoBrokerAnswers() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        KafkaHealthIndicator health =
                new KafkaHealthIndicator(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort));
        try {
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        } finally {
            health.destroy();
        }
    }
}
