package com.marketsync.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpringBootServiceTest {

    @Test
    void runsTheJarWithTheServicesGcPauseGoalAndItsProperties() {
        ChildSpec spec = SpringBootService.spec(
                "market-writer",
                Path.of("services/market-writer.jar"),
                18083,
                List.of("spring.kafka.bootstrap-servers=127.0.0.1:19092"),
                Path.of("logs/market-writer.log"));

        List<String> command = spec.command();
        int jar = command.indexOf("-jar");
        // JVM options come before -jar, or the JVM hands them to the application as arguments
        assertThat(command.subList(1, jar)).contains("-XX:MaxGCPauseMillis=20", "-Xmx384m");
        assertThat(command.subList(jar + 1, command.size()))
                .containsExactly(
                        Path.of("services/market-writer.jar").toAbsolutePath().toString(),
                        "--server.port=18083",
                        "--spring.kafka.bootstrap-servers=127.0.0.1:19092");
        assertThat(spec.port()).isEqualTo(18083);
    }
}
