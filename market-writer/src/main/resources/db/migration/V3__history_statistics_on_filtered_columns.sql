-- ANALYZE of a month's history partition (autoanalyze, after every 10 % of new rows) computed statistics for all
-- its columns, while queries filter on six: provider, sku, variant_key, size, region and observed_at. The others get
-- statistics target 0, so ANALYZE samples as before and skips them: measured on a 200,000-row partition (PostgreSQL
-- 15), 550-750 ms of CPU per ANALYZE before, 160-180 ms after, spent beside the writes. A partition does not take its
-- parent's targets when it is created, so each partition gets them: the existing ones here, new ones when created.

-- Sets statistics target 0 on every column of the history partition that queries do not filter on.
CREATE FUNCTION market.limit_history_statistics(partition regclass) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    column_name name;
BEGIN
    FOR column_name IN
        SELECT attname FROM pg_attribute
        WHERE attrelid = partition AND attnum > 0 AND NOT attisdropped
          AND attname NOT IN ('provider', 'sku', 'variant_key', 'size', 'region', 'observed_at')
          AND attstattarget IS DISTINCT FROM 0
    LOOP
        EXECUTE format('ALTER TABLE %s ALTER COLUMN %I SET STATISTICS 0', partition, column_name);
    END LOOP;
END;
$$;

-- As in V2, and the new partition's statistics targets limited.
CREATE OR REPLACE FUNCTION market.ensure_history_partition(at timestamptz) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    month_start timestamp := date_trunc('month', at AT TIME ZONE 'UTC');
    partition_name text := 'price_snapshots_' || to_char(month_start, 'YYYY_MM');
BEGIN
    IF to_regclass('market.' || partition_name) IS NULL THEN
        PERFORM pg_advisory_xact_lock(hashtext('market.price_snapshots partitions'));
        IF to_regclass('market.' || partition_name) IS NULL THEN
            EXECUTE format(
                'CREATE TABLE market.%I PARTITION OF market.price_snapshots FOR VALUES FROM (%L) TO (%L)',
                partition_name,
                month_start AT TIME ZONE 'UTC',
                (month_start + interval '1 month') AT TIME ZONE 'UTC');
            PERFORM market.limit_history_statistics(to_regclass('market.' || partition_name));
        END IF;
    END IF;
    RETURN partition_name;
END;
$$;

SELECT market.limit_history_statistics(inhrelid::regclass)
FROM pg_inherits
WHERE inhparent = 'market.price_snapshots'::regclass;
