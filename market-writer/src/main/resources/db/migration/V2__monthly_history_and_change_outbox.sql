-- History range-partitioned by month on observed_at. The key is the snapshot's identity (provider, sku, variant,
-- region, observed_at): snapshot_id is derived from exactly these, and one index serves both the conflict check
-- and the per-variant history queries, so every stored snapshot costs one index insert.
ALTER TABLE market.price_snapshots RENAME TO price_snapshots_unpartitioned;
ALTER INDEX market.price_snapshots_pkey RENAME TO price_snapshots_unpartitioned_pkey;
DROP INDEX market.price_snapshots_variant_observed_idx;

CREATE TABLE market.price_snapshots (
    LIKE market.price_snapshots_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
    CONSTRAINT price_snapshots_pkey PRIMARY KEY (provider, sku, variant_key, region, observed_at)
) PARTITION BY RANGE (observed_at);

-- Creates the partition holding the month of the given instant (UTC months) unless it exists; returns its name.
-- Safe to call from several writers at once.
CREATE FUNCTION market.ensure_history_partition(at timestamptz) RETURNS text
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
        END IF;
    END IF;
    RETURN partition_name;
END;
$$;

SELECT market.ensure_history_partition(min(observed_at))
FROM market.price_snapshots_unpartitioned
GROUP BY date_trunc('month', observed_at AT TIME ZONE 'UTC');

INSERT INTO market.price_snapshots SELECT * FROM market.price_snapshots_unpartitioned;
DROP TABLE market.price_snapshots_unpartitioned;

-- latest_prices is updated in place on every newer observation: leave room on each page so the new row version
-- fits beside the old one (a HOT update: no index entry is written, since no indexed column changes).
ALTER TABLE market.latest_prices SET (fillfactor = 70);

-- Change events waiting to be published to market.latest-prices, written in the same transaction as the latest row
-- they describe, so a change committed is a change published (at least once, in seq order, by one relay at a time).
CREATE TABLE market.latest_price_outbox (
    seq                     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    provider                text        NOT NULL,
    sku                     text        NOT NULL,
    variant_key             text        NOT NULL,
    region                  text        NOT NULL,
    provider_variant_id     text        NULL,
    size                    text        NULL,
    size_system             text        NOT NULL,
    us_size                 text        NULL,
    condition               text        NOT NULL,
    packaging               text        NOT NULL,
    fulfilment              text        NOT NULL,
    currency                char(3)     NOT NULL,
    lowest_ask              numeric(14, 2) NULL,
    highest_bid             numeric(14, 2) NULL,
    last_sale               numeric(14, 2) NULL,
    last_sale_at            timestamptz NULL,
    flex_lowest_ask         numeric(14, 2) NULL,
    direct_lowest_ask       numeric(14, 2) NULL,
    suggested_sell_faster   numeric(14, 2) NULL,
    suggested_earn_more     numeric(14, 2) NULL,
    suggested_beat_us       numeric(14, 2) NULL,
    global_indicator_price  numeric(14, 2) NULL,
    sales_count             integer     NULL,
    listing_count           integer     NULL,
    snapshot_id             text        NOT NULL,
    observed_at             timestamptz NOT NULL,
    changed_at              timestamptz NOT NULL
);

-- One row per run of the history retention job, for operators.
CREATE TABLE market.history_retention_runs (
    run_at          timestamptz NOT NULL DEFAULT now(),
    cutoff          timestamptz NOT NULL,
    mode            text        NOT NULL,
    partitions      text[]      NOT NULL,
    created_ahead   text[]      NOT NULL
);
