-- Ingest batches: one per file load. A file loads in one transaction with its batch row.
CREATE SEQUENCE batch_ids START 1;
CREATE TABLE ingest_batches (
    batch_id        INTEGER PRIMARY KEY,
    file_path       VARCHAR NOT NULL,
    file_sha256     VARCHAR NOT NULL,
    mapping_sha256  VARCHAR,
    agency          VARCHAR,
    format          VARCHAR NOT NULL,
    rows_read       BIGINT NOT NULL,
    loaded          BIGINT NOT NULL,
    quarantined     BIGINT NOT NULL,
    started_at      TIMESTAMP NOT NULL,
    finished_at     TIMESTAMP NOT NULL,
    stored_as       VARCHAR,             -- the file as supplied, kept under files/ (by SHA-256)
    reader          JSON                 -- how it was read (encoding, delimiter, sheet, JSON path)
);

-- Every record as supplied, with its provenance. Append-only: nothing updates or deletes rows here.
-- The row as read stays in the supplied file, kept byte for byte under files/ (batch -> stored_as, row_number).
CREATE TABLE records (
    source              VARCHAR NOT NULL,   -- supplying agency code
    record_id           VARCHAR NOT NULL,   -- the agency's id for the record
    schema              VARCHAR NOT NULL,   -- Person, Phone, Crossing ... (schemata.yaml)
    caption             VARCHAR,
    properties          JSON NOT NULL,      -- cleaned values: {property: [values]}
    dataset             VARCHAR,
    source_ref          VARCHAR,
    collected_on        DATE,
    handling_scheme     VARCHAR,
    handling_code       VARCHAR,
    handling_note       VARCHAR,
    grading_scheme      VARCHAR,
    grading_source      VARCHAR,
    grading_info        VARCHAR,
    subject_category    VARCHAR,
    nature              VARCHAR NOT NULL,   -- fact | assessment
    review_date         DATE,
    batch_id            INTEGER NOT NULL,
    row_number          BIGINT NOT NULL     -- line in the source file (header = 1)
);

-- Typed features of Person records, cleaned once at ingest, for resolution and search.
CREATE TABLE persons (
    source              VARCHAR NOT NULL,
    record_id           VARCHAR NOT NULL,
    full_name           VARCHAR,            -- display form as given
    given_name          VARCHAR,
    family_name         VARCHAR,
    name_folded         VARCHAR,            -- Latin, case- and accent-folded
    given_folded        VARCHAR,
    family_folded       VARCHAR,
    father_name_folded  VARCHAR,
    birth_date          VARCHAR,            -- YYYY, YYYY-MM or YYYY-MM-DD
    birth_date_precision VARCHAR,
    birth_date_default  BOOLEAN,            -- 1 January: often a registration default
    sex                 VARCHAR,
    nationality         VARCHAR,            -- ISO 3166 alpha-3
    birth_place         VARCHAR,
    document_number     VARCHAR,
    phone               VARCHAR,            -- E.164
    email               VARCHAR,
    address             VARCHAR,
    city                VARCHAR,
    country             VARCHAR,
    batch_id            INTEGER NOT NULL
);

-- Rows that could not be loaded, with why. Never silently dropped.
CREATE TABLE quarantine (
    batch_id        INTEGER NOT NULL,
    file_path       VARCHAR NOT NULL,
    row_number      BIGINT,
    field           VARCHAR,
    reason          VARCHAR NOT NULL,
    raw             VARCHAR
);
