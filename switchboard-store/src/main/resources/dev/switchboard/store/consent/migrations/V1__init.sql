-- The consent vault: its own database (or schema), with its own credentials in production.
-- Portable across SQLite and PostgreSQL: TEXT ids, BIGINT epoch milliseconds, JSON as TEXT.

CREATE TABLE subjects (
    id         TEXT   PRIMARY KEY,
    created_at BIGINT NOT NULL
);

CREATE TABLE consents (
    id           TEXT   PRIMARY KEY,
    subject_id   TEXT   NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
    purpose      TEXT   NOT NULL,
    fields       TEXT   NOT NULL DEFAULT '[]',
    granted_at   BIGINT NOT NULL,
    expires_at   BIGINT,
    retention_ms BIGINT NOT NULL CHECK (retention_ms > 0),
    revoked_at   BIGINT
);

CREATE INDEX consents_subject ON consents (subject_id, purpose);
CREATE INDEX consents_revoked ON consents (revoked_at);

-- No foreign keys: uses are written behind and must never fail because a consent changed meanwhile.
CREATE TABLE consent_uses (
    id              TEXT   PRIMARY KEY,
    request_id      TEXT   NOT NULL,
    subject_id      TEXT   NOT NULL,
    purpose         TEXT   NOT NULL,
    consent_id      TEXT   NOT NULL,
    tenant          TEXT,
    fields_passed   TEXT   NOT NULL DEFAULT '[]',
    fields_redacted TEXT   NOT NULL DEFAULT '[]',
    at              BIGINT NOT NULL,
    delete_after    BIGINT NOT NULL
);

CREATE INDEX consent_uses_subject ON consent_uses (subject_id, at);
CREATE INDEX consent_uses_delete_after ON consent_uses (delete_after);

CREATE TABLE consent_changes (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT  NOT NULL
);

INSERT INTO consent_changes (id, version) VALUES (1, 0);
