-- 0031: the directory fields of each project on the transparency portal
-- (issue #14, R7 of fr-regulatory.md, modelled on the Health Data Hub's
-- public directory of projects): funders, calendar, data sources and
-- linkage, sensitive variables, processing platform, results and
-- publications, the project-specific information notice.
--
-- One row per published version, holding the whole set of fields (JSON,
-- validated by governance/portal.h before it is written): the current fields
-- are the latest version, and the portal's history (/projets/{ref}/historique)
-- lists every version with the fields it changed and its audit entry
-- (governance.portal.published, audit_index). A version once published never
-- changes: the table is append-only (trigger), the application role may only
-- SELECT and INSERT.
-- Forward-only: never edit this file once applied; add a new numbered file.

CREATE TABLE gov_portal_versions (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id    bigint NOT NULL REFERENCES gov_projects (id),
  version       integer NOT NULL CHECK (version >= 1),
  fields        jsonb NOT NULL
                CHECK (jsonb_typeof(fields) = 'object' AND octet_length(fields::text) <= 400000),
  -- The top-level fields this version changed (portal.h kPortalFieldNames).
  changed       text[] NOT NULL CHECK (cardinality(changed) BETWEEN 1 AND 8
                  AND changed <@ ARRAY['funders', 'calendar', 'sources', 'linkage', 'sensitive',
                                       'platform', 'results', 'notice']),
  published_at  timestamptz NOT NULL,
  published_by  text NOT NULL CHECK (length(published_by) BETWEEN 1 AND 200),
  audit_index   bigint NOT NULL,
  UNIQUE (project_id, version)
);
CREATE TRIGGER gov_portal_versions_append_only BEFORE UPDATE OR DELETE ON gov_portal_versions
  FOR EACH ROW EXECUTE FUNCTION garant_append_only();

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'garant_app') THEN
    GRANT SELECT, INSERT ON gov_portal_versions TO garant_app;
  END IF;
END
$$;
