-- Ports: customs declarations with their inspection outcomes, the rows set aside, the trained risk
-- models, and the selections made for inspection. Schema `ports`.
CREATE SCHEMA ports;

-- Declaration items as read (canonical columns); fraud / critical_fraud NULL when no outcome is known.
CREATE TABLE ports.declarations (
    declaration_id      VARCHAR NOT NULL,
    date                DATE NOT NULL,
    office              VARCHAR,
    process_type        VARCHAR,
    import_type         VARCHAR,
    import_use          VARCHAR,
    payment_type        VARCHAR,
    transport_mode      VARCHAR,
    declarant           VARCHAR,
    importer            VARCHAR,
    seller              VARCHAR,
    courier             VARCHAR,
    hs6                 VARCHAR,
    departure           VARCHAR,
    origin              VARCHAR,
    tax_type            VARCHAR,
    origin_indicator    VARCHAR,
    tax_rate            DOUBLE,
    net_mass            DOUBLE,
    item_price          DOUBLE,
    container           VARCHAR,
    imo                 VARCHAR,
    transshipment       VARCHAR,
    inspection_outcome  VARCHAR,
    fraud               INTEGER,
    critical_fraud      INTEGER,
    source_file         VARCHAR NOT NULL,
    loaded_at           TIMESTAMP NOT NULL
);

-- Rows that could not be used, with the file, row and the reason.
CREATE TABLE ports.quarantine (
    file            VARCHAR NOT NULL,
    row             BIGINT NOT NULL,
    declaration_id  VARCHAR,
    reason          VARCHAR NOT NULL,
    found_at        TIMESTAMP NOT NULL
);

-- Trained models (the latest is used); model holds the vocabulary and both boosters as JSON text.
CREATE TABLE ports.models (
    model_id        INTEGER PRIMARY KEY,
    trained_at      TIMESTAMP NOT NULL,
    trained_by      VARCHAR,
    rows            BIGINT NOT NULL,
    facts           JSON NOT NULL,
    model           VARCHAR NOT NULL
);

-- Scores of the last scoring run per declaration (the risk officer's list and explanations).
CREATE TABLE ports.scores (
    declaration_id  VARCHAR NOT NULL,
    date            DATE NOT NULL,
    office          VARCHAR,
    score           DOUBLE NOT NULL,
    fraud_probability    DOUBLE NOT NULL,
    critical_probability DOUBLE NOT NULL,
    reasons         VARCHAR NOT NULL,
    model_id        INTEGER NOT NULL,
    scored_at       TIMESTAMP NOT NULL
);

-- Declarations chosen for inspection: from the ranking (top) or by random exploration (explore).
CREATE TABLE ports.selections (
    selection_id    VARCHAR NOT NULL,
    declaration_id  VARCHAR NOT NULL,
    date            DATE NOT NULL,
    office          VARCHAR,
    score           DOUBLE NOT NULL,
    chosen_by       VARCHAR NOT NULL,      -- top | explore
    selected_at     TIMESTAMP NOT NULL
);
