-- The sharing gate: users, need-to-know, the audit log, DPO bookkeeping, deconfliction.
-- Everything lives in its own schema `sharing`, apart from the data tables in `main`: the Parquet
-- export/import (tables of `main` only) never copies accounts, password hashes or the audit log.
CREATE SCHEMA sharing;

-- People who may use the workspace. One agency each. No default account, no default password.
CREATE TABLE sharing.users (
    name            VARCHAR PRIMARY KEY,
    agency          VARCHAR NOT NULL,
    role            VARCHAR NOT NULL,       -- analyst | supervisor | administrator | dpo
    password_hash   VARCHAR,                -- argon2id; NULL: no password set (no API/web login)
    created_at      TIMESTAMP NOT NULL,
    created_by      VARCHAR NOT NULL,
    disabled_at     TIMESTAMP
);

-- API tokens: only a SHA-256 of the secret is kept; revocable and expiring.
CREATE TABLE sharing.tokens (
    token_id        VARCHAR PRIMARY KEY,
    user_name       VARCHAR NOT NULL,
    secret_sha256   VARCHAR NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    expires_at      TIMESTAMP NOT NULL,
    revoked_at      TIMESTAMP
);

-- Need-to-know: cases, their members, and the records (data subjects) each case needs.
CREATE TABLE sharing.cases (
    case_ref        VARCHAR PRIMARY KEY,
    agency          VARCHAR NOT NULL,
    title           VARCHAR,
    opened_by       VARCHAR NOT NULL,
    opened_at       TIMESTAMP NOT NULL
);
CREATE TABLE sharing.case_members (
    case_ref        VARCHAR NOT NULL,
    user_name       VARCHAR NOT NULL
);
CREATE TABLE sharing.case_subjects (
    case_ref        VARCHAR NOT NULL,
    source          VARCHAR NOT NULL,
    record_id       VARCHAR NOT NULL
);

-- An owner agency's permission for a use its handling code reserves (H1 judicial, H2/C/AMBER onward).
CREATE TABLE sharing.grants (
    owner_agency    VARCHAR NOT NULL,
    grantee_agency  VARCHAR NOT NULL,
    permitted_use   VARCHAR NOT NULL,       -- judicial | onward
    granted_by      VARCHAR NOT NULL,
    granted_at      TIMESTAMP NOT NULL
);

-- The audit log: append-only, each entry chained to the one before by SHA-256 (see sharing/audit.py).
-- No index on seq: `audit verify` checks the numbering, and an index would double each append's cost.
CREATE TABLE sharing.audit_log (
    seq             BIGINT NOT NULL,
    logged_at       VARCHAR NOT NULL,       -- ISO 8601 UTC, hashed as written
    actor           VARCHAR NOT NULL,
    agency          VARCHAR,
    role            VARCHAR,
    action          VARCHAR NOT NULL,       -- collection | alteration | consultation | disclosure | combination | erasure
    purpose         VARCHAR,
    case_ref        VARCHAR,
    detail          VARCHAR NOT NULL,       -- canonical JSON
    subjects        VARCHAR[] NOT NULL,     -- SOURCE|RECORD_ID of every record shown
    recipients      VARCHAR[] NOT NULL,
    prev_hash       VARCHAR NOT NULL,
    hash            VARCHAR NOT NULL
);

-- Search keys, derived from records (erasure removes them with the record).
CREATE TABLE sharing.search_names (
    source          VARCHAR NOT NULL,
    schema          VARCHAR NOT NULL,
    record_id       VARCHAR NOT NULL,
    variant         INTEGER NOT NULL,
    skeleton        VARCHAR NOT NULL
);
CREATE TABLE sharing.search_ids (
    source          VARCHAR NOT NULL,
    schema          VARCHAR NOT NULL,
    record_id       VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL,
    value           VARCHAR NOT NULL
);
CREATE TABLE sharing.index_state (
    batch_id        INTEGER NOT NULL        -- every batch up to here is indexed
);

-- Erasure: what was erased, when, by whom and why (the record itself is gone).
CREATE TABLE sharing.tombstones (
    source          VARCHAR NOT NULL,
    record_id       VARCHAR NOT NULL,
    erased_at       TIMESTAMP NOT NULL,
    erased_by       VARCHAR NOT NULL,
    reason          VARCHAR NOT NULL,
    rows_removed    JSON NOT NULL           -- table -> rows removed
);

-- Correction notices to agencies that received data later found wrong (LED Art. 7(3)).
CREATE SEQUENCE sharing.notice_ids START 1;
CREATE TABLE sharing.notices (
    notice_id       INTEGER PRIMARY KEY,
    recipient       VARCHAR NOT NULL,
    source          VARCHAR NOT NULL,
    record_id       VARCHAR NOT NULL,
    note            VARCHAR NOT NULL,
    sent_by         VARCHAR NOT NULL,
    sent_at         TIMESTAMP NOT NULL
);

-- Deconfliction: operations, their targets, and the alerts between owners.
CREATE TABLE sharing.operations (
    op_ref          VARCHAR PRIMARY KEY,
    agency          VARCHAR NOT NULL,
    contact         VARCHAR NOT NULL,
    registered_by   VARCHAR NOT NULL,
    registered_at   TIMESTAMP NOT NULL,
    closed_at       TIMESTAMP
);
CREATE TABLE sharing.targets (
    op_ref          VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL,       -- person | phone | vehicle | address | document ...
    value           VARCHAR NOT NULL,       -- cleaned
    starts_on       DATE NOT NULL,
    ends_on         DATE NOT NULL
);
CREATE SEQUENCE sharing.alert_ids START 1;
CREATE TABLE sharing.alerts (
    alert_id        INTEGER PRIMARY KEY,
    op_a            VARCHAR NOT NULL,
    op_b            VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL,       -- same entity | same identifier | same place and time
    raised_at       TIMESTAMP NOT NULL
);
