-- One row per provider call granted, by credential: the sliding windows of the shared budget count these.
CREATE TABLE budget_calls (
    credential text        NOT NULL,
    called_at  timestamptz NOT NULL,
    lane       text        NOT NULL
);
CREATE INDEX budget_calls_by_credential ON budget_calls (credential, called_at);

-- One row per credential: locked by every grant so replicas take tokens one at a time.
CREATE TABLE budget_credentials (
    credential             text PRIMARY KEY,
    priority_waiting_until timestamptz NULL
);

-- A provider that answered 429 is not called by any replica before paused_until.
CREATE TABLE provider_pauses (
    provider     text PRIMARY KEY,
    paused_until timestamptz NOT NULL,
    reason       text        NULL
);

-- What a request produced, kept until published and acknowledged, so a redelivery republishes it without calling
-- the provider again.
CREATE TABLE fetch_results (
    request_id text PRIMARY KEY,
    stored_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    outcome    bytea       NOT NULL,
    snapshots  bytea       NOT NULL
);
CREATE INDEX fetch_results_by_age ON fetch_results (stored_at);
