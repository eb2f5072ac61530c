-- Every observed snapshot, kept as history. snapshot_id is deterministic (provider, sku, variant, region,
-- observed_at), so a re-sent or replayed snapshot collides here and is ignored.
-- Plain table for now; monthly range partitioning on observed_at comes with its own migration.
CREATE TABLE price_snapshots (
    snapshot_id             text        NOT NULL,
    request_id              text        NOT NULL,
    provider                text        NOT NULL,
    sku                     text        NOT NULL,
    provider_product_id     text        NULL,
    style_code_raw          text        NULL,
    variant_key             text        NOT NULL,
    provider_variant_id     text        NULL,
    size                    text        NULL,
    size_system             text        NOT NULL,
    us_size                 text        NULL,
    condition               text        NOT NULL,
    packaging               text        NOT NULL,
    fulfilment              text        NOT NULL,
    region                  text        NOT NULL,
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
    sales_window_start      timestamptz NULL,
    sales_window_end        timestamptz NULL,
    listing_count           integer     NULL,
    observed_at             timestamptz NOT NULL,
    fetched_at              timestamptz NOT NULL,
    warnings                text[]      NOT NULL DEFAULT '{}',
    written_at              timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT price_snapshots_pkey PRIMARY KEY (snapshot_id)
);

CREATE INDEX price_snapshots_variant_observed_idx
    ON price_snapshots (provider, sku, variant_key, region, observed_at);

-- The newest known prices of each variant. observed_at/snapshot_id point at the snapshot the row holds,
-- verified_at is the newest observation that confirmed these prices, changed_at when a price last differed.
CREATE TABLE latest_prices (
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
    verified_at             timestamptz NOT NULL,
    changed_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT latest_prices_pkey PRIMARY KEY (provider, sku, variant_key, region)
);

-- Operators and the REST API look prices up by sku first.
CREATE INDEX latest_prices_sku_idx ON latest_prices (sku, provider, region);
