package com.marketsync.planner.catalog;

import com.marketsync.events.Provider;
import com.marketsync.events.Tier;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The catalog's tables: products, and read access to the provider mappings and schedule rows shown with them. Every
 * list query walks products in sku order through an index and stops at the page; nothing loads the catalog.
 */
@Repository
class ProductRepository {

    private final JdbcClient jdbc;

    ProductRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds a product; false if its sku exists already. */
    boolean insert(Product product, Instant now) {
        return jdbc.sql("""
                        INSERT INTO products (sku, name, brand, tier, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (sku) DO NOTHING
                        """)
                        .params(
                                product.sku(),
                                product.name(),
                                product.brand(),
                                product.tier().name(),
                                Timestamp.from(now),
                                Timestamp.from(now))
                        .update()
                == 1;
    }

    /** The product's tier, its row locked until the transaction ends; empty if there is no such product. */
    Optional<Tier> lockTier(String sku) {
        return jdbc.sql("SELECT tier FROM products WHERE sku = ? FOR UPDATE")
                .param(sku)
                .query((rs, row) -> Tier.valueOf(rs.getString("tier")))
                .optional();
    }

    /** Replaces name, brand and tier of an existing product. */
    void update(Product product, Instant now) {
        jdbc.sql("UPDATE products SET name = ?, brand = ?, tier = ?, updated_at = ? WHERE sku = ?")
                .params(product.name(), product.brand(), product.tier().name(), Timestamp.from(now), product.sku())
                .update();
    }

    /** Sets the tier of an existing product. */
    void updateTier(String sku, Tier tier, Instant now) {
        jdbc.sql("UPDATE products SET tier = ?, updated_at = ? WHERE sku = ?")
                .params(tier.name(), Timestamp.from(now), sku)
                .update();
    }

    /** Removes a product; its schedule rows, mappings and manual requests go with it (ON DELETE CASCADE). */
    boolean delete(String sku) {
        return jdbc.sql("DELETE FROM products WHERE sku = ?").param(sku).update() == 1;
    }

    /** The tiers of those of {@code skus} that exist, their rows locked in sku order until the transaction ends. */
    Map<String, Tier> lockTiers(Collection<String> skus) {
        Map<String, Tier> tiers = new HashMap<>();
        jdbc.sql("SELECT sku, tier FROM products WHERE sku = ANY(?::text[]) ORDER BY sku FOR UPDATE")
                .param(skus.toArray(String[]::new))
                .query(rs -> {
                    tiers.put(rs.getString("sku"), Tier.valueOf(rs.getString("tier")));
                });
        return tiers;
    }

    /**
     * Inserts the new products and updates the existing ones that differ, in one statement. Returns, per sku written,
     * whether it was inserted (true) or updated (false); unchanged products are not written and not returned.
     */
    Map<String, Boolean> upsert(List<Product> products, Instant now) {
        Map<String, Boolean> written = new LinkedHashMap<>();
        jdbc.sql("""
                        INSERT INTO products (sku, name, brand, tier, created_at, updated_at)
                        SELECT t.sku, t.name, t.brand, t.tier, ?, ?
                        FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS t(sku, name, brand, tier)
                        ORDER BY t.sku
                        ON CONFLICT (sku) DO UPDATE
                        SET name = EXCLUDED.name, brand = EXCLUDED.brand, tier = EXCLUDED.tier,
                            updated_at = EXCLUDED.updated_at
                        WHERE (products.name, products.brand, products.tier)
                              IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.brand, EXCLUDED.tier)
                        RETURNING sku, xmax = 0 AS inserted
                        """)
                // xmax is 0 only on a freshly inserted row version: the usual way to tell inserts from updates
                .params(
                        Timestamp.from(now),
                        Timestamp.from(now),
                        products.stream().map(Product::sku).toArray(String[]::new),
                        products.stream().map(Product::name).toArray(String[]::new),
                        products.stream().map(Product::brand).toArray(String[]::new),
                        products.stream().map(p -> p.tier().name()).toArray(String[]::new))
                .query(rs -> {
                    written.put(rs.getString("sku"), rs.getBoolean("inserted"));
                });
        return written;
    }

    /** One product's own fields. */
    Optional<StoredProduct> find(String sku) {
        return jdbc.sql("SELECT sku, name, brand, tier, created_at, updated_at FROM products WHERE sku = ?")
                .param(sku)
                .query(ProductRepository::product)
                .optional();
    }

    /** One page of the products matching {@code query}, in sku order. */
    List<StoredProduct> page(ProductQuery query, Staleness staleness) {
        Filter filter = filter(query, staleness);
        return jdbc.sql("SELECT p.sku, p.name, p.brand, p.tier, p.created_at, p.updated_at FROM products p"
                        + filter.where() + " ORDER BY p.sku LIMIT :limit OFFSET :offset")
                .params(filter.params())
                .param("limit", query.size())
                .param("offset", (long) query.page() * query.size())
                .query(ProductRepository::product)
                .list();
    }

