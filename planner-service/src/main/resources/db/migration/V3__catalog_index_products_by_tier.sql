-- The catalog list (GET /api/products?tier=...) walks one tier's products in sku order and stops at the page.
CREATE INDEX products_tier_sku ON products (tier, sku);
