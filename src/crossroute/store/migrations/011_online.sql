-- Online posts (issue 15): posts triaged into a workspace, kept exactly as captured with their SHA-256,
-- owned by the loading user's agency. In schema `online`, apart from `main`: the Parquet export/import
-- (tables of `main` only) never copies posts past the sharing gate.
CREATE SCHEMA online;

CREATE TABLE online.posts (
    post_id             VARCHAR NOT NULL,
    agency              VARCHAR NOT NULL,       -- the owner: the loading user's agency
    platform            VARCHAR NOT NULL,
    text                VARCHAR NOT NULL,       -- exactly as captured
    text_sha256         VARCHAR NOT NULL,       -- SHA-256 of the UTF-8 text
    url                 VARCHAR,
    author_handle       VARCHAR,
    posted_at           VARCHAR,
    captured_at         VARCHAR,
    image_sha256        VARCHAR,
    loaded_by           VARCHAR NOT NULL,
    loaded_at           TIMESTAMP NOT NULL,
    is_ad               BOOLEAN NOT NULL,
    score               DOUBLE NOT NULL,
    language            VARCHAR NOT NULL,
    phones              VARCHAR NOT NULL,       -- E.164 joined by ';'
    prices              VARCHAR NOT NULL,
    places              VARCHAR NOT NULL,
    PRIMARY KEY (agency, post_id)
);
