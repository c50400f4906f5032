-- 0009: review of the access findings (access/DESIGN.md "Cases", docs/cases.md).
-- Forward-only: never edit this file once applied; add a new numbered file.
--
-- A case is the findings of one warehouse account on one Paris calendar day
-- (Europe/Paris, the access's occurred_at). It has no row of its own: it
-- exists as soon as it has a finding, and is named by (account, day). Its
-- review is an append-only list of workflow rows; its current status is the
-- target of its latest transition (none: 'new'), its assignee the one of its
-- latest assignment. Each row is committed with its audit leaf (case.*),
-- whose index it keeps.

-- The day of a finding's case: an immutable expression (a constant zone), so
-- that it can be indexed.
CREATE INDEX access_findings_case
  ON access_findings (account, ((occurred_at AT TIME ZONE 'Europe/Paris')::date));
CREATE INDEX access_findings_case_day
  ON access_findings (((occurred_at AT TIME ZONE 'Europe/Paris')::date));

CREATE TABLE access_case_events (
  seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id           uuid NOT NULL UNIQUE,               -- also the id of its audit leaf
  account      text NOT NULL,
  day          date NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('transition', 'assignment', 'note')),
  -- transitions: the status left and the status reached, and their rank in
  -- the case (1, 2, …): two transitions from the same state cannot both land.
  from_status  text CHECK (from_status IN ('new', 'under_review', 'justified', 'incident')),
  to_status    text CHECK (to_status IN ('under_review', 'justified', 'incident')),
  step         integer CHECK (step >= 1),
  -- assignments: the staff account the case is given to (NULL: released).
  assignee_id  bigint REFERENCES staff_accounts (id),
  -- transitions (justified, incident, reopening) and notes.
  note         text CHECK (note IS NULL OR octet_length(note) BETWEEN 1 AND 4000),
  actor_id     bigint NOT NULL REFERENCES staff_accounts (id),
  at           timestamptz NOT NULL,
  audit_index  bigint NOT NULL UNIQUE,
  CHECK ((kind = 'transition') = (to_status IS NOT NULL AND from_status IS NOT NULL
                                  AND step IS NOT NULL)),
  CHECK (kind = 'assignment' OR assignee_id IS NULL),
  CHECK (kind <> 'note' OR note IS NOT NULL)
);
CREATE INDEX access_case_events_case ON access_case_events (account, day, seq);
CREATE UNIQUE INDEX access_case_events_step ON access_case_events (account, day, step)
  WHERE kind = 'transition';

CREATE TRIGGER access_case_events_append_only BEFORE UPDATE OR DELETE ON access_case_events
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER access_case_events_no_truncate BEFORE TRUNCATE ON access_case_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'garant_app') THEN
    GRANT SELECT, INSERT ON access_case_events TO garant_app;
  END IF;
END
$$;
