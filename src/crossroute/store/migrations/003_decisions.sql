-- Analysts' decisions on matches: append-only; the latest decision on a pair of records wins, and every
-- resolution run respects it (confirm: always one entity; split: never one entity).
CREATE SEQUENCE decision_ids START 1;
CREATE TABLE decisions (
    decision_id     INTEGER PRIMARY KEY,
    kind            VARCHAR NOT NULL,       -- confirm | split
    unique_id_l     VARCHAR NOT NULL,       -- source|record_id
    unique_id_r     VARCHAR NOT NULL,
    decided_by      VARCHAR NOT NULL,
    decided_at      TIMESTAMP NOT NULL,
    reason          VARCHAR NOT NULL
);
