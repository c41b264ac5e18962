-- Resolution results. Derived from records; each run replaces them (history of runs is kept).
CREATE SEQUENCE resolution_run_ids START 1;
CREATE TABLE resolution_runs (
    run_id          INTEGER PRIMARY KEY,
    engine          VARCHAR NOT NULL,
    started_at      TIMESTAMP NOT NULL,
    finished_at     TIMESTAMP NOT NULL,
    records         BIGINT NOT NULL,
    pairs           BIGINT NOT NULL,
    entities        BIGINT NOT NULL,
    threshold       DOUBLE NOT NULL,
    model           JSON              -- the trained Splink model: levels and their weights
);

-- Every Person record and the entity it belongs to.
CREATE TABLE clusters (
    source          VARCHAR NOT NULL,
    record_id       VARCHAR NOT NULL,
    entity_id       VARCHAR NOT NULL,
    run_id          INTEGER NOT NULL
);

-- Scored candidate pairs: the evidence behind every merge (and every refusal).
CREATE TABLE match_pairs (
    run_id              INTEGER NOT NULL,
    unique_id_l         VARCHAR NOT NULL,   -- source|record_id
    unique_id_r         VARCHAR NOT NULL,
    match_weight        DOUBLE NOT NULL,
    match_probability   DOUBLE NOT NULL,
    merged              BOOLEAN NOT NULL,
    refused             VARCHAR,            -- why clustering would not merge them, if it would not
    levels              JSON NOT NULL,      -- comparison -> level index (Splink gamma)
    weights             JSON NOT NULL       -- comparison -> match weight (log2 Bayes factor)
);

-- Identifier entities: exact cleaned values (phones, documents, accounts...) that records point to.
-- A shared identifier is evidence, never on its own a reason to merge two persons.
CREATE TABLE identifiers (
    kind            VARCHAR NOT NULL,       -- phone, document, iban, email, plate, imo, mmsi, container, handle
    value           VARCHAR NOT NULL,
    source          VARCHAR NOT NULL,
    record_id       VARCHAR NOT NULL,
    schema          VARCHAR NOT NULL,
    property        VARCHAR NOT NULL,
    run_id          INTEGER NOT NULL
);
