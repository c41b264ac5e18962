-- Financial records (issue 17): bank accounts and transactions, each in a table of its own (columnar; a
-- load of 10 million transactions is one INSERT ... SELECT from DuckDB's CSV reader). Rows that fail
-- their checks go to `quarantine` with the reason; the load is one `ingest_batches` row.
-- An account carries its owner's handling code: the sharing gate shows a transaction to a caller who
-- may see one of its accounts (analysis.finance.gated).
CREATE TABLE finance_accounts (
    batch_id            INTEGER NOT NULL,
    row_number          BIGINT NOT NULL,
    source              VARCHAR NOT NULL,   -- supplying agency
    account_id          VARCHAR NOT NULL,
    country             VARCHAR,
    type                VARCHAR,
    bank                VARCHAR,
    holder_record_id    VARCHAR,
    holder_name         VARCHAR,
    iban                VARCHAR,
    opened_on           DATE,
    handling_scheme     VARCHAR,
    handling_code       VARCHAR,
    handling_note       VARCHAR
);

CREATE TABLE finance_transactions (
    batch_id            INTEGER NOT NULL,
    row_number          BIGINT NOT NULL,
    source              VARCHAR NOT NULL,
    txn_id              VARCHAR NOT NULL,
    ts                  TIMESTAMP NOT NULL,
    from_account        VARCHAR,            -- empty: cash paid in
    to_account          VARCHAR,            -- empty: cash drawn out
    amount              DECIMAL(18, 2) NOT NULL,
    currency            VARCHAR NOT NULL,   -- ISO 4217
    channel             VARCHAR,
    from_country        VARCHAR,
    to_country          VARCHAR,
    reference           VARCHAR
);

-- Monthly reference rates a user loads (`crossroute money rates`): units of `currency` per 1 EUR.
CREATE TABLE finance_rates (
    month               DATE NOT NULL,
    currency            VARCHAR NOT NULL,
    per_eur             DOUBLE NOT NULL,
    source              VARCHAR NOT NULL
);

-- Transaction labels for the learned score (`crossroute money train`), and the trained model.
CREATE TABLE finance_models (
    model_id            INTEGER NOT NULL,
    trained_at          TIMESTAMP NOT NULL,
    labels_file         VARCHAR NOT NULL,
    labels_sha256       VARCHAR NOT NULL,
    features            JSON NOT NULL,
    booster             VARCHAR NOT NULL,   -- LightGBM model text
    threshold           DOUBLE NOT NULL,
    metrics             JSON
);
