package com.marketsync.localstack;

import static org.awaitility.Awaitility.await;

import com.marketsync.events.Priority;
import com.marketsync.events.Provider;
import com.marketsync.events.SyncOutcome;
import com.marketsync.events.SyncRequest;
import com.marketsync.events.Tier;
import com.marketsync.schemas.EventSerde;
import com.marketsync.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Benchmarks of the fetchers' shared budget over the real stack (profile {@code bench}, not part of the test run):
 * StockX calls against the simulator with 1 and 3 fetcher replicas while work stays queued (largest 1 s and 60 s
 * windows vs the limit, 429s caused, utilisation), and the time from a manual request to its outcome behind a
 * 10,000-request backlog at 1 call/s. Prints one line per run for docs/BENCHMARKS.md.
 */
class FetcherBudgetBenchmark {

    private static final List<String> SKUS =
            List.of("DD1391-100", "CW1590-100", "DZ5485-612", "555088-134", "DH6927-111", "CT8527-100", "DZ5485-410");
    private final int minutes = Integer.getInteger("bench.minutes", 10);
    private final int limit = Integer.getInteger("bench.limit", 5);
    /** The budget's window margin ({@code market.fetcher.budget.margin}); the fetchers' default when not given. */
    private final String margin = System.getProperty("bench.margin", "");

    @Test
    void budgetWithOneReplica() throws Exception {
        budget(1);
    }

    @Test
    void budgetWithThreeReplicas() throws Exception {
        budget(3);
    }

    @Test
    void manualRequestBehindTenThousandQueuedAtOneCallPerSecond() throws Exception {
        try (LocalStack stack = start(1, 1)) {
            queue(stack, Topics.syncRequests(Provider.STOCKX), 10_000, Priority.BACKGROUND);
            awaitCalls(stack, 5);
            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                SyncRequest manual = request("DD1391-100", Priority.MANUAL);
                Instant sent = Instant.now();
                send(stack, Topics.syncRequestsPriority(Provider.STOCKX), List.of(manual));
                Instant answered = outcomeTime(stack, manual);
                latencies.add(Duration.between(sent, answered).toMillis());
            }
            System.out.printf(
                    "BENCH priority: manual request -> outcome behind 10,000 queued at 1 call/s: %s ms (max %d ms)%n",
                    latencies,
                    latencies.stream().mapToLong(Long::longValue).max().orElseThrow());
        }
    }

    private void budget(int replicas) throws Exception {
        try (LocalStack stack = start(replicas, limit)) {
            queue(stack, Topics.syncRequests(Provider.STOCKX), limit * 60 * minutes * 3 / 2, Priority.BACKGROUND);
            awaitCalls(stack, limit * 5);
            http(stack, "DELETE", "/sim/stats");
            Instant start = Instant.now();
            Instant end = start.plus(Duration.ofMinutes(minutes));
            while (Instant.now().isBefore(end)) {
                // The measurement window itself: sample the simulator's counters now and then.
                Thread.sleep(Math.min(
                        30_000, Math.max(1, Duration.between(Instant.now(), end).toMillis())));
                System.out.printf("BENCH progress %s: %s%n", Duration.between(start, Instant.now()), stockx(stack));
            }
            double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
            Map<String, Long> stats = stockx(stack);
            System.out.printf(
                    "BENCH budget: %d replica(s), limit %d/s, margin %s, %.0f s: calls %d, max in 1 s %d (limit %d), max in 60 s %d"
                            + " (limit %d), 429s %d, utilisation %.1f%%%n",
                    replicas,
                    limit,
                    margin.isBlank() ? "default" : margin,
                    seconds,
                    stats.get("calls"),
                    stats.get("maxCallsIn1s"),
                    limit,
                    stats.get("maxCallsIn60s"),
                    limit * 60,
                    stats.get("throttled"),
                    100.0 * stats.get("calls") / (limit * seconds));
        }
    }

    private LocalStack start(int replicas, int perSecond) throws Exception {
        List<String> settings = new ArrayList<>(List.of(
                "market.planner.scheduling=false",
                "market.providers.stockx.budget.per-second=" + perSecond,
                "market.providers.stockx.budget.per-day=0"));
        if (!margin.isBlank()) {
            settings.add("market.fetcher.budget.margin=" + margin);
        }
        return LocalStack.start(TestStacks.onFreePorts("fetcher-bench-", replicas, settings));
    }

    private static void awaitCalls(LocalStack stack, long calls) {
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> stockx(stack).get("calls") >= calls);
    }

    private static void queue(LocalStack stack, String topic, int count, Priority priority) {
        List<SyncRequest> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            requests.add(request(SKUS.get(i % SKUS.size()), priority));
        }
        send(stack, topic, requests);
    }

    private static SyncRequest request(String sku, Priority priority) {
        return SyncRequest.newBuilder()
                .setRequestId("bench-" + UUID.randomUUID())
                .setSku(sku)
                .setProvider(Provider.STOCKX)
                .setRegion("US")
                .setPriority(priority)
                .setTier(Tier.HOT)
                .setReason(priority == Priority.MANUAL ? "MANUAL" : "DUE")
                .setRequestedAt(Instant.now())
                .setRequestedBy("benchmark")
                .build();
    }

    private static void send(LocalStack stack, String topic, List<SyncRequest> requests) {
        Map<String, Object> config = new HashMap<>(EventSerde.properties(stack.registryUrl()));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerde.SERIALIZER);
        try (KafkaProducer<String, SyncRequest> producer = new KafkaProducer<>(config)) {
            requests.forEach(r -> producer.send(new ProducerRecord<>(topic, r.getSku(), r)));
            producer.flush();
        }
    }

    private static Instant outcomeTime(LocalStack stack, SyncRequest request) {
        Map<String, Object> config = new HashMap<>(EventSerde.properties(stack.registryUrl()));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, EventSerde.DESERIALIZER);
        try (KafkaConsumer<String, SyncOutcome> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(Topics.SYNC_OUTCOMES));
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (Instant.now().isBefore(deadline)) {
                for (var record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.value().getRequestId().equals(request.getRequestId())) {
                        // the broker's append time of the outcome
                        return Instant.ofEpochMilli(record.timestamp());
                    }
                }
            }
        }
        throw new IllegalStateException("no outcome for " + request.getRequestId());
    }

    private static Map<String, Long> stockx(LocalStack stack) throws Exception {
        String body = http(stack, "GET", "/sim/stats");
        Matcher section = Pattern.compile("\"STOCKX\":\\{([^{}]*)").matcher(body);
        if (!section.find()) {
            throw new IllegalStateException("unexpected /sim/stats: " + body);
        }
        Map<String, Long> values = new HashMap<>();
        Matcher field = Pattern.compile("\"(\\w+)\":(\\d+)").matcher(section.group(1));
        while (field.find()) {
            values.put(field.group(1), Long.parseLong(field.group(2)));
        }
        return values;
    }

    private static String http(LocalStack stack, String method, String path) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(
                            HttpRequest.newBuilder(URI.create(stack.simUrl() + path))
                                    .method(method, HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        }
    }
}
