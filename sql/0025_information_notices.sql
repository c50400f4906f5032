-- 0025: the register of information notices (RGPD art. 12-14; référentiel
-- EDS, R5 of fr-regulatory.md; issue 14). One row per published version of
-- the notice for one audience (adult, minor, professional). A version once
-- published never changes: the table is append-only (trigger), and the
-- application role may only SELECT and INSERT. The objection form records the
-- version shown (objections.notice_version holds its label; no foreign key:
-- objections recorded before this register carry the label of the text that
-- was in the form then, '2026-11-v1', and 'none' is recorded while nothing is
-- published). docs/notices.md. Forward-only: never edit this file once applied.

CREATE TABLE information_notices (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  audience      text NOT NULL CHECK (audience IN ('adult', 'minor', 'professional')),
  number        integer NOT NULL CHECK (number >= 1),
  -- The label recorded with each objection: "<audience>-<number>".
  version       text NOT NULL UNIQUE CHECK (version = audience || '-' || number::text),
  title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  body          text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  published_at  timestamptz NOT NULL,
  published_by  text NOT NULL CHECK (length(published_by) BETWEEN 1 AND 200),
  audit_index   bigint NOT NULL,
  UNIQUE (audience, number)
);
CREATE INDEX information_notices_current ON information_notices (audience, number DESC);
CREATE TRIGGER information_notices_append_only BEFORE UPDATE OR DELETE ON information_notices
  FOR EACH ROW EXECUTE FUNCTION garant_append_only();

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'garant_app') THEN
    GRANT SELECT, INSERT ON information_notices TO garant_app;
  END IF;
END
$$;
