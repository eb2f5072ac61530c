package com.marketsync.faults;

import com.marketsync.events.LatestPrice;
import com.marketsync.events.PriceSnapshot;
import com.marketsync.faults.SnapshotKey.Observation;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the writer made of a stream, counted against the stream's oracle: the numbers every fault test prints and
 * asserts, with a few examples of each kind of mismatch for the failure message.
 */
final class Verdict {

    private static final int EXAMPLES = 5;

    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final List<String> examples = new ArrayList<>();
    private String earlierExample;

    private Verdict() {}

    /**
     * Compares history and latest prices with the stream: every produced snapshot must be in history exactly once and
     * nothing else, and every latest row must equal the newest observation of its key.
     */
    static Verdict of(SnapshotStream stream, WriterDatabase database) {
        Verdict verdict = new Verdict();
        verdict.counts.put("produced", (long) stream.size());

        Set<Observation> expected = stream.observations();
        Map<Observation, Integer> stored = database.historyObservations();
        verdict.counts.put(
                "history rows",
                stored.values().stream().mapToLong(Integer::longValue).sum());
        verdict.count("lost", expected.stream().filter(o -> !stored.containsKey(o)), "lost");
        verdict.count(
                "duplicate history rows",
                stored.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey),
                "stored more than once");
        verdict.count(
                "unexpected history rows",
                stored.keySet().stream().filter(o -> !expected.contains(o)),
                "stored but never produced");

        Map<SnapshotKey, PriceSnapshot> newest = stream.newestPerKey();
        Map<SnapshotKey, Map<String, Object>> latest = database.latestPrices();
        List<String> differing = new ArrayList<>();
        newest.forEach((key, snapshot) -> {
            Map<String, Object> row = latest.get(key);
            if (row == null) {
                differing.add(key + " has no latest row");
            } else {
                List<String> differences = LatestPrices.differences(row, snapshot);
                if (!differences.isEmpty()) {
                    differing.add(key + " differs from its newest observation: " + differences);
                }
            }
        });
        latest.keySet().stream()
                .filter(key -> !newest.containsKey(key))
                .forEach(key -> differing.add(key + " has a latest row but was never produced"));
        verdict.count("latest rows differing from the oracle", differing.stream(), "");
        return verdict;
    }

    /**
     * Compares the change events on {@code market.latest-prices} with the latest rows: every key has an event (its
     * insert), the last event of each key carries exactly what the row holds (observedAt, prices, changedAt), and every
     * key whose prices changed has an event announcing its final prices.
     */
    Verdict withChangeEvents(SnapshotStream stream, WriterDatabase database, KafkaProbe kafka) {
        List<ConsumerRecord<String, LatestPrice>> events = kafka.latestPriceEvents();
        counts.put("change events", (long) events.size());
        Map<String, LatestPrice> last = new HashMap<>();
        events.forEach(event -> last.put(event.key(), event.value()));

        Map<SnapshotKey, Map<String, Object>> latest = database.latestPrices();
        Set<SnapshotKey> changed = stream.keysWithPriceChanges();
        counts.put("keys whose prices changed", (long) changed.size());
        count(
                "change events missing for a changed key",
                changed.stream().filter(key -> !announced(last.get(key.latestPriceKey()), latest.get(key))),
                "changed, but no event carries its latest prices");
        count(
                "keys without any change event",
                latest.keySet().stream().filter(key -> !last.containsKey(key.latestPriceKey())),
                "has no change event");
        List<String> differing = new ArrayList<>();
        latest.forEach((key, row) -> {
            LatestPrice event = last.get(key.latestPriceKey());
            if (event != null) {
                List<String> differences = LatestPrices.differences(row, event);
                if (!differences.isEmpty()) {
                    differing.add(key + " last event differs from its row: " + differences);
                }
            }
        });
        count("last events differing from the latest row", differing.stream(), "");
        return this;
    }

    /**
     * Counts, for information only, latest rows whose changed_at is not the first observation of their current prices
     * (see {@link SnapshotStream#currentPricesSince()}). Meaningful for streams without late arrivals: a late
     * observation never updates a row, so its prices cannot move changed_at.
     */
    Verdict withChangedAt(SnapshotStream stream, WriterDatabase database) {
        Map<SnapshotKey, Instant> since = stream.currentPricesSince();
        long later = 0;
        long earlier = 0;
        for (Map.Entry<SnapshotKey, Map<String, Object>> row :
                database.latestPrices().entrySet()) {
            Instant changedAt = ((OffsetDateTime) row.getValue().get("changed_at")).toInstant();
            Instant expected = since.get(row.getKey());
            if (expected == null) {
                continue;
            }
            if (changedAt.isAfter(expected)) {
                later++;
            } else if (changedAt.isBefore(expected)) {
                earlier++;
                if (earlierExample == null) {
                    earlierExample = row.getKey() + " changed_at " + changedAt + ", prices last changed at " + expected;
                }
            }
        }
        counts.put("changed_at later than the first observation of the current prices (info)", later);
        counts.put("changed_at earlier than the last price change (info)", earlier);
        return this;
    }

    long count(String name) {
        Long count = counts.get(name);
        if (count == null) {
            throw new IllegalArgumentException("No count named '" + name + "' in " + counts.keySet());
        }
        return count;
    }

    /** The counts on one line, e.g. for the build log. */
    String summary() {
        StringBuilder line = new StringBuilder();
        counts.forEach((name, count) -> line.append(line.isEmpty() ? "" : ", ")
                .append(name)
                .append(" = ")
                .append(count));
        return line + (earlierExample == null ? "" : " (e.g. " + earlierExample + ")");
    }

    /** The summary and the first examples of each mismatch, for an assertion message. */
    String details() {
        return summary() + (examples.isEmpty() ? "" : "; e.g. " + String.join("; ", examples));
    }

    @Override
    public String toString() {
        return details();
    }

    private static boolean announced(LatestPrice lastEvent, Map<String, Object> row) {
        return lastEvent != null
                && row != null
                && LatestPrices.differences(row, lastEvent).isEmpty();
    }

    private void count(String name, Stream<?> mismatches, String what) {
        List<?> all = mismatches.toList();
        counts.put(name, (long) all.size());
        all.stream().limit(EXAMPLES).forEach(m -> examples.add(m + (what.isEmpty() ? "" : " " + what)));
    }
}
