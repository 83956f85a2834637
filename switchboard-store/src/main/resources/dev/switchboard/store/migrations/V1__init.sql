-- Portable across SQLite and PostgreSQL: TEXT ids, BIGINT epoch milliseconds for times,
-- BOOLEAN (SQLite stores 0/1), JSON as TEXT.

CREATE TABLE tenants (
    id             TEXT    PRIMARY KEY,
    name           TEXT    NOT NULL UNIQUE,
    rpm            INTEGER,
    tpm            INTEGER,
    max_concurrent INTEGER,
    budget_nanos   BIGINT,
    budget_period  TEXT    CHECK (budget_period IN ('day', 'month')),
    disabled       BOOLEAN NOT NULL DEFAULT FALSE,
    metadata       TEXT    NOT NULL DEFAULT '{}',
    created_at     BIGINT  NOT NULL,
    updated_at     BIGINT  NOT NULL
);

CREATE TABLE api_keys (
    id             TEXT    PRIMARY KEY,
    tenant_id      TEXT    NOT NULL REFERENCES tenants (id),
    name           TEXT,
    prefix         TEXT    NOT NULL,
    hash           TEXT    NOT NULL UNIQUE,
    models         TEXT    NOT NULL DEFAULT '[]',
    rpm            INTEGER,
    tpm            INTEGER,
    max_concurrent INTEGER,
    budget_nanos   BIGINT,
    budget_period  TEXT    CHECK (budget_period IN ('day', 'month')),
    expires_at     BIGINT,
    disabled       BOOLEAN NOT NULL DEFAULT FALSE,
    metadata       TEXT    NOT NULL DEFAULT '{}',
    created_at     BIGINT  NOT NULL,
    updated_at     BIGINT  NOT NULL
);

CREATE INDEX api_keys_tenant ON api_keys (tenant_id);

CREATE INDEX api_keys_prefix ON api_keys (prefix);

-- The usage ledger. No foreign keys: the ledger outlives keys and tenants, and a write behind
-- must never fail because of them.
CREATE TABLE usage_records (
    id                  TEXT    PRIMARY KEY,
    request_id          TEXT,
    at                  BIGINT  NOT NULL,
    tenant_id           TEXT,
    key_id              TEXT,
    model               TEXT,
    deployment          TEXT,
    upstream_model      TEXT,
    status              INTEGER NOT NULL,
    input_tokens        BIGINT  NOT NULL,
    cached_input_tokens BIGINT  NOT NULL,
    output_tokens       BIGINT  NOT NULL,
    reasoning_tokens    BIGINT  NOT NULL,
    cost_nanos          BIGINT  NOT NULL,
    estimated           BOOLEAN NOT NULL,
    streamed            BOOLEAN NOT NULL
);

CREATE INDEX usage_records_tenant_at ON usage_records (tenant_id, at);

CREATE INDEX usage_records_key_at ON usage_records (key_id, at);

CREATE INDEX usage_records_at ON usage_records (at);

-- One row whose version goes up in the same transaction as every tenant or key write, so
-- replicas notice changes with one cheap query.
CREATE TABLE changes (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT  NOT NULL
);

INSERT INTO changes (id, version) VALUES (1, 0);

CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
