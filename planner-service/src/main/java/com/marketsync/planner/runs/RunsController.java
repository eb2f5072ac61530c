package com.marketsync.planner.runs;

import com.marketsync.planner.web.ApiException;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The run log: {@code GET /api/runs?page=0&size=20}, newest tick first. */
@RestController
class RunsController {

    private static final int MAX_PAGE_SIZE = 200;

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    RunsController(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * One tick.
     *
     * @param id run number
     * @param startedAt when it started
     * @param finishedAt when it finished (null while running, or if the planner died during it)
     * @param instance the planner instance that ran it
     * @param emitted requests emitted in all
     * @param leasesExpired requests re-issued because no outcome came before their lease ended
     * @param outcomesApplied outcomes this instance applied since its previous tick
     * @param providers per provider: capacity, inFlight, emitted (per priority), emittedByTier, heldBack (per tier)
     * @param error why the tick failed, if it did
     */
    record Run(
            long id,
            Instant startedAt,
            Instant finishedAt,
            String instance,
            int emitted,
            int leasesExpired,
            int outcomesApplied,
            JsonNode providers,
            String error) {}

    /** A page of runs. */
    record RunPage(List<Run> items, int page, int size, long total) {}

    @GetMapping("/api/runs")
    RunPage runs(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        if (page < 0) {
            throw ApiException.badRequest("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ApiException.badRequest("size", "must be between 1 and " + MAX_PAGE_SIZE);
        }
        List<Run> items = jdbc.sql("""
                        SELECT id, started_at, finished_at, instance, emitted, leases_expired, outcomes_applied,
                               providers::text AS providers, error
                        FROM sync_runs ORDER BY id DESC LIMIT ? OFFSET ?
                        """)
                .params(size, (long) page * size)
                .query((rs, row) -> new Run(
                        rs.getLong("id"),
                        rs.getTimestamp("started_at").toInstant(),
                        rs.getTimestamp("finished_at") == null
                                ? null
                                : rs.getTimestamp("finished_at").toInstant(),
                        rs.getString("instance"),
                        rs.getInt("emitted"),
                        rs.getInt("leases_expired"),
                        rs.getInt("outcomes_applied"),
                        json.readTree(rs.getString("providers")),
                        rs.getString("error")))
                .list();
        long total =
                jdbc.sql("SELECT count(*) FROM sync_runs").query(Long.class).single();
        return new RunPage(items, page, size, total);
    }
}
