-- 0027: decisions not about a project (issue #14, R3/R7): the Comité
-- stratégique adopts charters, access rules and priorities with the same
-- quorum, votes, signatures and immutability as an opinion on a project.
-- Forward-only: never edit this file once applied; add a new numbered file.
--
-- A meeting's agenda lists projects (gov_meeting_agenda) and now topics
-- (gov_meeting_topics). A decision's subject is either a project on the
-- agenda or a topic on the agenda, never both (gov_decisions_one_subject).
-- A topic decision is shown on the public portal when `public`.

CREATE TABLE gov_meeting_topics (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  meeting_id  bigint NOT NULL REFERENCES gov_meetings (id),
  category    text NOT NULL CHECK (category IN ('charter', 'access_rules', 'priorities', 'other')),
  title       text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 300)
);
CREATE INDEX gov_meeting_topics_meeting ON gov_meeting_topics (meeting_id);
-- An agenda item is part of the meeting's record: never changed.
CREATE TRIGGER gov_meeting_topics_append_only BEFORE UPDATE OR DELETE ON gov_meeting_topics
  FOR EACH ROW EXECUTE FUNCTION garant_append_only();

ALTER TABLE gov_decisions
  ALTER COLUMN project_id DROP NOT NULL,
  ADD COLUMN topic_id bigint REFERENCES gov_meeting_topics (id),
  ADD COLUMN public boolean NOT NULL DEFAULT true,
  ADD CONSTRAINT gov_decisions_one_subject CHECK ((project_id IS NULL) <> (topic_id IS NULL));
CREATE INDEX gov_decisions_topic ON gov_decisions (topic_id);

-- The guard of 0017 with the new columns in the comparison: a signed row
-- accepts only its co-signature, every other column (topic_id and public
-- included) unchanged.
CREATE OR REPLACE FUNCTION gov_decision_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.signed_at IS NOT NULL THEN
      RAISE EXCEPTION 'decision % is signed and immutable: amend it with a new decision', OLD.id
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.signed_at IS NOT NULL THEN
    IF OLD.cosigned_at IS NULL AND NEW.cosigned_at IS NOT NULL
       AND (NEW.id, NEW.project_id, NEW.topic_id, NEW.public, NEW.meeting_id, NEW.outcome,
            NEW.reasons, NEW.conditions, NEW.amends_decision_id, NEW.recorded_at,
            NEW.recorded_by, NEW.signed_at, NEW.signed_by)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.project_id, OLD.topic_id, OLD.public, OLD.meeting_id, OLD.outcome,
            OLD.reasons, OLD.conditions, OLD.amends_decision_id, OLD.recorded_at,
            OLD.recorded_by, OLD.signed_at, OLD.signed_by) THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'decision % is signed and immutable: amend it with a new decision', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.cosigned_at IS NOT NULL THEN
    RAISE EXCEPTION 'decision % is co-signed after its signature, not with it', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'garant_app') THEN
    GRANT SELECT, INSERT ON gov_meeting_topics TO garant_app;
  END IF;
END
$$;
