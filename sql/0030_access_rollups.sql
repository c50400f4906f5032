-- 0030: rollups of the access trail, kept at ingestion (access/DESIGN.md
-- "Rollups"; docs/performance.md "Trail exports").
-- Forward-only: never edit this file once applied; add a new numbered file.
--
-- The project report and the period overview of the auditor's desk read
-- these instead of every event of the period. Each is derived data,
-- rebuildable from access_events, access_findings and the patients' tables,
-- and, like access_account_days (0008), updated in place: AccessStore's
-- RecordBatch adds the new events of a batch (never an event already
-- recorded: a retried batch changes nothing) in the batch's own transaction,
-- under the batch lock (batches are serialised), and RecordFindings adds the
-- findings it writes (the checks of a batch and the retry worker's).
--
-- The day is always the Paris calendar day of occurred_at, as everywhere on
-- the desk: (occurred_at AT TIME ZONE 'Europe/Paris')::date.

-- Events per project, Paris day, account, action, outcome, decision and
-- reporter kind (garant's own views apart), with the first and last
-- occurred_at, the result rows and the patients touched. No patient token:
-- statistics, kept when retention prunes the events (access_events keeps
-- its rows too). project '' = none, decision 0 = none.
CREATE TABLE access_rollup_days (
  project      text NOT NULL,
  day          date NOT NULL,
  account      text NOT NULL,
  action       text NOT NULL,
  outcome      text NOT NULL,
  decision     bigint NOT NULL,
  by_garant    boolean NOT NULL,
  events       bigint NOT NULL CHECK (events > 0),
  first_at     timestamptz NOT NULL,
  last_at      timestamptz NOT NULL,
  result_rows  bigint NOT NULL,
  touched      bigint NOT NULL,
  PRIMARY KEY (project, day, account, action, outcome, decision, by_garant)
);
CREATE INDEX access_rollup_days_day ON access_rollup_days (day);

-- Findings per Paris day (of the event), project, rule and severity.
CREATE TABLE access_rollup_findings (
  day       date NOT NULL,
  project   text NOT NULL,
  rule      text NOT NULL,
  severity  text NOT NULL,
  findings  bigint NOT NULL CHECK (findings > 0),
  PRIMARY KEY (day, project, rule, severity)
);

-- The patients each project touched: one row per (project, token), with the
-- Paris days on which an event of the project touched it (inline or through
-- a set; warehouse events only). Exact: count(*) is the project's patients
-- over its whole life, and count(*) of the rows whose days overlap a range
-- of days is the distinct patients of that range. Tokens: retention
-- rebuilds the rows of the projects whose events it prunes
-- (access_project_patients_rebuild), so no token outlives its events.
CREATE TABLE access_project_patients (
  project  text NOT NULL,
  token    bytea NOT NULL,
  days     datemultirange NOT NULL,
  PRIMARY KEY (project, token)
);
-- The (project, set, day) whose set's tokens are already in
-- access_project_patients: an event naming a set on a day already seen
-- unpacks nothing.
CREATE TABLE access_project_set_days (
  project  text NOT NULL,
  set_id   bigint NOT NULL,
  day      date NOT NULL,
  PRIMARY KEY (project, set_id, day)
);

-- The overview's period and the rollups' partial days read events by time.
CREATE INDEX access_events_occurred ON access_events (occurred_at);
-- The project report lists its exports and re-identifications: few among
-- the project's events, which it no longer reads otherwise.
CREATE INDEX access_events_project_listed ON access_events (project, occurred_at)
  WHERE action IN ('export', 'reidentify');

-- The patients of project p, recomputed from what is stored: the inline
-- tokens of its warehouse events (access_events.patient_tokens) and the
-- tokens of the sets they name, as the desk counted them before 0030.
-- Called by this migration and by the retention run (the owner's), for the
-- projects whose events it pruned.
CREATE FUNCTION access_project_patients_rebuild(p text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM access_project_patients WHERE project = p;
  DELETE FROM access_project_set_days WHERE project = p;
  INSERT INTO access_project_set_days (project, set_id, day)
  SELECT DISTINCT p, s.id, (e.occurred_at AT TIME ZONE 'Europe/Paris')::date
    FROM access_events e JOIN access_patient_sets s ON s.digest = e.patient_set
   WHERE e.project = p AND e.reported_by <> 'service:garantd'
     -- a set whose tokens retention removed is not marked: stored again, it
     -- is unpacked by the next event naming it
     AND EXISTS (SELECT 1 FROM access_patient_set_chunks c WHERE c.set_id = s.id);
  INSERT INTO access_project_patients (project, token, days)
  SELECT p, u.token, range_agg(daterange(u.day, u.day, '[]'))
    FROM (SELECT m.token, (e.occurred_at AT TIME ZONE 'Europe/Paris')::date AS day
            FROM access_events e CROSS JOIN LATERAL access_chunk_tokens(e.patient_tokens) m(token)
           WHERE e.project = p AND e.reported_by <> 'service:garantd'
             AND e.patient_tokens IS NOT NULL
          UNION ALL
          SELECT m.token, sd.day
            FROM access_project_set_days sd
            JOIN access_patient_set_chunks c ON c.set_id = sd.set_id
            CROSS JOIN LATERAL access_chunk_tokens(c.tokens) m(token)
           WHERE sd.project = p) u
   GROUP BY u.token;
END
$$;

-- Backfill: the events, findings and patients recorded before 0030.
INSERT INTO access_rollup_days (project, day, account, action, outcome, decision, by_garant,
                                events, first_at, last_at, result_rows, touched)
SELECT coalesce(e.project, ''), (e.occurred_at AT TIME ZONE 'Europe/Paris')::date, e.account,
       e.action, e.outcome,
       coalesce((convert_from(substring(a.leaf FROM position('\x0a0a'::bytea IN a.leaf) + 2),
                              'UTF8')::jsonb ->> 'decision')::bigint, 0),
       e.reported_by = 'service:garantd', count(*), min(e.occurred_at), max(e.occurred_at),
       coalesce(sum(e.result_count), 0), coalesce(sum(e.touched_patients), 0)
  FROM access_events e LEFT JOIN audit_entries a ON a.idx = e.audit_index
 GROUP BY 1, 2, 3, 4, 5, 6, 7;

INSERT INTO access_rollup_findings (day, project, rule, severity, findings)
SELECT (e.occurred_at AT TIME ZONE 'Europe/Paris')::date, coalesce(e.project, ''), f.rule,
       f.severity, count(*)
  FROM access_findings f JOIN access_events e ON e.id = f.event_id
 GROUP BY 1, 2, 3, 4;

SELECT access_project_patients_rebuild(p.project)
  FROM (SELECT DISTINCT project FROM access_events WHERE project IS NOT NULL) p;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'garant_app') THEN
    -- Column-level UPDATE only, for the upserts' counters (as 0018 does for
    -- access_account_days): the keys of a rollup row are never rewritten.
    GRANT SELECT, INSERT ON access_rollup_days, access_rollup_findings,
      access_project_patients TO garant_app;
    GRANT UPDATE (events, first_at, last_at, result_rows, touched) ON access_rollup_days
      TO garant_app;
    GRANT UPDATE (findings) ON access_rollup_findings TO garant_app;
    GRANT UPDATE (days) ON access_project_patients TO garant_app;
    GRANT SELECT, INSERT ON access_project_set_days TO garant_app;
  END IF;
END
$$;

ANALYZE access_rollup_days, access_rollup_findings, access_project_patients,
  access_project_set_days;
