package com.marketsync.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Asks the health endpoints of some components every half second (each its own sampler, so one slow answer does not
 * delay the others) and records what each answered and when: {@code UP} (200), {@code DOWN} (503, as Spring Boot's
 * actuator and Quarkus answer while a dependency is down), {@code HTTP <code>}, or {@code no answer}.
 */
final class HealthMonitor implements AutoCloseable {

    static final String UP = "UP";
    static final String DOWN = "DOWN";

    private static final Duration EVERY = Duration.ofMillis(500);
    /** How long one probe waits (Kubernetes waits 1 s by default; a service checks Kafka for up to 3 s). */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    /** What one probe saw: sent and answered when, and the answer. */
    record Sample(String component, Instant sent, Instant answered, String status) {}

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService samplers;
    private final Queue<Sample> samples = new ConcurrentLinkedQueue<>();

    private HealthMonitor(Map<String, URI> endpoints) {
        samplers = Executors.newScheduledThreadPool(endpoints.size());
        endpoints.forEach((component, url) -> samplers.scheduleWithFixedDelay(
                () -> sample(component, url), 0, EVERY.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Starts sampling each component's health endpoint. */
    static HealthMonitor start(Map<String, URI> endpoints) {
        return new HealthMonitor(endpoints);
    }

    private void sample(String component, URI url) {
        Instant sent = Instant.now();
        String status;
        try {
            int code = http.send(
                            HttpRequest.newBuilder(url).timeout(PROBE_TIMEOUT).build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            status = switch (code) {
                case 200 -> UP;
                case 503 -> DOWN;
                default -> "HTTP " + code;
            };
        } catch (IOException noAnswer) {
            status = "no answer";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        samples.add(new Sample(component, sent, Instant.now(), status));
    }

    /** What a component answered to probes sent at or after {@code from} and answered before {@code to}, in order. */
    List<String> statuses(String component, Instant from, Instant to) {
        return samples.stream()
                .filter(s -> s.component().equals(component))
                .filter(s -> !s.sent().isBefore(from) && s.answered().isBefore(to))
                .map(Sample::status)
                .toList();
    }

    /** When a probe sent at or after {@code after} first got {@code status} back. */
    Optional<Instant> first(String component, String status, Instant after) {
        return samples.stream()
                .filter(s -> s.component().equals(component) && s.status().equals(status))
                .filter(s -> !s.sent().isBefore(after))
                .map(Sample::answered)
                .findFirst();
    }

    /** Consecutive equal statuses collapsed, e.g. {@code [UP ×3, DOWN ×40, UP ×20]}. */
    static String summary(List<String> statuses) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < statuses.size(); ) {
            int j = i;
            while (j < statuses.size() && statuses.get(j).equals(statuses.get(i))) {
                j++;
            }
            out.append(out.length() > 1 ? ", " : "")
                    .append(statuses.get(i))
                    .append(" ×")
                    .append(j - i);
            i = j;
        }
        return out.append(']').toString();
    }

    @Override
    public void close() throws InterruptedException {
        samplers.shutdownNow();
        samplers.awaitTermination(15, TimeUnit.SECONDS);
        http.close();
    }
}
