-- Records' cleaned values (`properties`: JSON whose keys repeat on every row) stored with zstd rather
-- than DuckDB's default dictionary/FSST choice: on a million canonical person rows the file is about
-- half the size (84 -> 45 MB) and zstd costs less CPU to write (docs/architecture.md, ingest speed).
-- A column's compression is fixed when its table is made, so the table is made again; the `persons`
-- view reads it by name and needs no change.
CREATE TABLE records_zstd (
    source              VARCHAR NOT NULL,
    record_id           VARCHAR NOT NULL,
    schema              VARCHAR NOT NULL,
    caption             VARCHAR,
    properties          JSON USING COMPRESSION zstd NOT NULL,
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
    nature              VARCHAR NOT NULL,
    review_date         DATE,
    batch_id            INTEGER NOT NULL,
    row_number          BIGINT NOT NULL
);
INSERT INTO records_zstd SELECT * FROM records;
DROP TABLE records;
ALTER TABLE records_zstd RENAME TO records;
