-- Two writers (consumers of different partitions, or a replay beside the live consumer) reaching a new month at once:
-- the second waited on the advisory lock while the first created the partition, then checked again with its catalog
-- cache of before the wait, still found no partition, and failed with "relation ... already exists" (its batch was
-- retried). Taking the advisory lock does not refresh the catalog cache, so that check cannot be trusted: the
-- function now creates the partition after the lock and takes "already exists" as the partition created meanwhile.
CREATE OR REPLACE FUNCTION market.ensure_history_partition(at timestamptz) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    month_start timestamp := date_trunc('month', at AT TIME ZONE 'UTC');
    partition_name text := 'price_snapshots_' || to_char(month_start, 'YYYY_MM');
BEGIN
    IF to_regclass('market.' || partition_name) IS NULL THEN
        PERFORM pg_advisory_xact_lock(hashtext('market.price_snapshots partitions'));
        BEGIN
            EXECUTE format(
                'CREATE TABLE market.%I PARTITION OF market.price_snapshots FOR VALUES FROM (%L) TO (%L)',
                partition_name,
                month_start AT TIME ZONE 'UTC',
                (month_start + interval '1 month') AT TIME ZONE 'UTC');
            PERFORM market.limit_history_statistics(to_regclass('market.' || partition_name));
        EXCEPTION WHEN duplicate_table THEN
            NULL; -- created by another writer while this one waited for the lock
        END;
    END IF;
    RETURN partition_name;
END;
$$;
