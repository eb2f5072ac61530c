package com.marketsync.planner.schedule;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.ObjectMapper;

/** The run log: one row per planner tick (table planner.sync_runs), written as the tick starts and ends. */
@Repository
class SyncRunRepository {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    SyncRunRepository(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    long start(Instant startedAt, String instance) {
        return jdbc.sql("INSERT INTO sync_runs (started_at, instance) VALUES (?, ?) RETURNING id")
                .params(Timestamp.from(startedAt), instance)
                .query(Long.class)
                .single();
    }

    void finish(long id, Instant finishedAt, TickReport report, String error) {
        jdbc.sql("""
                        UPDATE sync_runs
                        SET finished_at = ?, emitted = ?, leases_expired = ?, outcomes_applied = ?,
                            providers = ?::jsonb, error = ?
                        WHERE id = ?
                        """)
                .params(
                        Timestamp.from(finishedAt),
                        report.emitted(),
                        report.leasesExpired(),
                        report.outcomesApplied(),
                        json.writeValueAsString(report.providers()),
                        error,
                        id)
                .update();
    }
}
