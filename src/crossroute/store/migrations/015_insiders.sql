-- Restricted lists: the analysts a policy names for a list that is more sensitive than its records
-- (the ports insider list). When a list has any row here, only the users named may see it (deny by
-- default); with no row, the ordinary per-record rules of the gate apply. See docs/sharing.md.
CREATE TABLE sharing.list_readers (
    list_name       VARCHAR NOT NULL,       -- insiders
    user_name       VARCHAR NOT NULL,
    named_by        VARCHAR NOT NULL,
    named_at        TIMESTAMP NOT NULL
);
