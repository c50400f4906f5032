-- 0037: the patients' rollup (access_project_patients, access_project_set_days
-- of 0030) follows the recorded events instead of being written inside each
-- batch's transaction. Forward-only: never edit this file once applied; add a
-- new numbered file.
--
-- Inside the batch it cost 12 ms of every 1,000 events (a random-key upsert
-- per (project, token)), and an event naming a set of 10^6 tokens held the
-- batch lock, and so every other sender, 13 to 24 s while its tokens were
-- expanded (docs/performance.md). A follower (AccessStore::FollowPatientRollup,
-- run by garantd's access worker each second) now adds the events whose audit
-- index is above `through`, in order, and moves `through` in the same
-- transaction. Audit indexes are handed out under the tree's lock, held until
-- commit, so the events visible at or below the highest visible index are
-- all there is: the follower skips nothing. The rollup is a union of days per
-- (project, token): adding an event twice changes nothing, so a follower that
-- dies between its upsert and its commit, or a retention rebuild that already
-- counted an event, is harmless.
--
-- The project report stays exact: it counts the rollup's rows plus the
-- tokens of the period's events above `through` that the rollup lacks
-- (access/src/views.cc).
--
-- Every stored event was rolled up by its batch until now: `through` starts at
-- the highest stored index.

CREATE TABLE access_patients_rollup_state (
  id       smallint PRIMARY KEY CHECK (id = 0),
  through  bigint NOT NULL CHECK (through >= -1)
);
INSERT INTO access_patients_rollup_state (id, through)
  SELECT 0, coalesce(max(audit_index), -1) FROM access_events;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'garant_app') THEN
    GRANT SELECT ON access_patients_rollup_state TO garant_app;
    GRANT UPDATE (through) ON access_patients_rollup_state TO garant_app;
  END IF;
END
$$;
