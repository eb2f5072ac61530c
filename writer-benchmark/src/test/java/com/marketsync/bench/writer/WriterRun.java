package com.marketsync.bench.writer;

import static org.awaitility.Awaitility.await;

import com.marketsync.schemas.Topics;
import com.marketsync.testkit.TestInfra;
import com.marketsync.writer.MarketWriterApplication;
import com.marketsync.writer.ingest.SnapshotBatchWriter;
import com.marketsync.writer.replay.SnapshotReplay;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * One market-writer running in this JVM against the shared broker and registry and a database of its own, configured
 * the way it is deployed except for the command-line arguments given here (which win over its application.yml). Its
 * consumer group is always {@code market-writer}, so only one runs at a time.
 */
final class WriterRun implements AutoCloseable {

    /** The id of the writer's snapshot listener (PriceSnapshotListener). */
    private static final String LISTENER_ID = "market-writer";

    /** The writer's consumer group, {@code spring.kafka.consumer.group-id} in its application.yml. */
    private static final String GROUP = "market-writer";

    private final ConfigurableApplicationContext context;
    private final Admin admin;
    /** The change event topic's end offsets before this writer started. */
    private final long changeEventsBefore;

    private WriterRun(ConfigurableApplicationContext context, long changeEventsBefore) {
        this.context = context;
        this.admin = admin();
        this.changeEventsBefore = changeEventsBefore;
    }

    /**
     * Starts the writer; it consumes the snapshot topic from its group's committed offsets, or from the beginning
     * after {@link #forgetOffsets()}.
     */
    static WriterRun start(String databaseUrl, int maxPollRecords) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + databaseUrl,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                "--server.port=0",
                "--spring.kafka.consumer.auto-offset-reset=earliest",
                "--spring.kafka.consumer.max-poll-records=" + maxPollRecords,
                "--spring.main.banner-mode=off",
                "--logging.level.com.marketsync=WARN"));
        TestInfra.springProperties().forEach((name, value) -> args.add("--" + name + "=" + value));
        long changeEventsBefore;
        try (Admin admin = admin()) {
            changeEventsBefore = endOffsets(admin, Topics.LATEST_PRICES);
        }
        return new WriterRun(
                new SpringApplicationBuilder(MarketWriterApplication.class).run(args.toArray(String[]::new)),
                changeEventsBefore);
    }

    /**
     * Starts the writer caught up (its group's offsets moved to the end of the snapshot topic first), waits until the JIT
     * has compiled what starting it called for ({@link CpuMeter#awaitJitSettled()}), then stops its listener, forgets
     * the group's offsets and starts the listener again: the writer then consumes the topic from the beginning, as a
     * writer that has been running for a while would, rather than beside the compilation of its own start.
     */
    static WriterRun startSettled(String databaseUrl, int maxPollRecords) throws InterruptedException {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> end = new HashMap<>();
            latestOffsets(admin, Topics.PRICE_SNAPSHOTS).forEach((p, o) -> end.put(p, new OffsetAndMetadata(o)));
            get(admin.alterConsumerGroupOffsets(GROUP, end).all());
        }
        WriterRun run = start(databaseUrl, maxPollRecords);
        run.awaitAssigned();
        CpuMeter.awaitJitSettled();
        MessageListenerContainer container = run.container();
        container.stop();
        await().atMost(Duration.ofSeconds(30))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50))
                .ignoreException(GroupNotEmptyException.class)
                .until(() -> {
                    forgetOffsets();
                    return true;
                });
        container.start();
        return run;
    }

    private MessageListenerContainer container() {
        return context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer(LISTENER_ID);
    }

    /** Waits until the snapshot listener has partitions assigned and returns {@link System#nanoTime()} then. */
    long awaitAssigned() {
        MessageListenerContainer container = container();
        await().atMost(Duration.ofMinutes(2))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(5))
                .until(() -> {
                    Collection<TopicPartition> assigned = container.getAssignedPartitions();
                    return assigned != null && !assigned.isEmpty();
                });
        return System.nanoTime();
    }

    /**
     * The offsets the writer's group committed on the snapshot topic, summed over partitions. The writer commits a
     * batch's offsets right after its database transaction, so every record below them is in the database.
     */
    long committedOffsets() {
        return get(admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata()).entrySet().stream()
                .filter(e -> e.getKey().topic().equals(Topics.PRICE_SNAPSHOTS) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset())
                .sum();
    }

    /** The snapshot topic's end offsets, summed over partitions. */
    long endOffsets() {
        return endOffsets(admin, Topics.PRICE_SNAPSHOTS);
    }

    /**
     * Change events published to {@code market.latest-prices} since this writer started (by it, as no other writer
     * runs): the writer publishes them before its transaction commits.
     */
    long changeEventsPublished() {
        return endOffsets(admin, Topics.LATEST_PRICES) - changeEventsBefore;
    }

    /** A topic's end offsets, summed over partitions; 0 if it does not exist yet. */
    private static long endOffsets(Admin admin, String topic) {
        if (!get(admin.listTopics().names()).contains(topic)) {
            return 0;
        }
        return latestOffsets(admin, topic).values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }

    /** A topic's end offset by partition. */
    private static Map<TopicPartition, Long> latestOffsets(Admin admin, String topic) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        get(admin.describeTopics(List.of(topic)).allTopicNames())
                .get(topic)
                .partitions()
                .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        get(admin.listOffsets(latest).all()).forEach((p, info) -> offsets.put(p, info.offset()));
        return offsets;
    }

    /** Deletes the writer's consumer group (no writer may be running), so the next one reads the topic from the start. */
    static void forgetOffsets() throws InterruptedException {
        try (Admin admin = admin()) {
            admin.deleteConsumerGroups(List.of(GROUP)).all().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupNotEmptyException notEmpty) {
                throw notEmpty; // a consumer still leaving: startSettled tries again
            }
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw new IllegalStateException("Could not delete consumer group " + GROUP, e.getCause());
            }
        }
    }

    SnapshotBatchWriter batchWriter() {
        return context.getBean(SnapshotBatchWriter.class);
    }

    /** Polled batches stored so far, by who wrote them: {@code consumer} (the consumer thread) or {@code overlapped}. */
    double batchesWrittenBy(String writer) {
        Counter counter = context.getBean(MeterRegistry.class)
                .find("market.writer.batches")
                .tag("writer", writer)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    SnapshotReplay replay() {
        return context.getBean(SnapshotReplay.class);
    }

    @Override
    public void close() {
        admin.close();
        context.close();
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers()));
    }

    private static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
