package com.marketsync.fetcher.core;

import com.marketsync.events.Provider;
import com.marketsync.events.RequestSuperseded;
import com.marketsync.kafka.EventDeserializer;
import com.marketsync.schemas.RegistryUnavailableException;
import com.marketsync.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;

/**
 * Knows which requests of this fetcher's provider the planner has superseded, so they are answered without a provider
 * call. A consumer of its own, without a consumer group, reads every partition of {@link Topics#SYNC_SUPERSESSIONS}
 * from the beginning on a daemon thread and keeps polling; supersessions older than {@code keep} are forgotten, so
 * memory stays bounded by the planner's rate of supersessions.
 */
final class SupersededRequests implements SmartLifecycle {

    /** Longest time a supersession is remembered; a request still queued after this long has expired anyway. */
    static final Duration KEEP = Duration.ofDays(2);

    private static final Logger log = LoggerFactory.getLogger(SupersededRequests.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration EVICT_EVERY = Duration.ofMinutes(1);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);
    /** Starts before the listener containers and stops after them, so no request is handled without it. */
    private static final int PHASE = AbstractMessageListenerContainer.DEFAULT_PHASE - 100;

    private final Map<String, Object> consumerConfig;
    private final Provider provider;
    private final Duration keep;
    private final Clock clock;
    private final Map<String, Supersession> superseded = new ConcurrentHashMap<>();
    private final Queue<CompletableFuture<Void>> catchUpRequests = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();
    /** Catch-ups whose end offsets are known; touched by the reader thread only. */
    private final List<CatchUp> waiting = new ArrayList<>();

    private volatile boolean running;
    private volatile CountDownLatch stopping = new CountDownLatch(0);
    private volatile Thread thread;
    private volatile Consumer<String, Object> consumer;

    /**
     * @param consumerConfig consumer settings (bootstrap servers, deserializers); any group settings are dropped
     */
    SupersededRequests(Map<String, Object> consumerConfig, Provider provider, Duration keep, Clock clock) {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumerConfig = Map.copyOf(config);
        this.provider = provider;
        this.keep = keep;
        this.clock = clock;
    }

    /** Who replaced a request, and when. */
    record Supersession(String supersededBy, Instant supersededAt) {}

    /** The supersession of a request of this provider, if the planner published one. */
    Optional<Supersession> find(String requestId) {
        return Optional.ofNullable(superseded.get(requestId));
    }

    /** Whether everything the topic held when this reader started has been read. */
    boolean loaded() {
        return loaded.isDone();
    }

    /**
     * Completes once this reader has read up to the end offsets the topic has now (taken by the reader thread on its
     * next turn, so everything published before this call is included).
     */
    CompletableFuture<Void> caughtUp() {
        CompletableFuture<Void> caughtUp = new CompletableFuture<>();
        catchUpRequests.add(caughtUp);
        return caughtUp;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        stopping = new CountDownLatch(1);
        catchUpRequests.add(loaded);
        thread = Thread.ofPlatform()
                .name("sync-supersessions-" + provider.name().toLowerCase(Locale.ROOT))
                .daemon()
                .start(this::run);
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        stopping.countDown();
        Consumer<String, Object> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            if (!thread.join(STOP_WAIT)) {
                log.warn("Supersession reader of {} did not stop within {}", provider, STOP_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private void run() {
        while (running) {
            try (Consumer<String, Object> reader = new KafkaConsumer<>(consumerConfig)) {
                consumer = reader;
                // stop() may have run before the consumer existed, and then had nothing to wake up
                if (running && assignAll(reader)) {
                    read(reader);
                }
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException e) {
                // Read again from the beginning: remembering a supersession twice does no harm.
                log.warn("Reading {} failed; starting over in {}", Topics.SYNC_SUPERSESSIONS, RETRY, e);
                pause(RETRY);
            } finally {
                consumer = null;
            }
        }
    }

    private boolean assignAll(Consumer<String, Object> reader) {
        List<TopicPartition> partitions = List.of();
        while (running && partitions.isEmpty()) {
            partitions = reader.partitionsFor(Topics.SYNC_SUPERSESSIONS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                log.warn("Topic {} does not exist yet; looking again in {}", Topics.SYNC_SUPERSESSIONS, RETRY);
                pause(RETRY);
            }
        }
        reader.assign(partitions);
        reader.seekToBeginning(partitions);
        return !partitions.isEmpty();
    }

    private void read(Consumer<String, Object> reader) {
        Instant evicted = clock.instant();
        while (running) {
            for (CompletableFuture<Void> request; (request = catchUpRequests.poll()) != null; ) {
                waiting.add(new CatchUp(reader.endOffsets(reader.assignment()), request));
            }
            poll(reader);
            for (Iterator<CatchUp> it = waiting.iterator(); it.hasNext(); ) {
                CatchUp catchUp = it.next();
                if (catchUp.reachedBy(reader)) {
                    catchUp.done().complete(null);
                    it.remove();
                }
            }
            Instant now = clock.instant();
            if (Duration.between(evicted, now).compareTo(EVICT_EVERY) >= 0) {
                Instant oldest = now.minus(keep);
                superseded.values().removeIf(s -> s.supersededAt().isBefore(oldest));
                evicted = now;
            }
        }
    }

    private void poll(Consumer<String, Object> reader) {
        try {
            reader.poll(POLL).forEach(this::remember);
        } catch (RecordDeserializationException e) {
            if (RegistryUnavailableException.isCauseOf(e)) {
                throw e; // a readable record: read again from the beginning once the registry answers
            }
            // Without an ErrorHandlingDeserializer an undecodable record surfaces here; it can never be read.
            log.warn("Skipping an undecodable record on {}@{}", e.topicPartition(), e.offset(), e);
            reader.seek(e.topicPartition(), e.offset() + 1);
        }
    }

    private void remember(ConsumerRecord<String, Object> record) {
        // a readable record the registry could not decode: read again from the beginning once the registry answers
        EventDeserializer.registryUnavailable(record).ifPresent(unavailable -> {
            throw unavailable;
        });
        if (!(record.value() instanceof RequestSuperseded event)) {
            log.warn(
                    "Ignoring a record that is no RequestSuperseded on {}-{}@{}",
                    record.topic(),
                    record.partition(),
                    record.offset());
            return;
        }
        if (event.getProvider() == provider
                && !event.getSupersededAt().isBefore(clock.instant().minus(keep))) {
            superseded.put(event.getRequestId(), new Supersession(event.getSupersededBy(), event.getSupersededAt()));
        }
    }

    private void pause(Duration duration) {
        try {
            stopping.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** A wait for the reader to reach the end offsets it saw when the wait began. */
    private record CatchUp(Map<TopicPartition, Long> ends, CompletableFuture<Void> done) {
        boolean reachedBy(Consumer<?, ?> reader) {
            return ends.entrySet().stream().allMatch(end -> reader.position(end.getKey()) >= end.getValue());
        }
    }
}
