package com.marketsync.planner.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marketsync.events.SyncRequest;
import com.marketsync.planner.PlannerApplication;
import com.marketsync.schemas.EventSerde;
import com.marketsync.schemas.Topics;
import com.marketsync.testkit.TestInfra;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Two planner instances ticking on their own over one database: ticks never overlap (ShedLock) and no key is ever
 * requested again while an earlier request for it still holds its lease. Leases are 2 s and nobody answers, so keys
 * are re-issued every few ticks and the instances keep competing for them.
 */
class TwoPlannersIT {

    private final List<ConfigurableApplicationContext> planners = new ArrayList<>();

    @AfterEach
    void stop() {
        planners.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void twoInstancesNeverRunTicksAtOnceNorEmitAKeyTwice() {
        String database = TestInfra.newDatabase("two_planners");
        String group = "two-planners-" + UUID.randomUUID();
        Instant began = Instant.now();
        for (int i = 0; i < 2; i++) {
            planners.add(start(database, group));
        }
        JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(database, "postgres", "postgres"));
        await().atMost(Duration.ofSeconds(90))
                .until(() ->
                        jdbc.sql("SELECT count(*) FROM planner.sync_runs WHERE finished_at IS NOT NULL AND emitted > 0")
                                        .query(Integer.class)
                                        .single()
                                >= 4);
        planners.forEach(ConfigurableApplicationContext::close);

        List<Run> runs = jdbc.sql("SELECT started_at, finished_at FROM planner.sync_runs WHERE finished_at IS NOT NULL"
                        + " ORDER BY started_at")
                .query((rs, row) -> new Run(
                        rs.getTimestamp("started_at").toInstant(),
                        rs.getTimestamp("finished_at").toInstant()))
                .list();
        for (int i = 1; i < runs.size(); i++) {
            assertThat(runs.get(i).startedAt())
                    .as("tick %d starts after tick %d ended", i, i - 1)
                    .isAfterOrEqualTo(runs.get(i - 1).finishedAt());
        }

        int emitted = jdbc.sql("SELECT coalesce(sum(emitted), 0) FROM planner.sync_runs WHERE started_at >= ?")
                .param(Timestamp.from(began))
                .query(Integer.class)
                .single();
        Map<String, List<SyncRequest>> byKey = receive(emitted).stream()
                .collect(Collectors.groupingBy(r -> r.getProvider() + "|" + r.getSku() + "|" + r.getRegion()));
        assertThat(byKey).isNotEmpty();
        byKey.forEach((key, requests) -> {
            List<SyncRequest> ordered = requests.stream()
                    .sorted(Comparator.comparing(SyncRequest::getRequestedAt))
                    .toList();
            for (int i = 1; i < ordered.size(); i++) {
                assertThat(ordered.get(i).getRequestedAt())
                        .as("%s requested again only after the earlier lease ended", key)
                        .isAfterOrEqualTo(ordered.get(i - 1).getNotAfter());
            }
        });
    }

    private record Run(Instant startedAt, Instant finishedAt) {}

    private static ConfigurableApplicationContext start(String database, String group) {
        Map<String, Object> properties = new HashMap<>(TestInfra.springProperties());
        properties.put("spring.datasource.url", database);
        properties.put("server.port", 0);
        properties.put("market.planner.scheduling", true);
        properties.put("market.planner.demo-catalog", true);
        properties.put("market.planner.tick-interval", "1s");
        properties.put("market.planner.lease", "2s");
        properties.put("market.planner.outcomes-group", group);
        for (String provider : List.of("stockx", "alias", "ebay")) {
            properties.put("market.providers." + provider + ".budget.per-second", 1000);
            properties.put("market.providers." + provider + ".budget.per-day", 0);
        }
        // as arguments, so they win over the application's own application.yml
        return new SpringApplicationBuilder(PlannerApplication.class)
                .run(properties.entrySet().stream()
                        .map(property -> "--" + property.getKey() + "=" + property.getValue())
                        .toArray(String[]::new));
    }

    private static List<SyncRequest> receive(int count) {
        Map<String, Object> config =
                new HashMap<>(EventSerde.properties(TestInfra.registry().coreApiUrl()));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "two-planners-it-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, EventSerde.DESERIALIZER);
        List<SyncRequest> received = new ArrayList<>();
        try (KafkaConsumer<String, SyncRequest> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(
                    List.of(Topics.SYNC_REQUESTS_STOCKX, Topics.SYNC_REQUESTS_ALIAS, Topics.SYNC_REQUESTS_EBAY));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value().getRequestedBy().startsWith("planner-tick-")) {
                        received.add(r.value());
                    }
                });
                return received.size() >= count;
            });
        }
        return received;
    }
}
