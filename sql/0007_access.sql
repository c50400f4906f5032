-- 0007: the access trail (access/DESIGN.md, docs/access-events.md): access
-- events reported by the warehouse, patient sets, the patient side table and
-- the findings of the checks at occurred_at.
-- Forward-only: never edit this file once applied; add a new numbered file.
--
-- Every table here but the upload staging table is append-only, like the
-- audit log: triggers refuse UPDATE, DELETE and TRUNCATE (audit_refuse_change
-- of 0002), and garant_app gets only SELECT and INSERT.

-- Patient sets, content-addressed by their digest (SHA-256 over the distinct
-- tokens, sorted, each followed by "\n").
CREATE TABLE access_patient_sets (
  digest       text PRIMARY KEY CHECK (digest ~ '^[0-9a-f]{64}$'),
  token_count  bigint NOT NULL CHECK (token_count BETWEEN 0 AND 5000000),
  stored_at    timestamptz NOT NULL,
  stored_by    text NOT NULL,
  audit_index  bigint NOT NULL
);
-- The bulk token tables check the length only: the server has checked each
-- token (64 lowercase hex) before, and a regular expression per row costs more
-- than the insert itself (about 14 s for a 1,000,000-token set).
CREATE TABLE access_patient_set_tokens (
  digest  text NOT NULL REFERENCES access_patient_sets (digest),
  token   text NOT NULL CHECK (octet_length(token) = 64),
  PRIMARY KEY (digest, token)
);

-- Tokens of an upload in progress (one transaction: rows are inserted and
-- deleted by the same upload, so none survives it, and no other transaction
-- ever sees them). No index: the upload sorts its rows once.
CREATE UNLOGGED TABLE access_patient_set_uploads (
  upload  uuid NOT NULL,
  token   text NOT NULL
);

-- One row per recorded event: its identity, the SHA-256 of its canonical
-- content (idempotency), its audit index, and copies of what the checks and
-- the views search on.
CREATE TABLE access_events (
  id              uuid PRIMARY KEY,
  content_sha256  text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
  audit_index     bigint NOT NULL UNIQUE,
  recorded_at     timestamptz NOT NULL,
  reported_by     text NOT NULL,
  occurred_at     timestamptz NOT NULL,
  account         text NOT NULL,
  action          text NOT NULL,
  outcome         text NOT NULL,
  project         text,
  patient_set     text REFERENCES access_patient_sets (digest),
  patient_count   bigint
);
CREATE INDEX access_events_account ON access_events (account, occurred_at);
CREATE INDEX access_events_project ON access_events (project, occurred_at);

-- The patients of each event (inline or from its set), by token: the trail
-- of a person is one index lookup.
CREATE TABLE access_event_patients (
  token        text NOT NULL CHECK (octet_length(token) = 64),
  event_id     uuid NOT NULL REFERENCES access_events (id),
  audit_index  bigint NOT NULL
);
CREATE INDEX access_event_patients_token ON access_event_patients (token);

-- What the checks concluded, apart from the chain; each finding is also an
-- audit entry (finding.raised) referencing the event's index.
CREATE TABLE access_findings (
  seq           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id            uuid NOT NULL UNIQUE,
  rule          text NOT NULL CHECK (rule ~ '^[a-z][a-z_]{1,63}$'),
  severity      text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  event_id      uuid NOT NULL REFERENCES access_events (id),
  event_index   bigint NOT NULL,
  account       text NOT NULL,
  project       text,
  occurred_at   timestamptz NOT NULL,
  raised_at     timestamptz NOT NULL,
  explanation   text NOT NULL,
  facts         text NOT NULL,
  audit_index   bigint NOT NULL
);
CREATE INDEX access_findings_event ON access_findings (event_id);
CREATE INDEX access_findings_rule ON access_findings (rule, seq);
CREATE INDEX access_findings_account ON access_findings (account, seq);
CREATE INDEX access_findings_project ON access_findings (project, seq);

-- The objection check looks objections up by token whatever the key.
CREATE INDEX objection_tokens_by_token ON objection_tokens (token);

CREATE TRIGGER access_patient_sets_append_only BEFORE UPDATE OR DELETE ON access_patient_sets
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER access_patient_sets_no_truncate BEFORE TRUNCATE ON access_patient_sets
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER access_patient_set_tokens_append_only BEFORE UPDATE OR DELETE
  ON access_patient_set_tokens FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER access_patient_set_tokens_no_truncate BEFORE TRUNCATE ON access_patient_set_tokens
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER access_events_append_only BEFORE UPDATE OR DELETE ON access_events
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER access_events_no_truncate BEFORE TRUNCATE ON access_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER access_event_patients_append_only BEFORE UPDATE OR DELETE ON access_event_patients
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER access_event_patients_no_truncate BEFORE TRUNCATE ON access_event_patients
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER access_findings_append_only BEFORE UPDATE OR DELETE ON access_findings
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER access_findings_no_truncate BEFORE TRUNCATE ON access_findings
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'garant_app') THEN
    GRANT USAGE ON SCHEMA public TO garant_app;
    GRANT SELECT, INSERT ON access_patient_sets, access_patient_set_tokens, access_events,
      access_event_patients, access_findings TO garant_app;
    GRANT SELECT, INSERT, DELETE ON access_patient_set_uploads TO garant_app;
  END IF;
END
$$;
