package com.marketsync.infra;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One of our Spring Boot services run as a child process from its executable jar. */
public final class SpringBootService {

    private SpringBootService() {}

    /**
     * {@code java -jar <jar> --server.port=<port> --<property>…}: ready and healthy while its actuator health says
     * UP (200; 503 while a dependency is DOWN).
     *
     * @param properties Spring properties, {@code key=value}
     */
    public static ChildSpec spec(String name, Path jar, int port, List<String> properties, Path logFile) {
        List<String> command = new ArrayList<>(List.of(
                JavaRuntime.javaExecutable(),
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1",
                // G1's pause goal, as in docker/service.Dockerfile: 20 ms instead of 200 (the writer's latency)
                "-XX:MaxGCPauseMillis=20",
                "-jar",
                jar.toAbsolutePath().toString(),
                "--server.port=" + port));
        properties.forEach(property -> command.add("--" + property));
        return ChildSpec.of(name, command, logFile)
                .withPort(port)
                .withHealth(HealthCheck.http(URI.create("http://127.0.0.1:" + port + "/actuator/health")))
                .withStartTimeout(Duration.ofMinutes(3))
                .withStop(ChildSpec.StopSignal.TERM, Duration.ofSeconds(20));
    }
}
