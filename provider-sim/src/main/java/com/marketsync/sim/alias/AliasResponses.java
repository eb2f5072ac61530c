package com.marketsync.sim.alias;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * JSON bodies of the simulated Alias API, named field for field as Alias's (snake_case) schema does; every int64,
 * cents included, is a JSON string as gRPC-gateway writes it.
 */
final class AliasResponses {

    private AliasResponses() {}

    record Ok(boolean ok) {}

    record CatalogPage(List<CatalogItem> catalog_items, String next_pagination_token, boolean has_more) {}

    record CatalogItemBody(CatalogItem catalog_item) {}

    record CatalogItem(
            String catalog_id,
            String name,
            String sku,
            String brand,
            String gender,
            String release_date,
            String product_category_v2,
            String product_type,
            String size_unit,
            List<AllowedSize> allowed_sizes,
            String minimum_listing_price_cents,
            String maximum_listing_price_cents,
            String retail_price_cents,
            String main_picture_url,
            String colorway,
            String nickname,
            boolean requires_listing_pictures,
            boolean resellable,
            List<String> requested_pictures) {}

    record AllowedSize(String display_name, BigDecimal value, BigDecimal us_size_equivalent) {}

    record Availabilities(List<Variant> variants) {}

    /**
     * One variation; {@code availability} maps the four price fields to cents strings, leaving out the listing and
     * offer prices a region has none of and writing null for a last sale that never happened.
     */
    record Variant(
            BigDecimal size,
            String product_condition,
            String packaging_condition,
            boolean consigned,
            Map<String, String> availability) {}

    record ErrorBody(int code, String message, List<Object> details) {}
}
