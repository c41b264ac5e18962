-- Seized communications (issue 18): corpora with their legal scope, messages, rejected rows, and the
-- analyst's decisions on handle attribution. In schema `comms`, apart from `main`: the Parquet
-- export/import (tables of `main` only) never copies messages past the sharing gate.
CREATE SCHEMA comms;

-- One loaded file = one corpus, with the scope a court authorised it for.
CREATE TABLE comms.corpora (
    corpus_id           VARCHAR PRIMARY KEY,    -- the file's SHA-256 (loading it again changes nothing)
    agency              VARCHAR NOT NULL,       -- the supplying agency (owner)
    file_name           VARCHAR NOT NULL,
    loaded_at           TIMESTAMP NOT NULL,
    rows_loaded         BIGINT NOT NULL,
    rows_quarantined    BIGINT NOT NULL,
    case_ref            VARCHAR,                -- the case the corpus is authorised for (NULL: agency only)
    authorisation_ref   VARCHAR,                -- the court's or prosecutor's reference
    date_from           DATE,                   -- messages outside the authorised range are never shown
    date_to             DATE
);

CREATE TABLE comms.messages (
    corpus_id           VARCHAR NOT NULL,
    msg_id              VARCHAR NOT NULL,
    ts                  TIMESTAMP NOT NULL,
    from_handle         VARCHAR NOT NULL,
    to_handle           VARCHAR NOT NULL,
    text                VARCHAR NOT NULL,
    device_id           VARCHAR,
    group_id            VARCHAR,
    attachment_sha256   VARCHAR,
    lat                 DOUBLE,
    lon                 DOUBLE,
    norm                VARCHAR NOT NULL,       -- text folded for search (case, accents, letter variants, digits)
    seq                 BIGINT NOT NULL         -- workspace-wide message number (the search index's row id)
);

CREATE TABLE comms.quarantine (
    corpus_id           VARCHAR NOT NULL,
    file_name           VARCHAR NOT NULL,
    row_number          BIGINT NOT NULL,        -- 1 = the first data row
    field               VARCHAR NOT NULL,
    reason              VARCHAR NOT NULL,
    raw                 VARCHAR
);

-- An analyst's word on two handles: the same person, or not (overrides the attribution).
CREATE TABLE comms.handle_decisions (
    handle_a            VARCHAR NOT NULL,
    handle_b            VARCHAR NOT NULL,
    decision            VARCHAR NOT NULL,       -- same | different
    decided_by          VARCHAR NOT NULL,
    decided_at          TIMESTAMP NOT NULL,
    note                VARCHAR
);
