-- 0005: governance: committees, members, projects, meetings, conflicts of
-- interest, decisions and votes, authorisations (governance/DESIGN.md).
-- Forward-only: never edit this file once applied; add a new numbered file.
--
-- Invariants kept by the database as well as by the application:
--   - a signed decision, and its votes, can be neither updated nor deleted;
--     a correction is a new decision whose amends_decision_id names it;
--   - status and outcome values are closed lists;
--   - a project transition, a decision and an authorisation change are
--     written with their audit-log entry in the same transaction (by the
--     application: governance/src/store.cc).

-- Warehouse-wide settings: one row.
CREATE TABLE gov_settings (
  id                      smallint PRIMARY KEY CHECK (id = 0),
  -- Minimum delay between a project's publication on the portal and the
  -- start of any authorisation, so that patients can object first.
  publication_delay_days  integer NOT NULL CHECK (publication_delay_days BETWEEN 0 AND 365)
);
INSERT INTO gov_settings (id, publication_delay_days) VALUES (0, 30);

-- The purposes a project may declare (référentiel EDS) and the ones the law
-- forbids (kept so that a forbidden one is refused by name).
CREATE TABLE gov_purposes (
  code      text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,63}$'),
  allowed   boolean NOT NULL
);
INSERT INTO gov_purposes (code, allowed) VALUES
  ('indicators', true), ('coding_quality', true), ('decision_support', true),
  ('feasibility', true), ('research', true),
  ('product_promotion', false), ('insurance_exclusion', false);

CREATE TABLE gov_committees (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code              text NOT NULL UNIQUE CHECK (code ~ '^[a-z][a-z0-9_-]{1,31}$'),
  name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  quorum_numerator  integer NOT NULL DEFAULT 1,
  quorum_denominator integer NOT NULL DEFAULT 2,
  quorum_strict     boolean NOT NULL DEFAULT true,
  min_patient_representatives integer NOT NULL DEFAULT 1
                    CHECK (min_patient_representatives BETWEEN 0 AND 100),
  created_at        timestamptz NOT NULL DEFAULT now(),
  CHECK (quorum_denominator BETWEEN 1 AND 100
         AND quorum_numerator BETWEEN 0 AND quorum_denominator)
);

