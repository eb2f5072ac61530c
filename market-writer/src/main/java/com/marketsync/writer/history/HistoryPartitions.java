package com.marketsync.writer.history;

import com.marketsync.kafka.HistoryProperties;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The monthly partitions of {@code market.price_snapshots}: creates the month of every snapshot about to be stored
 * (remembering which exist, so a batch of a known month costs nothing) and says which instants are older than the
 * retention and hence not stored at all.
 */
@Component
public class HistoryPartitions {

    private final JdbcClient jdbc;
    private final HistoryProperties history;
    private final Clock clock;
    private final Set<YearMonth> existing = ConcurrentHashMap.newKeySet();

    HistoryPartitions(JdbcClient jdbc, HistoryProperties history, Clock clock) {
        this.jdbc = jdbc;
        this.history = history;
        this.clock = clock;
    }

    /** Makes sure a partition exists for the month of each instant; each statement commits on its own. */
    public void ensureFor(Collection<Instant> instants) {
        for (Instant instant : instants) {
            YearMonth month = YearMonth.from(instant.atZone(ZoneOffset.UTC));
            if (!existing.contains(month)) {
                create(month);
            }
        }
    }

    /** Instants before this are past the retention: their month is (or is about to be) expired, so not stored. */
    public Instant retainedFrom() {
        return clock.instant().atZone(ZoneOffset.UTC).minus(history.retention()).toInstant();
    }

    String create(YearMonth month) {
        Instant start = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        String name = jdbc.sql("SELECT market.ensure_history_partition(?)")
                .param(start.atOffset(ZoneOffset.UTC))
                .query(String.class)
                .single();
        existing.add(month);
        return name;
    }

    void forget(YearMonth month) {
        existing.remove(month);
    }
}
