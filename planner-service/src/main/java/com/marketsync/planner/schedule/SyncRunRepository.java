package com.marketsync.planner.schedule;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Audit of planner ticks (table planner.sync_runs). */
@Repository
class SyncRunRepository {

    private final JdbcClient jdbc;

    SyncRunRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long start(Instant startedAt) {
        return jdbc.sql("INSERT INTO sync_runs (started_at) VALUES (?) RETURNING id")
                .param(Timestamp.from(startedAt))
                .query(Long.class)
                .single();
    }

    void finish(long id, Instant finishedAt, int emitted) {
        jdbc.sql("UPDATE sync_runs SET finished_at = ?, emitted = ? WHERE id = ?")
                .params(Timestamp.from(finishedAt), emitted, id)
                .update();
    }
}
