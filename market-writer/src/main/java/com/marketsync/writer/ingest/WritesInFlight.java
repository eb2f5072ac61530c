package com.marketsync.writer.ingest;

import com.marketsync.writer.ingest.NewestPerKey.Key;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.support.Acknowledgment;

/**
 * The batches one consumer has handed to writer threads, oldest first, and which of them a next batch must wait for:
 * at most {@code limit} are written at once, and a batch never goes beside an earlier one that holds one of its keys,
 * so a key's snapshots are stored in their order.
 */
final class WritesInFlight {

    private final int limit;
    private final Deque<Write> writes = new ArrayDeque<>();

    WritesInFlight(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        this.limit = limit;
    }

    /**
     * How many of the oldest writes must finish before a batch with these keys may be handed over: those beyond the
     * limit, and every one up to the newest that holds one of the keys.
     */
    int toFinishBefore(Set<Key> keys) {
        int toFinish = Math.max(0, writes.size() - limit + 1);
        int position = 0;
        for (Write write : writes) {
            position++;
            if (!Collections.disjoint(write.keys(), keys)) {
                toFinish = position;
            }
        }
        return toFinish;
    }

    void add(Write write) {
        writes.addLast(write);
    }

    /** The oldest write, removed; null if none. */
    Write takeOldest() {
        return writes.pollFirst();
    }

    boolean isEmpty() {
        return writes.isEmpty();
    }

    /**
     * A batch handed to a writer thread.
     *
     * @param done its write
     * @param ack acknowledges it once written
     * @param firstOffsets its first offset per partition, where to seek back if it is to be polled again
     * @param keys the latest-price keys it writes
     */
    record Write(Future<?> done, Acknowledgment ack, Map<TopicPartition, Long> firstOffsets, Set<Key> keys) {}
}
