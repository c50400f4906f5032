-- 0029: declarations of interest of committee members (issue #14, R3): one
-- a year (or more, the latest of a year in force), dated, with a public
-- summary shown on the portal's committees page, and the organisations they
-- name, from which conflicts on projects are derived.
-- Forward-only: never edit this file once applied; add a new numbered file.

CREATE TABLE gov_interest_declarations (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  member_id       bigint NOT NULL REFERENCES gov_members (id),
  year            integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  signed_on       date NOT NULL,        -- the date the member signed it
  public_summary  text NOT NULL CHECK (length(btrim(public_summary)) BETWEEN 1 AND 2000),
  -- Organisations the member has links with (employer, funding, advice),
  -- lower-case; a project whose organisation is one of them gets a conflict
  -- (source 'declaration') when it is put on an agenda.
  organisations   text[] NOT NULL DEFAULT '{}' CHECK (cardinality(organisations) <= 50),
  recorded_at     timestamptz NOT NULL,
  recorded_by     text NOT NULL
);
CREATE INDEX gov_interest_declarations_member ON gov_interest_declarations (member_id, year);
CREATE TRIGGER gov_interest_declarations_append_only
  BEFORE UPDATE OR DELETE ON gov_interest_declarations
  FOR EACH ROW EXECUTE FUNCTION garant_append_only();

-- Where a conflict comes from: declared on the project page ('declared'),
-- at a meeting ('meeting', meeting_id), or derived from a declaration of
-- interest ('declaration', declaration_id).
ALTER TABLE gov_conflicts
  ADD COLUMN source text NOT NULL DEFAULT 'declared'
    CHECK (source IN ('declared', 'meeting', 'declaration')),
  ADD COLUMN meeting_id bigint REFERENCES gov_meetings (id),
  ADD COLUMN declaration_id bigint REFERENCES gov_interest_declarations (id),
  ADD CONSTRAINT gov_conflicts_source_link
    CHECK ((source = 'meeting') = (meeting_id IS NOT NULL)
           AND (source = 'declaration') = (declaration_id IS NOT NULL));

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'garant_app') THEN
    GRANT SELECT, INSERT ON gov_interest_declarations TO garant_app;
  END IF;
END
$$;
