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

-- Person records with their first values typed, for people and tools that want columns, not JSON.
-- Features for matching (folded names, phonetic keys) belong to resolution, which builds its own.
CREATE VIEW persons AS
SELECT
    source,
    record_id,
    caption                                        AS full_name,
    properties ->> '$.firstName[0]'                AS given_name,
    properties ->> '$.lastName[0]'                 AS family_name,
    properties ->> '$.fatherName[0]'               AS father_name,
    properties ->> '$.birthDate[0]'                AS birth_date,
    CASE length(properties ->> '$.birthDate[0]')
        WHEN 4 THEN 'year' WHEN 7 THEN 'month' WHEN 10 THEN 'day' END AS birth_date_precision,
    (properties ->> '$.birthDate[0]') LIKE '%-01-01' AS birth_date_default,
    properties ->> '$.gender[0]'                   AS sex,
    properties ->> '$.nationality[0]'              AS nationality,
    properties ->> '$.birthPlace[0]'               AS birth_place,
    coalesce(properties ->> '$.passportNumber[0]', properties ->> '$.idNumber[0]') AS document_number,
    properties ->> '$.phone[0]'                    AS phone,
    properties ->> '$.email[0]'                    AS email,
    properties ->> '$.address[0]'                  AS address,
    properties ->> '$.city[0]'                     AS city,
    properties ->> '$.country[0]'                  AS country,
    batch_id
FROM records
WHERE schema = 'Person';

-- Rows that could not be loaded, with why. Never silently dropped.
CREATE TABLE quarantine (
    batch_id        INTEGER NOT NULL,
    file_path       VARCHAR NOT NULL,
    row_number      BIGINT,
    field           VARCHAR,
    reason          VARCHAR NOT NULL,
    raw             VARCHAR
);