CREATE TABLE gov_members (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  committee_id  bigint NOT NULL REFERENCES gov_committees (id),
  full_name     text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
  role          text NOT NULL CHECK (role IN ('chair', 'secretary', 'member',
                                              'patient_representative', 'external_expert')),
  voting        boolean NOT NULL,
  term_start    date NOT NULL,
  term_end      date CHECK (term_end IS NULL OR term_end >= term_start),
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX gov_members_committee ON gov_members (committee_id);

CREATE TABLE gov_projects (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  reference         text NOT NULL UNIQUE CHECK (reference ~ '^[A-Z0-9][A-Z0-9-]{2,31}$'),
  title             text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  public_summary    text NOT NULL CHECK (length(public_summary) BETWEEN 1 AND 5000),
  purpose           text NOT NULL REFERENCES gov_purposes (code),
  -- R2: the applicant declared that the data will not be used for a
  -- forbidden purpose (product promotion, insurance).
  no_forbidden_use  boolean NOT NULL CHECK (no_forbidden_use),
  legal_basis       text NOT NULL CHECK (length(legal_basis) BETWEEN 1 AND 300),
  formality         text NOT NULL CHECK (formality IN ('mr-004', 'mr-003', 'mr-001',
                                                       'cnil_authorisation', 'other')),
  formality_reference text NOT NULL DEFAULT '' CHECK (length(formality_reference) <= 200),
  investigator      text NOT NULL CHECK (length(investigator) BETWEEN 1 AND 200),
  organisation      text NOT NULL CHECK (length(organisation) BETWEEN 1 AND 200),
  data_domains      text[] NOT NULL CHECK (cardinality(data_domains) BETWEEN 1 AND 50),
  data_description  text NOT NULL DEFAULT '' CHECK (length(data_description) <= 2000),
  recipients        text NOT NULL DEFAULT '' CHECK (length(recipients) <= 1000),
  duration_months   integer NOT NULL CHECK (duration_months BETWEEN 1 AND 240),
  committee_id      bigint NOT NULL REFERENCES gov_committees (id),
  status            text NOT NULL DEFAULT 'submitted'
                    CHECK (status IN ('submitted', 'under_review', 'approved',
                                      'approved_with_conditions', 'rejected', 'active',
                                      'suspended', 'closed')),
  published_at      timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  status_changed_at timestamptz NOT NULL DEFAULT now()
);

-- Every status change, dated (also in the audit log).
CREATE TABLE gov_project_transitions (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id  bigint NOT NULL REFERENCES gov_projects (id),
  from_status text NOT NULL,
  to_status   text NOT NULL,
  at          timestamptz NOT NULL,
  actor       text NOT NULL,
  note        text NOT NULL DEFAULT '' CHECK (length(note) <= 2000)
);
CREATE INDEX gov_project_transitions_project ON gov_project_transitions (project_id, at);

CREATE TABLE gov_meetings (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  committee_id  bigint NOT NULL REFERENCES gov_committees (id),
  held_at       timestamptz NOT NULL,
  minutes       text NOT NULL DEFAULT '' CHECK (length(minutes) <= 20000),
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE gov_meeting_agenda (
  meeting_id  bigint NOT NULL REFERENCES gov_meetings (id),
  project_id  bigint NOT NULL REFERENCES gov_projects (id),
  PRIMARY KEY (meeting_id, project_id)
);
CREATE TABLE gov_attendance (
  meeting_id  bigint NOT NULL REFERENCES gov_meetings (id),
  member_id   bigint NOT NULL REFERENCES gov_members (id),
  PRIMARY KEY (meeting_id, member_id)
);

CREATE TABLE gov_conflicts (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  member_id    bigint NOT NULL REFERENCES gov_members (id),
  project_id   bigint NOT NULL REFERENCES gov_projects (id),
  description  text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
  declared_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (member_id, project_id)
);

CREATE TABLE gov_decisions (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id          bigint NOT NULL REFERENCES gov_projects (id),
  meeting_id          bigint NOT NULL REFERENCES gov_meetings (id),
  outcome             text NOT NULL CHECK (outcome IN ('favourable', 'favourable_with_conditions',
                                                       'unfavourable', 'deferred')),
  reasons             text NOT NULL CHECK (length(btrim(reasons)) BETWEEN 1 AND 20000),
  conditions          text NOT NULL DEFAULT '' CHECK (length(conditions) <= 20000),
  amends_decision_id  bigint REFERENCES gov_decisions (id),
  recorded_at         timestamptz NOT NULL,
  recorded_by         text NOT NULL,
  signed_at           timestamptz,
  signed_by           text,
  CHECK ((signed_at IS NULL) = (signed_by IS NULL)),
  CHECK (outcome <> 'favourable_with_conditions' OR length(btrim(conditions)) > 0),
  CHECK (amends_decision_id IS NULL OR amends_decision_id <> id)
);
CREATE INDEX gov_decisions_project ON gov_decisions (project_id);

CREATE TABLE gov_votes (
  decision_id  bigint NOT NULL REFERENCES gov_decisions (id),
  member_id    bigint NOT NULL REFERENCES gov_members (id),
  choice       text NOT NULL CHECK (choice IN ('for', 'against', 'abstain')),
  PRIMARY KEY (decision_id, member_id)
);

-- A signed decision is immutable. The only change allowed on a decision row
-- is its signature (signed_at/signed_by from NULL to a value, nothing else).
CREATE FUNCTION gov_decision_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.signed_at IS NOT NULL THEN
      RAISE EXCEPTION 'decision % is signed and immutable: amend it with a new decision', OLD.id
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.signed_at IS NOT NULL THEN
    RAISE EXCEPTION 'decision % is signed and immutable: amend it with a new decision', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER gov_decisions_immutable BEFORE UPDATE OR DELETE ON gov_decisions
  FOR EACH ROW EXECUTE FUNCTION gov_decision_guard();

CREATE FUNCTION gov_vote_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d bigint;
BEGIN
  d := CASE WHEN TG_OP = 'INSERT' THEN NEW.decision_id ELSE OLD.decision_id END;
  IF EXISTS (SELECT 1 FROM gov_decisions WHERE id = d AND signed_at IS NOT NULL) THEN
    RAISE EXCEPTION 'votes of signed decision % are immutable', d
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER gov_votes_immutable BEFORE INSERT OR UPDATE OR DELETE ON gov_votes
  FOR EACH ROW EXECUTE FUNCTION gov_vote_guard();

CREATE FUNCTION gov_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'TRUNCATE on % is refused', TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER gov_decisions_no_truncate BEFORE TRUNCATE ON gov_decisions
  FOR EACH STATEMENT EXECUTE FUNCTION gov_refuse_truncate();
CREATE TRIGGER gov_votes_no_truncate BEFORE TRUNCATE ON gov_votes
  FOR EACH STATEMENT EXECUTE FUNCTION gov_refuse_truncate();

CREATE TABLE gov_authorisations (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id     bigint NOT NULL REFERENCES gov_projects (id),
  decision_id    bigint NOT NULL REFERENCES gov_decisions (id),
  accounts       text[] NOT NULL CHECK (cardinality(accounts) BETWEEN 1 AND 200),
  domains        text[] NOT NULL CHECK (cardinality(domains) BETWEEN 1 AND 50),
  associations   text[] NOT NULL DEFAULT '{}' CHECK (cardinality(associations) <= 100),
  valid_from     timestamptz NOT NULL,
  valid_until    timestamptz NOT NULL,
  revoked_at     timestamptz,
  revocation_reason text,
  created_at     timestamptz NOT NULL,
  created_by     text NOT NULL,
  CHECK (valid_until > valid_from)
);
CREATE INDEX gov_authorisations_project ON gov_authorisations (project_id);

-- Suspension periods of an authorisation (a project suspension suspends its
-- authorisations). resumed_at NULL: still suspended.
CREATE TABLE gov_authorisation_suspensions (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  authorisation_id  bigint NOT NULL REFERENCES gov_authorisations (id),
  suspended_at      timestamptz NOT NULL,
  resumed_at        timestamptz CHECK (resumed_at IS NULL OR resumed_at >= suspended_at),
  reason            text NOT NULL DEFAULT '' CHECK (length(reason) <= 2000)
);
CREATE INDEX gov_authorisation_suspensions_auth ON gov_authorisation_suspensions (authorisation_id);

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'garant_app') THEN
    GRANT USAGE ON SCHEMA public TO garant_app;
    GRANT SELECT ON gov_settings, gov_purposes TO garant_app;
    GRANT SELECT, INSERT ON gov_committees, gov_members, gov_project_transitions,
      gov_meetings, gov_meeting_agenda, gov_attendance, gov_conflicts, gov_votes,
      gov_authorisations, gov_authorisation_suspensions TO garant_app;
    GRANT SELECT, INSERT, UPDATE ON gov_projects, gov_decisions TO garant_app;
    GRANT UPDATE (revoked_at, revocation_reason) ON gov_authorisations TO garant_app;
    GRANT UPDATE (resumed_at) ON gov_authorisation_suspensions TO garant_app;
  END IF;
END
$$;
