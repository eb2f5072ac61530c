package com.marketsync.kafka;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@code registry} in {@code /actuator/health}: UP while the schema registry answers its system information within
 * the timeout, DOWN while it does not. Records that need a schema the service has not cached wait for the registry
 * and are retried meanwhile (ADR 0014), so this is where an outage shows.
 */
final class RegistryHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

    static final Duration TIMEOUT = KafkaHealthIndicator.TIMEOUT;

    private final HttpClient http;
    private final URI systemInfo;

    /** @param coreApiUrl the registry's core v3 API, as {@code market.registry.url} */
    RegistryHealthIndicator(String coreApiUrl) {
        super("Schema registry health check failed");
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        this.systemInfo = URI.create(coreApiUrl.replaceAll("/+$", "") + "/system/info");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        HttpResponse<Void> response = http.send(
                HttpRequest.newBuilder(systemInfo).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        builder.withDetail("url", systemInfo.toString()).withDetail("status", response.statusCode());
        if (response.statusCode() == 200) {
            builder.up();
        } else {
            builder.down();
        }
    }

    @Override
    public void destroy() {
        http.shutdownNow();
    }
}
