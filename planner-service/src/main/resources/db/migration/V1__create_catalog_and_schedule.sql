-- The catalog the planner owns, the schedule state per product x provider x region, and an audit of ticks.
CREATE TABLE products (
    sku        text PRIMARY KEY,
    name       text        NOT NULL,
    brand      text        NOT NULL,
    tier       text        NOT NULL CHECK (tier IN ('HOT', 'WARM', 'COLD', 'FROZEN')),
    active     boolean     NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sync_state (
    sku               text        NOT NULL REFERENCES products (sku),
    provider          text        NOT NULL,
    region            text        NOT NULL,
    next_due_at       timestamptz NOT NULL,
    last_requested_at timestamptz,
    last_request_id   text,
    PRIMARY KEY (sku, provider, region)
);

CREATE INDEX sync_state_due ON sync_state (provider, next_due_at);

CREATE TABLE sync_runs (
    id          bigserial PRIMARY KEY,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz,
    emitted     integer     NOT NULL DEFAULT 0
);
