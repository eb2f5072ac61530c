-- Schedule state carries the lease of the request in flight, outcomes feed back into it, provider mappings keep
-- what each provider answered per product, manual requests are tracked for GET /api/sync/{id}, runs keep counters.

ALTER TABLE products
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

ALTER TABLE sync_state DROP CONSTRAINT sync_state_sku_fkey;
ALTER TABLE sync_state
    ADD CONSTRAINT sync_state_sku_fkey FOREIGN KEY (sku) REFERENCES products (sku) ON DELETE CASCADE;

-- tier_rank copies the product's tier (0 HOT, 1 WARM, 2 COLD, 3 FROZEN) so the due query is one index range scan;
-- scheduled is false for FROZEN products and for a provider that archived the product.
ALTER TABLE sync_state
    ADD COLUMN tier_rank            smallint    NOT NULL DEFAULT 2 CHECK (tier_rank BETWEEN 0 AND 3),
    ADD COLUMN scheduled            boolean     NOT NULL DEFAULT true,
    ADD COLUMN last_success_at      timestamptz,
    ADD COLUMN consecutive_failures integer     NOT NULL DEFAULT 0,
    ADD COLUMN in_flight_request_id text,
    ADD COLUMN in_flight_priority   text CHECK (in_flight_priority IN ('MANUAL', 'HOT', 'BACKGROUND')),
    ADD COLUMN lease_expires_at     timestamptz,
    ADD COLUMN last_outcome_status  text,
    ADD COLUMN last_outcome_at      timestamptz,
    ADD COLUMN last_error           text;

UPDATE sync_state s
SET tier_rank = CASE p.tier WHEN 'HOT' THEN 0 WHEN 'WARM' THEN 1 WHEN 'COLD' THEN 2 ELSE 3 END,
    scheduled = p.tier <> 'FROZEN' AND p.active
FROM products p
WHERE p.sku = s.sku;

DROP INDEX sync_state_due;
CREATE INDEX sync_state_due ON sync_state (provider, tier_rank, next_due_at)
    WHERE scheduled AND in_flight_request_id IS NULL;
CREATE INDEX sync_state_leases ON sync_state (provider, lease_expires_at)
    WHERE in_flight_request_id IS NOT NULL;
CREATE UNIQUE INDEX sync_state_in_flight ON sync_state (in_flight_request_id)
    WHERE in_flight_request_id IS NOT NULL;

-- The regions the schedule has rows for, so a newly configured region is backfilled once, not on every start.
CREATE TABLE scheduled_regions (
    provider text NOT NULL,
    region   text NOT NULL,
    PRIMARY KEY (provider, region)
);
INSERT INTO scheduled_regions (provider, region)
SELECT DISTINCT provider, region FROM sync_state;

CREATE TABLE provider_mappings (
    sku                 text        NOT NULL REFERENCES products (sku) ON DELETE CASCADE,
    provider            text        NOT NULL,
    status              text        NOT NULL CHECK (status IN ('UNRESOLVED', 'VERIFIED', 'NOT_FOUND')),
    provider_product_id text,
    -- first NOT_FOUND of the current unbroken run of NOT_FOUND answers
    not_found_since     timestamptz,
    archived_at         timestamptz,
    updated_at          timestamptz NOT NULL,
    PRIMARY KEY (sku, provider)
);

CREATE TABLE manual_requests (
    request_id          text PRIMARY KEY,
    sku                 text        NOT NULL REFERENCES products (sku) ON DELETE CASCADE,
    provider            text        NOT NULL,
    region              text        NOT NULL,
    requested_at        timestamptz NOT NULL,
    requested_by        text        NOT NULL,
    superseded_id       text,
    status              text        NOT NULL DEFAULT 'PENDING',
    snapshots_published integer,
    http_status         integer,
    error               text,
    finished_at         timestamptz
);

ALTER TABLE sync_runs
    ADD COLUMN instance       text,
    ADD COLUMN leases_expired integer NOT NULL DEFAULT 0,
    ADD COLUMN outcomes_applied integer NOT NULL DEFAULT 0,
    -- per provider: capacity, due, emitted per priority, held back per tier
    ADD COLUMN providers      jsonb   NOT NULL DEFAULT '{}'::jsonb,
    ADD COLUMN error          text;

-- ShedLock: one tick at a time across planner replicas.
CREATE TABLE shedlock (
    name       varchar(64)  NOT NULL PRIMARY KEY,
    lock_until timestamptz  NOT NULL,
    locked_at  timestamptz  NOT NULL,
    locked_by  varchar(255) NOT NULL
);
