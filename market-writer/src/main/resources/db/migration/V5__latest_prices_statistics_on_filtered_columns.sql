-- latest_prices is updated in place by every newer observation, so autoanalyze comes back to it as often as
-- autovacuum visits the database (once a minute under load), computing statistics for all 29 columns while queries
-- filter on three: sku, provider and region. The others get statistics target 0, as the history partitions' (V3).
-- Measured on a 20,000-row table (PostgreSQL 15), six ANALYZEs each: 156-226 ms before, 46-53 ms after.
DO $$
DECLARE
    column_name name;
BEGIN
    FOR column_name IN
        SELECT attname FROM pg_attribute
        WHERE attrelid = 'market.latest_prices'::regclass AND attnum > 0 AND NOT attisdropped
          AND attname NOT IN ('provider', 'sku', 'region')
    LOOP
        EXECUTE format('ALTER TABLE market.latest_prices ALTER COLUMN %I SET STATISTICS 0', column_name);
    END LOOP;
END;
$$;
