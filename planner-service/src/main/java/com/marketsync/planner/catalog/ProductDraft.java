package com.marketsync.planner.catalog;

/**
 * A product as submitted (the body of {@code POST /api/products} or one import row), every field as text and
 * stripped of surrounding whitespace, before validation.
 *
 * @param sku the style code
 * @param name the product's name
 * @param brand the product's brand
 * @param tier HOT, WARM, COLD or FROZEN, in any case
 */
record ProductDraft(String sku, String name, String brand, String tier) {

    ProductDraft {
        sku = ProductFields.strip(sku);
        name = ProductFields.strip(name);
        brand = ProductFields.strip(brand);
        tier = ProductFields.strip(tier);
    }

    /** The first field that breaks its rule, checked in the order sku, name, brand, tier; null if none does. */
    FieldProblem problem() {
        String sku = ProductFields.skuProblem(this.sku);
        if (sku != null) {
            return new FieldProblem("sku", sku);
        }
        String name = ProductFields.textProblem(this.name);
        if (name != null) {
            return new FieldProblem("name", name);
        }
        String brand = ProductFields.textProblem(this.brand);
        if (brand != null) {
            return new FieldProblem("brand", brand);
        }
        if (ProductFields.tierOrNull(this.tier) == null) {
            return new FieldProblem("tier", ProductFields.TIER_RULE);
        }
        return null;
    }

    /** The valid product; a 400 naming the first field that breaks its rule otherwise. */
    Product validate() {
        FieldProblem problem = problem();
        if (problem != null) {
            throw problem.toException();
        }
        return new Product(sku, name, brand, ProductFields.tierOrNull(tier));
    }
}
