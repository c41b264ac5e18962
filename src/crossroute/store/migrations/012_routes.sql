-- Whole of route: public aggregate statistics loaded as published (issue 16). Not personal data, so no
-- sharing gate; every table keeps the file it came from (public_sources: file, hash, citation) and the
-- row number of each row (1 = first row under the header). Columns keep the publishers' names and meaning.
CREATE TABLE public_sources (
    dataset     VARCHAR PRIMARY KEY,   -- uk_boats_daily, uk_boats_monthly, uk_boats_yearly, frontex, iom_mmp
    file        VARCHAR NOT NULL,      -- the path it was read from
    sha256      VARCHAR NOT NULL,      -- of the file's bytes
    rows        BIGINT NOT NULL,       -- rows loaded
    rejected    BIGINT NOT NULL,       -- rows quarantined in public_rejects
    source      VARCHAR NOT NULL,      -- citation: publisher, repository @ commit
    licence     VARCHAR NOT NULL,
    loaded_at   TIMESTAMP NOT NULL
);
-- UK Home Office small-boat arrivals as compiled by The National (thenationalnews-datavis/uk_small_boats)
CREATE TABLE uk_boats_daily (
    row_number INTEGER NOT NULL, full_date DATE NOT NULL, date_label VARCHAR, n_year INTEGER, n_month INTEGER,
    n_day INTEGER, migrants_arrived INTEGER, boats_arrived INTEGER, migrants_per_boat DOUBLE,
    cumulative_migrants_arrived INTEGER, cumulative_boats_arrived INTEGER, migrants_per_boat_round INTEGER
);
CREATE TABLE uk_boats_monthly (
    row_number INTEGER NOT NULL, date_month DATE NOT NULL, date_label VARCHAR, n_year INTEGER, n_month INTEGER,
    migrants_arrived INTEGER, boats_arrived INTEGER, migrants_per_boat DOUBLE,
    cumulative_migrants_arrived INTEGER, cumulative_boats_arrived INTEGER, migrants_per_boat_round INTEGER
);
CREATE TABLE uk_boats_yearly (
    row_number INTEGER NOT NULL, n_year INTEGER NOT NULL, migrants_arrived INTEGER, boats_arrived INTEGER,
    migrants_per_boat DOUBLE, migrants_per_boat_round INTEGER
);
-- Frontex detections of irregular border crossings (iom/gdidata frontex.rda as CSV)
CREATE TABLE frontex_detections (
    row_number INTEGER NOT NULL, route VARCHAR NOT NULL, type VARCHAR, nat VARCHAR, t DATE NOT NULL, n DOUBLE
);
-- IOM Missing Migrants Project incidents (iom/gdidata iom_mmp.rda as CSV)
CREATE TABLE iom_incidents (
    row_number INTEGER NOT NULL, t DATE, m DATE, type VARCHAR, route VARCHAR, geo VARCHAR, dead DOUBLE,
    cause VARCHAR, surv DOUBLE, nat VARCHAR, location VARCHAR, lon DOUBLE, lat DOUBLE
);
-- rows of a public file that could not be read, with why (quarantine: never silently dropped)
CREATE TABLE public_rejects (
    dataset VARCHAR NOT NULL, file VARCHAR NOT NULL, row_number INTEGER NOT NULL, field VARCHAR NOT NULL,
    value VARCHAR, reason VARCHAR NOT NULL
);
