-- 0010: the trail of a person in audit-index order (access/DESIGN.md, "Trail
-- exports"). The trail reads a person's events through a cursor in index
-- order; with the index on (token) alone PostgreSQL had to sort every event
-- of the person before sending the first row. (token, audit_index) gives the
-- rows already in order, so the export streams from the first fetch, and it
-- still serves every lookup by token: the old index is dropped.
-- Forward-only: never edit this file once applied; add a new numbered file.
CREATE INDEX access_event_patients_token_index ON access_event_patients (token, audit_index);
DROP INDEX access_event_patients_token;
