package com.marketsync.fetcher.stockx;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Style code → StockX product mappings in table {@code stockx_product_mappings}, shared by every replica, so a sku
 * is searched for once and its raw StockX styleId survives in the mapping.
 */
@Repository
class ProductMappingRepository {

    private final JdbcClient jdbc;

    // Built on the DataSource rather than the JdbcClient bean, which Spring Boot orders after every schema
    // migration: the fetch loop's migration needs this fetcher's beans and must run before this module's (see
    // StockxMigrations), so this class must not wait for migrations itself. It is used only once requests flow.
    ProductMappingRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** The product a style code (see {@link StyleCodes#key}) was resolved to, if any. */
    Optional<ProductMapping> find(String styleCode) {
        return jdbc.sql("SELECT product_id, style_id FROM stockx_product_mappings WHERE style_code = :code")
                .param("code", styleCode)
                .query((rs, rowNum) -> new ProductMapping(rs.getString("product_id"), rs.getString("style_id")))
                .optional();
    }

    /** Remembers (or replaces) the product a style code resolved to. */
    void save(String styleCode, ProductMapping mapping, Instant resolvedAt) {
        jdbc.sql("INSERT INTO stockx_product_mappings (style_code, product_id, style_id, resolved_at)"
                        + " VALUES (:code, :product, :style, :at) ON CONFLICT (style_code) DO UPDATE"
                        + " SET product_id = EXCLUDED.product_id, style_id = EXCLUDED.style_id,"
                        + " resolved_at = EXCLUDED.resolved_at")
                .param("code", styleCode)
                .param("product", mapping.productId())
                .param("style", mapping.styleId())
                .param("at", resolvedAt.atOffset(ZoneOffset.UTC))
                .update();
    }

    /**
     * Forgets the mapping of a style code if it still points at {@code productId}; a replica that re-resolved it in
     * the meantime keeps its newer mapping.
     */
    boolean invalidate(String styleCode, String productId) {
        return jdbc.sql("DELETE FROM stockx_product_mappings WHERE style_code = :code AND product_id = :product")
                        .param("code", styleCode)
                        .param("product", productId)
                        .update()
                > 0;
    }

    /** A StockX product id and its styleId exactly as StockX wrote it (null when unknown). */
    record ProductMapping(String productId, String styleId) {}
}
