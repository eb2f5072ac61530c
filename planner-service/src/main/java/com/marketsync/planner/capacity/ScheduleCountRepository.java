package com.marketsync.planner.capacity;

import com.marketsync.events.Provider;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Counts of the schedule's rows (table planner.sync_state) per provider and tier, counted in the database. */
@Repository
class ScheduleCountRepository {

    private final JdbcClient jdbc;

    ScheduleCountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Rows of the given providers per tier rank (0 HOT, 1 WARM, 2 COLD, 3 FROZEN): how many are scheduled and how many
     * exist. One aggregate over the table, whatever its size.
     */
    List<KeyCount> count(Collection<Provider> providers) {
        return jdbc.sql("""
                        SELECT provider, tier_rank,
                               count(*) FILTER (WHERE scheduled) AS scheduled_keys,
                               count(*) AS all_keys
                        FROM sync_state
                        WHERE provider = ANY(?::text[])
                        GROUP BY provider, tier_rank
                        """)
                .param(providers.stream().map(Provider::name).toArray(String[]::new))
                .query((rs, row) -> new KeyCount(
                        Provider.valueOf(rs.getString("provider")),
                        rs.getInt("tier_rank"),
                        rs.getLong("scheduled_keys"),
                        rs.getLong("all_keys")))
                .list();
    }

    /**
     * Rows of one provider and tier.
     *
     * @param provider the provider
     * @param tierRank 0 HOT, 1 WARM, 2 COLD, 3 FROZEN
     * @param scheduled rows the planner requests on its own (not FROZEN, not archived by the provider)
     * @param all every row, scheduled or not
     */
    record KeyCount(Provider provider, int tierRank, long scheduled, long all) {}
}
