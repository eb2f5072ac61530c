package com.marketsync.planner.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marketsync.events.Priority;
import com.marketsync.events.SyncRequest;
import com.marketsync.events.Tier;
import com.marketsync.schemas.EventSerde;
import com.marketsync.schemas.Topics;
import com.marketsync.testkit.TestInfra;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Planning ticks against the demo catalog, a real PostgreSQL and a real broker. */
@SpringBootTest(properties = {"market.planner.scheduling=false", "market.planner.demo-catalog=true"})
class DuePlannerIT {

    private static final Instant START = Instant.parse("2026-11-02T10:00:00Z");
    private static final AtomicReference<Instant> NOW = new AtomicReference<>(START);

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfra.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        String url = TestInfra.newDatabase("planner");
        registry.add("spring.datasource.url", () -> url);
    }

    @TestConfiguration
    static class MovableClock {
        @Bean
        @Primary
        Clock movableClock() {
            return new Clock() {
                @Override
                public ZoneOffset getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return NOW.get();
                }
            };
        }
    }

    @Autowired
    DuePlanner planner;

    @Autowired
    JdbcClient jdbc;

    private KafkaConsumer<String, SyncRequest> consumer;

    @BeforeEach
    void subscribe() {
        Map<String, Object> config =
                new HashMap<>(EventSerde.properties(TestInfra.registry().coreApiUrl()));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "planner-it-" + UUID.randomUUID());
        // this class is the only producer of requests on its broker, so reading from the start sees only its ticks
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, EventSerde.DESERIALIZER);
        consumer = new KafkaConsumer<>(config);
        consumer.subscribe(List.of(Topics.SYNC_REQUESTS_STOCKX, Topics.SYNC_REQUESTS_ALIAS, Topics.SYNC_REQUESTS_EBAY));
    }

    @AfterEach
    void close() {
        consumer.close();
    }

    @Test
    void firstTickRequestsEveryProductInEveryRegionThenOnlyWhatFallsDue() {
        int products = jdbc.sql("SELECT count(*) FROM products WHERE tier <> 'FROZEN'")
                .query(Integer.class)
                .single();
        assertThat(products).isGreaterThanOrEqualTo(100);

        int emitted = planner.tick();

        // default regions: StockX US (one account); Alias US, EU, GB; eBay US, GB, DE
        assertThat(emitted).isEqualTo(products * 7);
        List<SyncRequest> requests = receive(emitted);
        assertThat(requests)
                .extracting(r -> r.getProvider() + "/" + r.getSku() + "/" + r.getRegion())
                .doesNotHaveDuplicates()
                .contains("STOCKX/DD1391-100/US", "ALIAS/DD1391-100/EU", "ALIAS/DD1391-100/GB", "EBAY/DD1391-100/DE")
                .doesNotContain("STOCKX/DD1391-100/GB");
        assertThat(requests).allSatisfy(r -> assertThat(r.getCurrency()).isNull());
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.getPriority()).isEqualTo(r.getTier() == Tier.HOT ? Priority.HOT : Priority.BACKGROUND);
            assertThat(r.getNotAfter()).isAfter(r.getRequestedAt());
        });
        assertThat(lastRunEmitted()).isEqualTo(emitted);

        assertThat(planner.tick()).as("nothing is due right after").isZero();

        NOW.set(START.plus(Duration.ofMinutes(61)));
        int hot = jdbc.sql("SELECT count(*) FROM products WHERE tier = 'HOT'")
                .query(Integer.class)
                .single();
        int hourLater = planner.tick();
        assertThat(hourLater).isEqualTo(hot * 7);
        assertThat(receive(hourLater)).allSatisfy(r -> assertThat(r.getTier()).isEqualTo(Tier.HOT));
        assertThat(lastRunEmitted()).isEqualTo(hourLater);
    }

    private int lastRunEmitted() {
        return jdbc.sql("SELECT emitted FROM sync_runs WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1")
                .query(Integer.class)
                .single();
    }

    private List<SyncRequest> receive(int count) {
        List<SyncRequest> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> received.add(r.value()));
            return received.size() >= count;
        });
        assertThat(consumer.poll(Duration.ofMillis(500)))
                .as("no more than %d requests", count)
                .isEmpty();
        return received;
    }
}
