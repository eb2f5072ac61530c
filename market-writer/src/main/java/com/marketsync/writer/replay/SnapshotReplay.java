package com.marketsync.writer.replay;

import com.marketsync.events.PriceSnapshot;
import com.marketsync.kafka.EventDeserializer;
import com.marketsync.schemas.Topics;
import com.marketsync.writer.WriterProperties;
import com.marketsync.writer.ingest.SnapshotBatchWriter;
import com.marketsync.writer.ingest.SnapshotBatchWriter.Written;
import com.marketsync.writer.ingest.SnapshotValidation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Service;

/**
 * Replays {@code market.price-snapshots} from an instant (or from the beginning) up to the end offsets it finds at
 * the start, through its own consumer group, into the same idempotent batch path the live listener uses: snapshots
 * already stored add no history row, change no latest row and publish no change event, so a replay only fills what is
 * missing (a new database, or a truncated latest_prices). Records that cannot be stored are counted and skipped (the
 * live listener dead-lettered them on their first pass). Each polled batch is written as {@code
 * market.writer.writes-in-flight} transactions at once, each the latest-price keys of its share over a connection of
 * its own, so a key's snapshots are still written in order.
 */
@Service
public class SnapshotReplay implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SnapshotReplay.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final Map<String, Object> consumerConfig;
    private final SnapshotBatchWriter writer;
    private final SnapshotValidation validation;
    private final Clock clock;
    private final int shares;
    private final ExecutorService writers = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("market-writer-replay-", 1).daemon().factory());
    private final Map<String, Progress> replays = new ConcurrentHashMap<>();

    SnapshotReplay(
            ConsumerFactory<?, ?> consumers,
            SnapshotBatchWriter writer,
            SnapshotValidation validation,
            WriterProperties properties,
            Clock clock) {
        this.consumerConfig = Map.copyOf(consumers.getConfigurationProperties());
        this.writer = writer;
        this.validation = validation;
        this.shares = properties.writesInFlight();
        this.clock = clock;
    }

    /** Starts a replay in the background; {@code from} null means from the beginning of the topic. */
    public Progress start(Instant from) {
        Progress progress = new Progress(UUID.randomUUID().toString(), from, clock.instant());
        replays.put(progress.id(), progress);
        Thread.ofPlatform().name("replay-" + progress.id()).start(() -> run(progress));
        return progress;
    }

    /** Replays in the calling thread and returns when done. */
    public Progress runNow(Instant from) {
        Progress progress = new Progress(UUID.randomUUID().toString(), from, clock.instant());
        replays.put(progress.id(), progress);
        run(progress);
        return progress;
    }

    public Optional<Progress> find(String id) {
        return Optional.ofNullable(replays.get(id));
    }

    private void run(Progress progress) {
        log.info(
                "Replay {} of {} from {} started (consumer group {})",
                progress.id(),
                Topics.PRICE_SNAPSHOTS,
                progress.from() == null ? "the beginning" : progress.from(),
                progress.group());
        try (Consumer<String, Object> consumer = new KafkaConsumer<>(config(progress.group()))) {
            Map<TopicPartition, Long> end = positionAtStart(consumer, progress.from());
            progress.target(end.values().stream().mapToLong(Long::longValue).sum());
            while (!reached(consumer, end)) {
                ConsumerRecords<String, Object> records = consumer.poll(POLL);
                List<PriceSnapshot> batch = new ArrayList<>(records.count());
                int skipped = 0;
                for (ConsumerRecord<String, Object> record : records) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue; // arrived after the replay started: the live listener stores it
                    }
                    // a readable record the registry could not decode: stop rather than skip it (run it again)
                    EventDeserializer.registryUnavailable(record).ifPresent(unavailable -> {
                        throw unavailable;
                    });
                    if (record.value() instanceof PriceSnapshot snapshot
                            && validation.problem(snapshot).isEmpty()) {
                        batch.add(snapshot);
                    } else {
                        skipped++;
                    }
                }
                progress.add(batch.size(), skipped, write(batch));
                consumer.commitSync();
            }
            progress.finish(clock.instant(), null);
            log.info("Replay {} done: {}", progress.id(), progress);
        } catch (RuntimeException e) {
            progress.finish(clock.instant(), e.toString());
            log.error("Replay {} failed: {}", progress.id(), progress, e);
        }
    }

    /** Writes the batch as one transaction per share of its keys, all at once, and adds up what they did. */
    private Written write(List<PriceSnapshot> batch) {
        if (shares == 1) {
            return writer.write(batch);
        }
        Map<Integer, List<PriceSnapshot>> byShare = batch.stream()
                .collect(Collectors.groupingBy(snapshot -> Math.floorMod(
                        Topics.latestPriceKey(
                                        snapshot.getProvider(),
                                        snapshot.getSku(),
                                        snapshot.getVariant().getVariantKey(),
                                        snapshot.getRegion())
                                .hashCode(),
                        shares)));
        List<Future<Written>> writes = byShare.values().stream()
                .map(share -> writers.submit(() -> writer.write(share)))
                .toList();
        Written total = new Written(0, 0, 0);
        RuntimeException failed = null;
        for (Future<Written> write : writes) {
            try {
                total = total.plus(write.get());
            } catch (ExecutionException e) {
                failed = e.getCause() instanceof RuntimeException cause
                        ? cause
                        : new IllegalStateException("Writing a replayed batch failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while a replayed batch was written", e);
            }
        }
        if (failed != null) {
            throw failed;
        }
        return total;
    }

    @Override
    public void destroy() {
        writers.shutdownNow();
    }

    private Map<String, Object> config(String group) {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        return config;
    }

    /** Assigns every partition, seeks to the start, and returns each partition's end offset as of now. */
    private static Map<TopicPartition, Long> positionAtStart(Consumer<String, Object> consumer, Instant from) {
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.PRICE_SNAPSHOTS).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        if (from == null) {
            consumer.seekToBeginning(partitions);
        } else {
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, from.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp offset = found.get(partition);
                consumer.seek(partition, offset == null ? end.get(partition) : offset.offset());
            }
        }
        return end;
    }

    private static boolean reached(Consumer<String, Object> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    /** A replay's progress, updated by its thread as it goes. */
    public static final class Progress {
        private final String id;
        private final Instant from;
        private final Instant startedAt;
        private volatile long target;
        private volatile long read;
        private volatile long skipped;
        private volatile Written written = new Written(0, 0, 0);
        private volatile Instant finishedAt;
        private volatile String error;

        Progress(String id, Instant from, Instant startedAt) {
            this.id = id;
            this.from = from;
            this.startedAt = startedAt;
        }

        public String id() {
            return id;
        }

        public String group() {
            return "market-writer-replay-" + id;
        }

        public Instant from() {
            return from;
        }

        public Instant startedAt() {
            return startedAt;
        }

        public Instant finishedAt() {
            return finishedAt;
        }

        public String status() {
            return finishedAt == null ? "RUNNING" : error == null ? "DONE" : "FAILED";
        }

        public String error() {
            return error;
        }

        /** Offsets up to the end positions found at the start, summed over partitions (not a record count). */
        public long endOffsets() {
            return target;
        }

        public long recordsRead() {
            return read;
        }

        public long recordsSkipped() {
            return skipped;
        }

        public long newHistoryRows() {
            return written.newInHistory();
        }

        public long latestPricesChanged() {
            return written.changes();
        }

        void target(long target) {
            this.target = target;
        }

        synchronized void add(int stored, int skipped, Written batch) {
            this.read += stored + skipped;
            this.skipped += skipped;
            this.written = written.plus(batch);
        }

        void finish(Instant at, String error) {
            this.error = error;
            this.finishedAt = at;
        }

        @Override
        public String toString() {
            return "read " + read + " records, skipped " + skipped + ", " + written.newInHistory()
                    + " new history rows, " + written.changes() + " latest prices new or changed"
                    + (error == null ? "" : ", error: " + error);
        }
    }
}
