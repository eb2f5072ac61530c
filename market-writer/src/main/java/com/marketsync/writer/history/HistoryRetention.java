package com.marketsync.writer.history;

import com.marketsync.writer.WriterProperties;
import com.marketsync.writer.WriterProperties.Expiry;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The history retention job: creates the partitions of the coming months, and drops (or archives) every month whose
 * history is entirely older than {@code market.history.retention}, a whole partition at a time. One writer instance
 * runs it at a time (an advisory lock); each run is logged and recorded in {@code market.history_retention_runs}.
 */
@Component
public class HistoryRetention {

    private static final Logger log = LoggerFactory.getLogger(HistoryRetention.class);
    private static final DateTimeFormatter PARTITION_MONTH = DateTimeFormatter.ofPattern("'price_snapshots_'yyyy_MM");
    private static final String ARCHIVE_SCHEMA = "market_archive";

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final HistoryPartitions partitions;
    private final WriterProperties.History settings;
    private final Clock clock;

    HistoryRetention(
            JdbcClient jdbc,
            TransactionTemplate transaction,
            HistoryPartitions partitions,
            WriterProperties properties,
            Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.partitions = partitions;
        this.settings = properties.history();
        this.clock = clock;
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${market.writer.history.maintenance-interval:1h}")
    void scheduled() {
        try {
            run();
        } catch (RuntimeException e) {
            log.warn("History retention run failed; next attempt in {}", settings.maintenanceInterval(), e);
        }
    }

    /** One run; returns what it did, or empty lists when another instance holds the job. */
    public Run run() {
        List<String> ahead = new ArrayList<>();
        YearMonth current = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC));
        for (int i = 0; i <= settings.monthsAhead(); i++) {
            ahead.add(partitions.create(current.plusMonths(i)));
        }
        Instant cutoff = partitions.retainedFrom();
        List<String> expired = transaction.execute(status -> {
            if (!jdbc.sql("SELECT pg_try_advisory_xact_lock(hashtext('market.history_retention'))")
                    .query(Boolean.class)
                    .single()) {
                return List.of();
            }
            List<String> done = new ArrayList<>();
            for (String partition : attachedPartitions()) {
                YearMonth month = YearMonth.parse(partition, PARTITION_MONTH);
                Instant end = month.plusMonths(1)
                        .atDay(1)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
                if (!end.isAfter(cutoff)) {
                    expire(partition);
                    partitions.forget(month);
                    done.add(partition);
                }
            }
            jdbc.sql("INSERT INTO market.history_retention_runs (cutoff, mode, partitions, created_ahead)"
                            + " VALUES (?, ?, ?::text[], ?::text[])")
                    .params(
                            cutoff.atOffset(ZoneOffset.UTC),
                            settings.expire().name(),
                            done.toArray(String[]::new),
                            ahead.toArray(String[]::new))
                    .update();
            return done;
        });
        log.info(
                "History retention: cutoff {}, {} {} month(s) {}, partitions ready up to {}",
                cutoff,
                settings.expire() == Expiry.DROP ? "dropped" : "archived",
                expired.size(),
                expired,
                ahead.getLast());
        return new Run(cutoff, expired, ahead);
    }

    private List<String> attachedPartitions() {
        return jdbc.sql("SELECT c.relname FROM pg_inherits i"
                        + " JOIN pg_class c ON c.oid = i.inhrelid"
                        + " WHERE i.inhparent = 'market.price_snapshots'::regclass"
                        + " AND c.relname ~ '^price_snapshots_[0-9]{4}_[0-9]{2}$'"
                        + " ORDER BY c.relname")
                .query(String.class)
                .list();
    }

    private void expire(String partition) {
        jdbc.sql("ALTER TABLE market.price_snapshots DETACH PARTITION market." + partition)
                .update();
        if (settings.expire() == Expiry.ARCHIVE) {
            jdbc.sql("CREATE SCHEMA IF NOT EXISTS " + ARCHIVE_SCHEMA).update();
            jdbc.sql("ALTER TABLE market." + partition + " SET SCHEMA " + ARCHIVE_SCHEMA)
                    .update();
        } else {
            jdbc.sql("DROP TABLE market." + partition).update();
        }
    }

    /**
     * What one run did.
     *
     * @param cutoff history older than this was due to go
     * @param expired partitions dropped or archived
     * @param ready partitions made sure of, from the current month on
     */
    public record Run(Instant cutoff, List<String> expired, List<String> ready) {}
}
