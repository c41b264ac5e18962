-- Federation: what a node published (reference -> record, kept at home), the hits it learnt, requests
-- for information between nodes, and deconfliction alerts raised by peers. Schema `federation`, apart
-- from the data tables in `main` (the Parquet export never copies it).
CREATE SCHEMA federation;

-- The opaque reference of every record in this node's last publication (never sent with the record).
CREATE TABLE federation.published (
    reference       VARCHAR PRIMARY KEY,
    source          VARCHAR NOT NULL,
    record_id       VARCHAR NOT NULL,
    published_at    TIMESTAMP NOT NULL
);

-- Hits of this node's records at peers: only what the peer answered (its node, reference and a score).
CREATE TABLE federation.hits (
    peer            VARCHAR NOT NULL,
    query           VARCHAR NOT NULL,       -- this node's reference
    source          VARCHAR NOT NULL,       -- the record it stands for (here, at home)
    record_id       VARCHAR NOT NULL,
    reference       VARCHAR NOT NULL,       -- the peer's reference
    score           DOUBLE NOT NULL,
    kind            VARCHAR NOT NULL,       -- person | phone | document | ...
    found_at        TIMESTAMP NOT NULL,
    found_by        VARCHAR NOT NULL
);

-- Requests for information (SIENA-like), on both sides: outgoing (we ask) and incoming (we own).
CREATE TABLE federation.requests (
    request_id      VARCHAR NOT NULL,       -- ASKING-NODE-YYYYMMDD-xxxxxx, the same on both nodes
    direction       VARCHAR NOT NULL,       -- outgoing | incoming
    asking_node     VARCHAR NOT NULL,
    owner_node      VARCHAR NOT NULL,
    reference       VARCHAR NOT NULL,       -- the owner's reference the hit gave
    purpose         VARCHAR NOT NULL,
    case_ref        VARCHAR,
    urgency         VARCHAR NOT NULL,       -- urgent | normal
    accessible      VARCHAR NOT NULL,       -- direct | indirect (Directive (EU) 2023/977 Art. 5)
    asked_by        VARCHAR NOT NULL,
    asked_at        TIMESTAMP NOT NULL,
    due_at          TIMESTAMP NOT NULL,
    status          VARCHAR NOT NULL,       -- pending | approved | narrowed | refused
    decided_by      VARCHAR,
    decided_at      TIMESTAMP,
    note            VARCHAR,
    disclosed       JSON,                   -- the records as disclosed (receiver's copy; owner: keys)
    PRIMARY KEY (request_id, direction)
);

-- Deconfliction across nodes: an open operation of ours overlaps a peer's (never its details).
CREATE SEQUENCE federation.alert_ids START 1;
CREATE TABLE federation.alerts (
    alert_id        INTEGER PRIMARY KEY,
    our_operation   VARCHAR NOT NULL,
    peer            VARCHAR NOT NULL,
    contact         VARCHAR NOT NULL,       -- whom to call at the peer
    kind            VARCHAR NOT NULL,       -- same person | same identifier
    raised_at       TIMESTAMP NOT NULL
);
