package com.marketsync.sim;

import java.time.Instant;

/** Arrival times in nanoseconds, oldest first, in a ring that grows as needed; not thread-safe. */
final class TimeLog {

    private long[] ring = new long[16];
    private int head;
    private int size;

    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    void add(long time) {
        if (size == ring.length) {
            long[] bigger = new long[ring.length * 2];
            for (int i = 0; i < size; i++) {
                bigger[i] = ring[(head + i) % ring.length];
            }
            ring = bigger;
            head = 0;
        }
        ring[(head + size) % ring.length] = time;
        size++;
    }

    /** Forgets every time at or before the cutoff. */
    void dropUpTo(long cutoff) {
        while (size > 0 && ring[head] <= cutoff) {
            head = (head + 1) % ring.length;
            size--;
        }
    }

    int size() {
        return size;
    }

    /** The oldest time still held; only valid when the log is not empty. */
    long oldest() {
        return ring[head];
    }

    void clear() {
        head = 0;
        size = 0;
    }
}
