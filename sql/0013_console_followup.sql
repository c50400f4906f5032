-- 0013: what the consoles needed (issue 16): the DPO's "answer sent" marks
-- on objections, the history of corrected governance texts, and the Health
-- Data Hub directory number of a project.
-- Forward-only: never edit this file once applied; add a new numbered file.

-- The DPO sent the answer (or the confirmation) to the person who objected.
-- Append-only: one mark per objection, written with its audit entry
-- (objection.answer_sent) in the same transaction.
CREATE TABLE objection_answers (
  objection_id  uuid PRIMARY KEY REFERENCES objections (id),
  sent_on       date NOT NULL,              -- the day the answer left (Paris date)
  recorded_at   timestamptz NOT NULL,
  recorded_by   bigint NOT NULL REFERENCES staff_accounts (id)
);
CREATE INDEX objection_answers_recorded ON objection_answers (recorded_at);

-- Corrections of texts written after the fact: a project's public summary
-- and Health Data Hub number, a member's end of mandate, the minutes of a
-- meeting. The record itself holds
-- the current text; each correction keeps the previous one here, dated and
-- signed by its actor, and is also an audit entry (governance.*.corrected).
-- Append-only: never updated or deleted.
CREATE TABLE gov_corrections (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subject     text NOT NULL CHECK (subject IN ('project_summary', 'project_hdh_number',
                                               'member_term_end', 'meeting_minutes')),
  subject_id  bigint NOT NULL,
  old_value   text NOT NULL,   -- '' for a mandate that had no end
  new_value   text NOT NULL,
  note        text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  at          timestamptz NOT NULL,
  actor       text NOT NULL
);
CREATE INDEX gov_corrections_subject ON gov_corrections (subject, subject_id, at);

CREATE FUNCTION garant_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on % is refused: the table is append-only', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER objection_answers_append_only BEFORE UPDATE OR DELETE ON objection_answers
  FOR EACH ROW EXECUTE FUNCTION garant_append_only();
CREATE TRIGGER gov_corrections_append_only BEFORE UPDATE OR DELETE ON gov_corrections
  FOR EACH ROW EXECUTE FUNCTION garant_append_only();

-- The project's number in the Health Data Hub's public directory (répertoire
-- public des projets), required for MR-004 studies; '' when none.
ALTER TABLE gov_projects
  ADD COLUMN hdh_directory_number text NOT NULL DEFAULT ''
  CHECK (length(hdh_directory_number) <= 64);

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'garant_app') THEN
    GRANT SELECT, INSERT ON objection_answers, gov_corrections TO garant_app;
    GRANT UPDATE (term_end) ON gov_members TO garant_app;
    GRANT UPDATE (minutes) ON gov_meetings TO garant_app;
  END IF;
END
$$;
