-- 0008: what the access rules over an account's activity read (repeated_query,
-- volume_spike, dormant_account, repeated_denials; access/DESIGN.md), and the
-- retries of checks that could not run (check_failed).
-- Forward-only: never edit this file once applied; add a new numbered file.

-- The query fingerprint of each event (repeated_query), and the patients whose
-- individual data it touched (inline or set, outcome success, a data action;
-- 0 for aggregates, logins and refusals): what volume_spike adds up.
ALTER TABLE access_events
  ADD COLUMN query_fingerprint text CHECK (octet_length(query_fingerprint) BETWEEN 1 AND 128),
  ADD COLUMN touched_patients bigint NOT NULL DEFAULT 0 CHECK (touched_patients >= 0);

-- access_events_account (account, occurred_at), of 0007, serves dormant_account
-- (the account's latest event before a time: one backward index probe).
-- repeated_query counts an account's successful events with one fingerprint
-- in a window; repeated_denials its refusals in a window.
CREATE INDEX access_events_fingerprint ON access_events (account, query_fingerprint, occurred_at)
  WHERE query_fingerprint IS NOT NULL AND outcome = 'success';
CREATE INDEX access_events_denials ON access_events (account, occurred_at)
  WHERE outcome = 'denied' OR action = 'login_failed';

-- The patients of one event (a retried check reads them back).
CREATE INDEX access_event_patients_event ON access_event_patients (event_id);

-- Patients touched per account and Paris calendar day (volume_spike reads the
-- day and the 30 before it: at most 31 rows per account). Derived from
-- access_events and rebuildable from them (sum of touched_patients by account
-- and Paris day), so, unlike the trail, it is updated in place: each batch
-- adds its events' counts in its own transaction (batches are serialised).
CREATE TABLE access_account_days (
  account           text NOT NULL,
  day               date NOT NULL,
  touched_patients  bigint NOT NULL CHECK (touched_patients >= 0),
  PRIMARY KEY (account, day)
);
-- Events recorded before this migration (none had the column): their days.
INSERT INTO access_account_days (account, day, touched_patients)
SELECT e.account, (e.occurred_at AT TIME ZONE 'Europe/Paris')::date, sum(e.patient_count)
  FROM access_events e
 WHERE e.outcome = 'success' AND e.action NOT IN ('login', 'login_failed', 'logout')
   AND e.patient_count > 0
   AND (e.patient_set IS NOT NULL
        OR e.id IN (SELECT DISTINCT event_id FROM access_event_patients))
 GROUP BY 1, 2;

-- The checks of an event run again after a check_failed (append-only: one
-- row per event whose checks finally ran; the findings they raised are rows
-- of access_findings and finding.raised leaves like any other, and the retry
-- itself is the audit entry `finding.rechecked` at audit_index).
CREATE TABLE access_check_retries (
  event_id     uuid PRIMARY KEY REFERENCES access_events (id),
  retried_at   timestamptz NOT NULL,
  findings     integer NOT NULL CHECK (findings >= 0),
  audit_index  bigint NOT NULL
);
CREATE TRIGGER access_check_retries_append_only BEFORE UPDATE OR DELETE ON access_check_retries
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER access_check_retries_no_truncate BEFORE TRUNCATE ON access_check_retries
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'garant_app') THEN
    GRANT SELECT, INSERT ON access_check_retries TO garant_app;
    GRANT SELECT, INSERT, UPDATE ON access_account_days TO garant_app;
  END IF;
END
$$;