    /** How many products match {@code query} on all pages. */
    long count(ProductQuery query, Staleness staleness) {
        Filter filter = filter(query, staleness);
        return jdbc.sql("SELECT count(*) FROM products p" + filter.where())
                .params(filter.params())
                .query(Long.class)
                .single();
    }

    /** The provider mappings of {@code skus}. */
    List<StoredMapping> mappings(Collection<String> skus) {
        return jdbc.sql("""
                        SELECT sku, provider, status, provider_product_id, not_found_since, archived_at
                        FROM provider_mappings
                        WHERE sku = ANY(?::text[])
                        """)
                .param(skus.toArray(String[]::new))
                .query((rs, row) -> new StoredMapping(
                        rs.getString("sku"),
                        Provider.valueOf(rs.getString("provider")),
                        rs.getString("status"),
                        rs.getString("provider_product_id"),
                        instant(rs, "not_found_since"),
                        instant(rs, "archived_at")))
                .list();
    }

    /** The schedule rows of {@code skus}, ordered by sku, provider and region. */
    List<StoredSchedule> schedule(Collection<String> skus) {
        return jdbc.sql("""
                        SELECT sku, provider, region, scheduled, last_success_at, next_due_at, consecutive_failures,
                               in_flight_request_id, lease_expires_at, last_outcome_status, last_outcome_at, last_error
                        FROM sync_state
                        WHERE sku = ANY(?::text[])
                        ORDER BY sku, provider, region
                        """)
                .param(skus.toArray(String[]::new))
                .query((rs, row) -> new StoredSchedule(
                        rs.getString("sku"),
                        Provider.valueOf(rs.getString("provider")),
                        rs.getString("region"),
                        rs.getBoolean("scheduled"),
                        instant(rs, "last_success_at"),
                        instant(rs, "next_due_at"),
                        rs.getInt("consecutive_failures"),
                        rs.getString("in_flight_request_id"),
                        instant(rs, "lease_expires_at"),
                        rs.getString("last_outcome_status"),
                        instant(rs, "last_outcome_at"),
                        rs.getString("last_error")))
                .list();
    }

    /**
     * The WHERE clause of a list query. Each filter is a predicate on the product or an EXISTS probe of its own rows
     * by primary key, so a page costs an index walk in sku order, never a scan of the schedule.
     */
    private static Filter filter(ProductQuery query, Staleness staleness) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (query.tier() != null) {
            conditions.add("p.tier = :tier");
            params.put("tier", query.tier().name());
        }
        if (query.provider() != null) {
            // the provider covers the product: it has schedule rows and has not archived it
            conditions.add("EXISTS (SELECT 1 FROM sync_state s WHERE s.sku = p.sku AND s.provider = :provider)");
            conditions.add("NOT EXISTS (SELECT 1 FROM provider_mappings m"
                    + " WHERE m.sku = p.sku AND m.provider = :provider AND m.archived_at IS NOT NULL)");
            params.put("provider", query.provider().name());
        }
        if (query.stale() != null) {
            conditions.add((query.stale() ? "" : "NOT ")
                    + "EXISTS (SELECT 1 FROM sync_state s WHERE s.sku = p.sku AND s.scheduled"
                    + (query.provider() == null ? "" : " AND s.provider = :provider")
                    + " AND (s.last_success_at IS NULL OR s.last_success_at < CASE s.tier_rank"
                    + " WHEN 0 THEN CAST(:hot AS timestamptz)"
                    + " WHEN 1 THEN CAST(:warm AS timestamptz)"
                    + " WHEN 2 THEN CAST(:cold AS timestamptz) END))");
            params.put("hot", Timestamp.from(staleness.hot()));
            params.put("warm", Timestamp.from(staleness.warm()));
            params.put("cold", Timestamp.from(staleness.cold()));
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        return new Filter(where, params);
    }

    private static StoredProduct product(ResultSet rs, int row) throws SQLException {
        return new StoredProduct(
                rs.getString("sku"),
                rs.getString("name"),
                rs.getString("brand"),
                Tier.valueOf(rs.getString("tier")),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private record Filter(String where, Map<String, Object> params) {}

    /** A product row. */
    record StoredProduct(String sku, String name, String brand, Tier tier, Instant createdAt, Instant updatedAt) {}

    /** A provider_mappings row. */
    record StoredMapping(
            String sku,
            Provider provider,
            String status,
            String providerProductId,
            Instant notFoundSince,
            Instant archivedAt) {}

    /** A sync_state row, as far as the catalog shows it. */
    record StoredSchedule(
            String sku,
            Provider provider,
            String region,
            boolean scheduled,
            Instant lastSuccessAt,
            Instant nextDueAt,
            int consecutiveFailures,
            String inFlightRequestId,
            Instant leaseExpiresAt,
            String lastOutcomeStatus,
            Instant lastOutcomeAt,
            String lastError) {}
}
