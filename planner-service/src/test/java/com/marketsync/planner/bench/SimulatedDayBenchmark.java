package com.marketsync.planner.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.events.OutcomeStatus;
import com.marketsync.events.Provider;
import com.marketsync.events.SyncOutcome;
import com.marketsync.events.SyncRequest;
import com.marketsync.events.Tier;
import com.marketsync.planner.PlannerProperties;
import com.marketsync.planner.schedule.DuePlanner;
import com.marketsync.planner.schedule.OutcomeApplier;
import com.marketsync.planner.schedule.ScheduleRows;
import com.marketsync.planner.schedule.TickReport;
import com.marketsync.providers.ProvidersProperties;
import com.marketsync.providers.ProvidersProperties.ProviderSettings;
import com.marketsync.schemas.EventSerde;
import com.marketsync.schemas.Topics;
import com.marketsync.testkit.MovableClock;
import com.marketsync.testkit.TestInfra;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Simulated days of one provider's schedule on an injected clock: 10,000 new products (10 % HOT, 30 % WARM, 60 %
 * COLD) × Alias's three regions, a tick every tick interval, and a simulated fetcher that drains the emitted requests
 * (read from the request topic) as fast as a sliding-log budget like the fetchers' allows and answers each with
 * SUCCEEDED through {@link OutcomeApplier#apply} at its call time. The budget serves HOT and WARM but not all of COLD.
 * Prints, per simulated day, the share of key-minutes within each tier's freshness target, the budget used, and the
 * most calls in any 1 s / 1 h / 24 h window against the limits. Profile {@code bench} only
 * ({@code -Dbench.days=2}); asserts only that the simulated fetcher never exceeded a limit and no outcome was stale.
 */
@SpringBootTest(
        properties = {
            "market.planner.scheduling=false",
            "market.planner.demo-catalog=false",
            // everything else as deployed: tick 30 s, lease 10 m, buffer 0.1, refresh-ahead 0.1, targets 1 h/6 h/24 h
            "market.providers.alias.regions=US,EU,GB",
            // background lane: 2/s, 6,500 - 20 % = 5,200/h, 200,000 - 20 % = 160,000/day; the hour binds
            "market.providers.alias.budget.per-second=2",
            "market.providers.alias.budget.per-hour=6500",
            "market.providers.alias.budget.per-day=200000",
        })
@DirtiesContext
class SimulatedDayBenchmark {

    private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
    private static final MovableClock CLOCK = new MovableClock(START);
    private static final int PRODUCTS = 10_000;
    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration SAMPLE_EVERY = Duration.ofMinutes(1);
    private static final List<Tier> TIERS = List.of(Tier.HOT, Tier.WARM, Tier.COLD);

    private final int days = Integer.getInteger("bench.days", 2);
    private final String prefix =
            "SIM" + UUID.randomUUID().toString().substring(0, 4).toUpperCase() + "-";

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfra.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        String url = TestInfra.newDatabase("planner_simulated_day");
        registry.add("spring.datasource.url", () -> url);
    }

    @TestConfiguration
    static class SimulatedClock {
        @Bean
        @Primary
        Clock simulatedClock() {
            return CLOCK;
        }
    }

    @Autowired
    DuePlanner planner;

    @Autowired
    OutcomeApplier outcomes;

    @Autowired
    ScheduleRows rows;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    PlannerProperties planning;

    @Autowired
    ProvidersProperties providers;

    private KafkaConsumer<String, SyncRequest> requests;

    @BeforeEach
    void subscribe() {
        CLOCK.set(START);
        Map<String, Object> config =
                new HashMap<>(EventSerde.properties(TestInfra.registry().coreApiUrl()));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "simulated-fetcher-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, EventSerde.DESERIALIZER);
        requests = new KafkaConsumer<>(config);
        requests.subscribe(List.of(Topics.syncRequests(Provider.ALIAS)));
    }

    @AfterEach
    void close() {
        requests.close();
    }

    @Test
    void freshnessPerTierAndBudgetUseOverSimulatedDays() {
        ProviderSettings alias = providers.of(Provider.ALIAS);
        ProvidersProperties.Limits limits = alias.limits();
        // the background lane's share of each window, as the fetchers' budget computes it
        SlidingLog budget = new SlidingLog(new long[] {1_000, 3_600_000, DAY.toMillis()}, new int[] {
            limits.perSecond(), background(limits.perHour(), alias), background(limits.perDay(), alias)
        });
        long allowedPerDay = Math.min(
                (long) limits.perSecond() * 86_400,
                Math.min(24L * background(limits.perHour(), alias), background(limits.perDay(), alias)));
        Map<Tier, Integer> keys = addProducts(alias.regions().size());
        printSetup(alias, keys, allowedPerDay);

        Instant end = START.plus(DAY.multipliedBy(days));
        Day[] byDay = new Day[days];
        for (int d = 0; d < days; d++) {
            byDay[d] = new Day();
        }
        ArrayDeque<SyncRequest> queue = new ArrayDeque<>();
        Instant clock = START;
        Instant nextTick = START;
        Instant nextSample = START.plus(SAMPLE_EVERY);
        int ticks = 0;
        int capacity = 0;
        int emitted = 0;
        int expired = 0;
        int stale = 0;
        long started = System.nanoTime();
        while (!nextSample.isAfter(end)) {
            Instant callAt = queue.isEmpty() ? null : Instant.ofEpochMilli(budget.earliest(clock.toEpochMilli()));
            if (!nextTick.isAfter(nextSample) && (callAt == null || !nextTick.isAfter(callAt))) {
                clock = nextTick;
                CLOCK.set(clock);
                TickReport report = planner.tick();
                capacity = report.providers().get(Provider.ALIAS).capacity();
                queue.addAll(receive(report.emitted()));
                emitted += report.emitted();
                ticks++;
                nextTick = nextTick.plus(planning.tickInterval());
            } else if (callAt != null && !callAt.isAfter(nextSample)) {
                clock = callAt;
                SyncRequest request = queue.poll();
                if (request.getNotAfter() != null && request.getNotAfter().isBefore(callAt)) {
                    // a fetcher refuses a request whose lease has run out, without spending a call
                    expired++;
                    continue;
                }
                budget.take(callAt.toEpochMilli());
                CLOCK.set(callAt);
                if (!outcomes.apply(succeeded(request, callAt))) {
                    stale++;
                }
                byDay[dayOf(callAt)].calls.merge(request.getTier(), 1, Integer::sum);
            } else {
                clock = nextSample;
                CLOCK.set(clock);
                sample(clock, byDay[dayOf(clock.minusMillis(1))]);
                if (Duration.between(START, clock).toMinutes() % 180 == 0) {
                    System.out.printf(
                            "BENCH day progress: simulated %s after %.0f s wall, %,d calls%n",
                            Duration.between(START, clock), (System.nanoTime() - started) / 1e9, budget.size);
                }
                nextSample = nextSample.plus(SAMPLE_EVERY);
            }
        }
        double wallSeconds = (System.nanoTime() - started) / 1e9;

        for (int d = 0; d < days; d++) {
            printDay(d, byDay[d], keys, allowedPerDay);
        }
        int[] limitsPerWindow = {limits.perSecond(), limits.perHour(), limits.perDay()};
        String[] windowNames = {"1 s", "1 h", "24 h"};
        long[] windowLengths = {1_000, 3_600_000, DAY.toMillis()};
        List<String> windows = new ArrayList<>();
        int[] maxima = new int[3];
        for (int w = 0; w < 3; w++) {
            maxima[w] = budget.maxIn(windowLengths[w]);
            windows.add(String.format(
                    "%s: max %,d (background %,d, provider limit %,d)",
                    windowNames[w], maxima[w], budget.allowed[w], limitsPerWindow[w]));
        }
        System.out.printf(
                "BENCH day: %d simulated days in %.0f s wall; %,d ticks (capacity %d requests per tick), %,d requests"
                        + " emitted, %,d calls, %d refused as expired, %d stale outcomes, %,d still queued%n",
                days, wallSeconds, ticks, capacity, emitted, budget.size, expired, stale, queue.size());
        System.out.printf("BENCH day: calls in any window over the whole run: %s%n", String.join("; ", windows));

        for (int w = 0; w < 3; w++) {
            assertThat(maxima[w]).as("calls in any %s window", windowNames[w]).isLessThanOrEqualTo(budget.allowed[w]);
        }
        assertThat(stale)
                .as("outcomes of requests that no longer held their key")
                .isZero();
        assertThat(emitted)
                .as("every emitted request was called, refused as expired or is still queued")
                .isEqualTo(budget.size + expired + queue.size());
    }

    /** The share of a limit left to the background lane (CallBudget keeps the priority share of hour and day). */
    private static int background(Integer limit, ProviderSettings settings) {
        return limit - (int) Math.floor(limit * settings.priorityShare());
    }

    /** Adds 10,000 new products (10 % HOT, 30 % WARM, 60 % COLD), scheduled for Alias only, due now. */
    private Map<Tier, Integer> addProducts(int regions) {
        Map<String, Tier> tiers = new LinkedHashMap<>();
        for (int i = 1; i <= PRODUCTS; i++) {
            tiers.put(prefix + i, i % 10 == 0 ? Tier.HOT : i % 10 <= 3 ? Tier.WARM : Tier.COLD);
        }
        jdbc.sql("""
                        INSERT INTO products (sku, name, brand, tier)
                        SELECT sku, 'Simulated sneaker ' || sku, 'Nike', tier
                        FROM unnest(?::text[], ?::text[]) AS t(sku, tier)
                        """)
                .params(
                        tiers.keySet().toArray(String[]::new),
                        tiers.values().stream().map(Tier::name).toArray(String[]::new))
                .update();
        transactions.executeWithoutResult(status -> rows.addProducts(tiers));
        jdbc.sql("UPDATE sync_state SET scheduled = false WHERE provider <> 'ALIAS'")
                .update();
        Map<Tier, Integer> keys = new LinkedHashMap<>();
        for (Tier tier : TIERS) {
            keys.put(tier, (int) tiers.values().stream().filter(tier::equals).count() * regions);
        }
        return keys;
    }

    /** Adds one sample (the state at {@code at}) of every key's age against its tier's target. */
    private void sample(Instant at, Day day) {
        jdbc.sql("""
                        SELECT s.tier_rank, count(*) AS keys,
                               count(*) FILTER (WHERE s.last_success_at >= c.cut) AS fresh,
                               count(*) FILTER (WHERE s.last_success_at IS NULL) AS never,
                               min(s.last_success_at) AS oldest
                        FROM sync_state s
                        JOIN (VALUES (0, ?::timestamptz), (1, ?::timestamptz), (2, ?::timestamptz)) AS c(rank, cut)
                          ON c.rank = s.tier_rank
                        WHERE s.provider = 'ALIAS'
                        GROUP BY s.tier_rank
                        """)
                .params(
                        Timestamp.from(at.minus(planning.freshnessOf(Tier.HOT))),
                        Timestamp.from(at.minus(planning.freshnessOf(Tier.WARM))),
                        Timestamp.from(at.minus(planning.freshnessOf(Tier.COLD))))
                .query((rs, row) -> {
                    Tier tier = TIERS.get(rs.getInt("tier_rank"));
                    day.keyMinutes.merge(tier, rs.getLong("keys"), Long::sum);
                    day.freshKeyMinutes.merge(tier, rs.getLong("fresh"), Long::sum);
                    if (rs.getLong("never") > 0) {
                        day.samplesWithNeverSynced.merge(tier, 1, Integer::sum);
                    }
                    Timestamp oldest = rs.getTimestamp("oldest");
                    if (oldest != null) {
                        day.maxAge.merge(
                                tier, Duration.between(oldest.toInstant(), at), (a, b) -> a.compareTo(b) >= 0 ? a : b);
                    }
                    return tier;
                })
                .list();
    }

    /** Exactly {@code count} new requests of this run's products from the Alias request topic. */
    private List<SyncRequest> receive(int count) {
        List<SyncRequest> received = new ArrayList<>(count);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (received.size() < count) {
            assertThat(System.nanoTime())
                    .as("%d requests on the topic in time", count)
                    .isLessThan(deadline);
            requests.poll(Duration.ofMillis(100)).forEach(r -> {
                if (r.value().getSku().startsWith(prefix)) {
                    received.add(r.value());
                }
            });
        }
        assertThat(received).as("requests of one tick").hasSize(count);
        return received;
    }

    private static SyncOutcome succeeded(SyncRequest request, Instant calledAt) {
        return SyncOutcome.newBuilder()
                .setRequestId(request.getRequestId())
                .setSku(request.getSku())
                .setProvider(request.getProvider())
                .setRegion(request.getRegion())
                .setStatus(OutcomeStatus.SUCCEEDED)
                .setSnapshotsPublished(1)
                .setAttempts(1)
                .setStartedAt(calledAt)
                .setFinishedAt(calledAt)
                .build();
    }

    /** The simulated day {@code at} falls in; a call at the very end of the run counts to the last day. */
    private int dayOf(Instant at) {
        return (int) Math.min(days - 1, Duration.between(START, at).toMillis() / DAY.toMillis());
    }

    private void printSetup(ProviderSettings alias, Map<Tier, Integer> keys, long allowedPerDay) {
        List<String> demand = new ArrayList<>();
        double all = 0;
        for (Tier tier : TIERS) {
            double perHour =
                    keys.get(tier) * 3600.0 / planning.refreshAfter(tier).toSeconds();
            all += perHour;
            demand.add(String.format(
                    "%s %,d keys, target %s, due again %s after a success -> %,.0f calls/h",
                    tier, keys.get(tier), planning.freshnessOf(tier), planning.refreshAfter(tier), perHour));
        }
        ProvidersProperties.Limits limits = alias.limits();
        System.out.printf(
                "BENCH day: Alias, %,d products x %s = %,d keys; %s; all tiers %,.0f calls/h%n",
                PRODUCTS,
                alias.regions(),
                keys.values().stream().mapToInt(Integer::intValue).sum(),
                String.join("; ", demand),
                all);
        System.out.printf(
                "BENCH day: budget %d/s, %,d/h, %,d/day, priority share %.0f %% -> background lane %d/s, %,d/h,"
                        + " %,d/day: %,d calls per simulated day (%.0f/h); tick every %s, buffer %.0f %%, lease %s%n",
                limits.perSecond(),
                limits.perHour(),
                limits.perDay(),
                alias.priorityShare() * 100,
                limits.perSecond(),
                background(limits.perHour(), alias),
                background(limits.perDay(), alias),
                allowedPerDay,
                allowedPerDay / 24.0,
                planning.tickInterval(),
                planning.buffer() * 100,
                planning.lease());
    }

    private static void printDay(int d, Day day, Map<Tier, Integer> keys, long allowedPerDay) {
        int calls = day.calls.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf(
                "BENCH day %d (%s): calls %,d of %,d allowed to the background lane = %.1f %% (HOT %,d, WARM %,d,"
                        + " COLD %,d)%n",
                d + 1,
                d == 0 ? "starts with every product new and due" : "steady state",
                calls,
                allowedPerDay,
                100.0 * calls / allowedPerDay,
                day.calls.getOrDefault(Tier.HOT, 0),
                day.calls.getOrDefault(Tier.WARM, 0),
                day.calls.getOrDefault(Tier.COLD, 0));
        for (Tier tier : TIERS) {
            long total = day.keyMinutes.getOrDefault(tier, 0L);
            long fresh = day.freshKeyMinutes.getOrDefault(tier, 0L);
            System.out.printf(
                    "BENCH day %d   %-4s %,6d keys: %.2f %% of key-minutes within target; oldest success seen %s;"
                            + " never-synced keys present in %d of the samples%n",
                    d + 1,
                    tier,
                    keys.get(tier),
                    total == 0 ? 0.0 : 100.0 * fresh / total,
                    day.maxAge.get(tier) == null ? "-" : day.maxAge.get(tier),
                    day.samplesWithNeverSynced.getOrDefault(tier, 0));
        }
    }

    /** What one simulated day saw. */
    private static final class Day {
        final Map<Tier, Integer> calls = new HashMap<>();
        final Map<Tier, Long> keyMinutes = new HashMap<>();
        final Map<Tier, Long> freshKeyMinutes = new HashMap<>();
        final Map<Tier, Duration> maxAge = new HashMap<>();
        final Map<Tier, Integer> samplesWithNeverSynced = new HashMap<>();
    }

    /**
     * The simulated fetcher's budget, by the fetchers' rule: a call is granted at {@code t} only if fewer calls than
     * a window's limit were granted in (t - length, t], for every window. Keeps every call time (milliseconds).
     */
    private static final class SlidingLog {
        private final long[] lengths;
        private final int[] allowed;
        private long[] times = new long[1 << 16];
        private int size;

        SlidingLog(long[] lengths, int[] allowed) {
            this.lengths = lengths;
            this.allowed = allowed;
        }

        /** The earliest time at or after {@code from} a call may be made. */
        long earliest(long from) {
            long t = from;
            while (true) {
                long free = t;
                for (int w = 0; w < lengths.length; w++) {
                    if (size - firstAfter(t - lengths[w]) >= allowed[w]) {
                        free = Math.max(free, times[size - allowed[w]] + lengths[w]);
                    }
                }
                if (free == t) {
                    return t;
                }
                t = free;
            }
        }

        /** Index of the first call after {@code at}. */
        private int firstAfter(long at) {
            int low = 0;
            int high = size;
            while (low < high) {
                int middle = (low + high) >>> 1;
                if (times[middle] <= at) {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            return low;
        }

        void take(long at) {
            if (size == times.length) {
                times = Arrays.copyOf(times, size * 2);
            }
            times[size++] = at;
        }

        /** The most calls within any span shorter than {@code length}. */
        int maxIn(long length) {
            int most = 0;
            int first = 0;
            for (int last = 0; last < size; last++) {
                while (times[last] - times[first] >= length) {
                    first++;
                }
                most = Math.max(most, last - first + 1);
            }
            return most;
        }
    }
}
