-- Detector results kept in the workspace (issue 17): the money alerts of one data version, as seen by one
-- visibility scope (the exact set of accounts a caller may see), with one detector settings and model.
-- Callers whose gate leaves them the same accounts share a row; the gate is still applied at every read
-- (analysis.finance.cache). A new load of financial records empties these tables.
CREATE TABLE finance_detections (
    detection_id        INTEGER NOT NULL,
    data_version        VARCHAR NOT NULL,   -- sha256 of the financial tables' row counts and batch ids
    scope_key           VARCHAR NOT NULL,   -- md5 of the visible accounts
    settings_key        VARCHAR NOT NULL,   -- sha256 of thresholds, detector version, model id
    computed_at         TIMESTAMP NOT NULL,
    transactions        BIGINT NOT NULL,    -- transactions scanned (visible to the scope)
    seconds             JSON                -- wall and CPU seconds per step
);

CREATE TABLE finance_detection_flags (
    detection_id        INTEGER NOT NULL,
    tid                 BIGINT NOT NULL,
    txn_id              VARCHAR NOT NULL,
    score               DOUBLE NOT NULL,
    typology            VARCHAR NOT NULL,
    alert_id            VARCHAR NOT NULL,
    src                 VARCHAR,
    dst                 VARCHAR,
    ts                  TIMESTAMP,
    eur                 DOUBLE,
    channel             VARCHAR,
    src_country         VARCHAR,
    dst_country         VARCHAR
);

CREATE TABLE finance_detection_alerts (
    detection_id        INTEGER NOT NULL,
    alert_id            VARCHAR NOT NULL,
    typology            VARCHAR NOT NULL,
    score               DOUBLE NOT NULL,
    accounts            VARCHAR[],
    why                 VARCHAR,
    transactions        BIGINT NOT NULL
);
