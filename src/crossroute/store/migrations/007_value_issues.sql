-- Values of loaded rows that could not be cleaned (a mistyped phone number, an impossible date): the row
-- loads, the value is kept as written in the record's properties under PROPERTY_invalid and is not used
-- as a cleaned value; here is where it came from and why it was not understood.
CREATE TABLE value_issues (
    batch_id        INTEGER NOT NULL,
    file_path       VARCHAR NOT NULL,
    row_number      BIGINT,
    source          VARCHAR NOT NULL,
    schema          VARCHAR NOT NULL,
    record_id       VARCHAR NOT NULL,
    field           VARCHAR NOT NULL,   -- the column as named in the file
    property        VARCHAR NOT NULL,   -- the record's property (phone, birthDate ...)
    raw             VARCHAR NOT NULL,   -- the value as written
    reason          VARCHAR NOT NULL
);
