-- 0020: witnesses' cosignatures of the audit log's checkpoints (C2SP
-- tlog-cosignature), as garantd gathered them (witness/DESIGN.md,
-- docs/audit-log.md "Witnesses"). One per witness and checkpoint size; the
-- root is kept so a cosignature is only ever served beside the checkpoint it
-- signs. Served appended to the checkpoint (/tlog/checkpoint, receipts).
-- Forward-only: never edit this file once applied; add a new numbered file.

CREATE TABLE audit_cosignatures (
  size         bigint NOT NULL CHECK (size >= 0),
  root         bytea NOT NULL CHECK (length(root) = 32),
  witness      text NOT NULL CHECK (length(witness) BETWEEN 1 AND 255),
  line         text NOT NULL CHECK (length(line) BETWEEN 1 AND 1024),  -- "— name base64", no newline
  cosigned_at  timestamptz NOT NULL,  -- the time inside the cosignature
  received_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (size, witness)
);

-- Append-only like the log's own tables (audit_refuse_change is in 0002).
CREATE TRIGGER audit_cosignatures_append_only BEFORE UPDATE OR DELETE ON audit_cosignatures
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_cosignatures_no_truncate BEFORE TRUNCATE ON audit_cosignatures
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'garant_app') THEN
    GRANT SELECT, INSERT ON audit_cosignatures TO garant_app;
  END IF;
END
$$;
