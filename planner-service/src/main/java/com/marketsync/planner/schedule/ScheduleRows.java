package com.marketsync.planner.schedule;

import com.marketsync.events.Provider;
import com.marketsync.events.Tier;
import com.marketsync.providers.ProvidersProperties;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps the schedule's rows (one per product × provider × region) in step with the catalog: new products are due
 * at once, a tier change moves their rows, FROZEN and archived rows are never scheduled. Runs in the caller's
 * transaction.
 */
@Component
public class ScheduleRows {

    private static final Logger log = LoggerFactory.getLogger(ScheduleRows.class);

    private final JdbcClient jdbc;
    private final ProvidersProperties providers;
    private final Clock clock;

    ScheduleRows(JdbcClient jdbc, ProvidersProperties providers, Clock clock) {
        this.jdbc = jdbc;
        this.providers = providers;
        this.clock = clock;
    }

    /** Tier order of the due query: HOT 0, WARM 1, COLD 2, FROZEN 3. */
    public static int rank(Tier tier) {
        return switch (tier) {
            case HOT -> 0;
            case WARM -> 1;
            case COLD -> 2;
            case FROZEN -> 3;
        };
    }

    /** Creates the rows of new products for every configured provider × region, due now unless FROZEN. */
    public void addProducts(Map<String, Tier> tierBySku) {
        if (tierBySku.isEmpty()) {
            return;
        }
        List<String> skus = new ArrayList<>();
        List<Integer> ranks = new ArrayList<>();
        tierBySku.forEach((sku, tier) -> {
            skus.add(sku);
            ranks.add(rank(tier));
        });
        Timestamp now = Timestamp.from(clock.instant());
        providers.all().forEach((provider, settings) -> jdbc.sql("""
                        INSERT INTO sync_state (sku, provider, region, next_due_at, tier_rank, scheduled)
                        SELECT t.sku, ?, r.region, ?, t.tier_rank, t.tier_rank < 3
                        FROM unnest(?::text[], ?::smallint[]) AS t(sku, tier_rank)
                        CROSS JOIN unnest(?::text[]) AS r(region)
                        ON CONFLICT (sku, provider, region) DO NOTHING
                        """)
                .params(
                        provider.name(),
                        now,
                        skus.toArray(String[]::new),
                        ranks.toArray(Integer[]::new),
                        settings.regions().toArray(String[]::new))
                .update());
    }

    /** Moves a product's rows to its new tier: FROZEN stops scheduling, leaving FROZEN makes it due now. */
    public void changeTier(String sku, Tier tier) {
        changeTiers(Map.of(sku, tier));
    }

    /** Moves several products' rows to their new tiers in one statement (see {@link #changeTier}). */
    public void changeTiers(Map<String, Tier> tierBySku) {
        if (tierBySku.isEmpty()) {
            return;
        }
        List<String> skus = new ArrayList<>();
        List<Integer> ranks = new ArrayList<>();
        tierBySku.forEach((sku, tier) -> {
            skus.add(sku);
            ranks.add(rank(tier));
        });
        jdbc.sql("""
                        UPDATE sync_state s
                        SET tier_rank = t.tier_rank,
                            next_due_at = CASE WHEN s.tier_rank = 3 AND t.tier_rank < 3 THEN ? ELSE s.next_due_at END,
                            scheduled = t.tier_rank < 3 AND NOT EXISTS (
                                SELECT 1 FROM provider_mappings m
                                WHERE m.sku = s.sku AND m.provider = s.provider AND m.archived_at IS NOT NULL)
                        FROM unnest(?::text[], ?::smallint[]) AS t(sku, tier_rank)
                        WHERE s.sku = t.sku
                        """)
                .params(Timestamp.from(clock.instant()), skus.toArray(String[]::new), ranks.toArray(Integer[]::new))
                .update();
    }

    /**
     * Brings back a provider that archived the product after answering NOT_FOUND for days: its mapping is
     * unresolved again and its rows are due now (unless the product is FROZEN). Returns false if it was not archived.
     */
    public boolean reactivate(String sku, Provider provider) {
        int mappings = jdbc.sql("""
                        UPDATE provider_mappings
                        SET status = 'UNRESOLVED', archived_at = NULL, not_found_since = NULL, updated_at = ?
                        WHERE sku = ? AND provider = ? AND archived_at IS NOT NULL
                        """)
                .params(Timestamp.from(clock.instant()), sku, provider.name())
                .update();
        if (mappings == 0) {
            return false;
        }
        jdbc.sql("""
                        UPDATE sync_state
                        SET scheduled = tier_rank < 3, next_due_at = ?, consecutive_failures = 0
                        WHERE sku = ? AND provider = ?
                        """)
                .params(Timestamp.from(clock.instant()), sku, provider.name())
                .update();
        return true;
    }

    /**
     * Adds the rows of regions configured since the schedule was last built (recorded in scheduled_regions), so a new
     * region is backfilled once rather than checked for every product on every start.
     */
    @Transactional
    public void addConfiguredRegions() {
        Timestamp now = Timestamp.from(clock.instant());
        providers.all().forEach((provider, settings) -> {
            for (String region : settings.regions()) {
                int added = jdbc.sql("INSERT INTO scheduled_regions (provider, region) VALUES (?, ?)"
                                + " ON CONFLICT DO NOTHING")
                        .params(provider.name(), region)
                        .update();
                if (added == 1) {
                    int rows =
                            jdbc.sql("""
                                    INSERT INTO sync_state (sku, provider, region, next_due_at, tier_rank, scheduled)
                                    SELECT p.sku, ?, ?, ?,
                                           CASE p.tier WHEN 'HOT' THEN 0 WHEN 'WARM' THEN 1 WHEN 'COLD' THEN 2 ELSE 3 END,
                                           p.tier <> 'FROZEN'
                                    FROM products p
                                    ON CONFLICT (sku, provider, region) DO NOTHING
                                    """).params(provider.name(), region, now).update();
                    log.info("Region {} of {} is new: scheduled {} products", region, provider, rows);
                }
            }
        });
    }
}
