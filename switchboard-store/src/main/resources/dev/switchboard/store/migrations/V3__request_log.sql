-- The request log: one row per request, written behind in batches, pruned after its retention.
-- Portable across SQLite and PostgreSQL. No foreign keys: the log outlives keys and tenants.
-- request_id is the client's x-request-id or the gateway's: not unique (clients may reuse theirs).
CREATE TABLE request_log (
    id                  TEXT    PRIMARY KEY,
    request_id          TEXT    NOT NULL,
    at                  BIGINT  NOT NULL,
    tenant_id           TEXT,
    tenant              TEXT,
    key_prefix          TEXT,
    route               TEXT    NOT NULL,
    model               TEXT,
    deployment          TEXT,
    attempts            INTEGER NOT NULL,
    status              INTEGER NOT NULL,
    error_type          TEXT,
    latency_micros      BIGINT  NOT NULL,
    ttft_micros         BIGINT,
    input_tokens        BIGINT  NOT NULL,
    output_tokens       BIGINT  NOT NULL,
    cost_nanos          BIGINT  NOT NULL,
    streamed            BOOLEAN NOT NULL,
    cache               TEXT,
    guards              TEXT    NOT NULL DEFAULT '[]',
    trace_id            TEXT,
    request_body        TEXT,
    response_body       TEXT
);

CREATE INDEX request_log_request_id ON request_log (request_id, at);

CREATE INDEX request_log_at ON request_log (at);

CREATE INDEX request_log_tenant_at ON request_log (tenant, at);

-- Applications' verdicts on answers: one row per request id, a later verdict replaces an earlier.
CREATE TABLE feedback (
    request_id  TEXT    PRIMARY KEY,
    tenant_id   TEXT,
    tenant      TEXT,
    key_id      TEXT,
    model       TEXT,
    route       TEXT,
    accepted    BOOLEAN NOT NULL,
    score       DOUBLE PRECISION,
    comment     TEXT,
    at          BIGINT  NOT NULL
);

CREATE INDEX feedback_tenant_at ON feedback (tenant_id, at);

CREATE INDEX feedback_at ON feedback (at);
