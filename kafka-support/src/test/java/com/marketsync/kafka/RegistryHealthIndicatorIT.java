package com.marketsync.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.infra.ApicurioRegistry;
import com.marketsync.testkit.TcpProxy;
import com.marketsync.testkit.TestInfra;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The {@code registry} health component follows the schema registry: UP while it answers, DOWN while it does not. */
class RegistryHealthIndicatorIT {

    @Test
    void upWhileTheRegistryAnswers() {
        Health health = new RegistryHealthIndicator(TestInfra.registry().coreApiUrl()).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("status", 200);
    }

    @Test
    void downWithinTheTimeoutWhileTheRegistryDoesNotAnswerAndUpOnceItDoes() {
        try (TcpProxy registry = new TcpProxy("localhost", TestInfra.registry().port(), false)) {
            RegistryHealthIndicator indicator =
                    new RegistryHealthIndicator(ApicurioRegistry.coreApiUrl(registry.port()));

            Instant asked = Instant.now();
            Health health = indicator.health();

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(Duration.between(asked, Instant.now()))
                    .isLessThan(RegistryHealthIndicator.TIMEOUT.multipliedBy(2));
            assertThat(registry.blackHoledConnections()).isPositive();

            registry.open();
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        }
    }

    @Test
    void downWhenSomethingElseAnswersAtTheUrl() {
        Health health = new RegistryHealthIndicator(TestInfra.registry().coreApiUrl() + "/no-such-api").health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("status", 404);
    }
}
