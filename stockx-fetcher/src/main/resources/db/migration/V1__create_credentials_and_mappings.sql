-- OAuth state of each StockX account, shared by every replica. StockX (Auth0) rotates the refresh token on every
-- refresh and rejects a reused one, so the newest one lives here and is only ever spent under this row's lock.
CREATE TABLE stockx_credentials (
    account_id              text        PRIMARY KEY,
    -- The refresh token to spend next: the configured one until the first refresh, then the latest rotated one.
    refresh_token           text        NOT NULL,
    -- SHA-256 of the configured refresh token this row started from: a different configured token replaces a
    -- refresh token StockX has rejected (an operator's new login), never a working one.
    seed_sha256             text        NOT NULL,
    access_token            text        NULL,
    access_token_expires_at timestamptz NULL,
    -- When replicas stop using the access token and refresh: a little before it expires.
    access_token_renew_at   timestamptz NULL,
    refreshed_at            timestamptz NULL,
    -- Set when the token endpoint refused the refresh token (invalid_grant); cleared by the next good refresh.
    rejected_at             timestamptz NULL,
    rejection               text        NULL
);

-- Which StockX product a catalog style code is, as resolved by an exact style-id match, so a sync costs no search.
CREATE TABLE stockx_product_mappings (
    -- The sku normalised: uppercase alphanumerics, segments of a compound code joined by '/'.
    style_code  text        PRIMARY KEY,
    product_id  text        NOT NULL,
    -- The styleId exactly as StockX wrote it (may be compound), published as styleCodeRaw.
    style_id    text        NULL,
    resolved_at timestamptz NOT NULL
);
CREATE INDEX stockx_product_mappings_by_product ON stockx_product_mappings (product_id);
