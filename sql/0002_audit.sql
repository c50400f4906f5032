-- 0002: the audit log (formats and invariants: audit/DESIGN.md).
-- Forward-only: never edit this file once applied; add a new numbered file.
--
-- One writer at a time: every append locks the single audit_tree_state row
-- (SELECT ... FOR UPDATE), takes the next indexes from its size (never a
-- sequence: no gaps), inserts entries and tile hashes, and updates the row in
-- the same transaction. The log tables are append-only (triggers below, and
-- no UPDATE/DELETE/TRUNCATE grant); the signed checkpoints are the guarantee.

-- The tree as of the last committed append: size, RFC 6962 root, and the
-- chain value of the last entry (the genesis value when empty).
CREATE TABLE audit_tree_state (
  id          smallint PRIMARY KEY CHECK (id = 0),
  size        bigint NOT NULL CHECK (size >= 0),
  root        bytea NOT NULL CHECK (length(root) = 32),
  chain       bytea NOT NULL CHECK (length(chain) = 32),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO audit_tree_state (id, size, root, chain)
VALUES (0, 0, sha256(''::bytea), sha256(convert_to('garant-audit-chain-genesis-v1', 'UTF8')));

-- One row per log entry. `leaf` is the exact leaf (format v1) that is hashed;
-- leaf_hash is its RFC 6962 leaf hash (the level-0 tile hash), chain the hash
-- chain value. The event_* columns, actor and object are copies of leaf fields
-- for searching; the leaf is authoritative.
CREATE TABLE audit_entries (
  idx         bigint PRIMARY KEY CHECK (idx >= 0),
  leaf        bytea NOT NULL CHECK (length(leaf) BETWEEN 1 AND 65535),
  leaf_hash   bytea NOT NULL CHECK (length(leaf_hash) = 32),
  chain       bytea NOT NULL CHECK (length(chain) = 32),
  event_id    uuid NOT NULL UNIQUE,
  event_type  text NOT NULL,
  event_time  timestamptz NOT NULL,
  actor       text NOT NULL,
  object      text NOT NULL
);
CREATE INDEX audit_entries_type_time ON audit_entries (event_type, event_time);
CREATE INDEX audit_entries_actor_time ON audit_entries (actor, event_time);
CREATE INDEX audit_entries_object ON audit_entries (object);
CREATE INDEX audit_entries_time ON audit_entries (event_time);

-- The hashes of full subtrees at tree levels 8, 16, 24, ...: the entries of
-- the tlog-tiles tiles above level 0. Written once, when the subtree completes.
CREATE TABLE audit_tile_hashes (
  level       smallint NOT NULL CHECK (level > 0 AND level % 8 = 0 AND level < 64),
  idx         bigint NOT NULL CHECK (idx >= 0),
  hash        bytea NOT NULL CHECK (length(hash) = 32),
  PRIMARY KEY (level, idx)
);

-- Every signed checkpoint, as published (C2SP signed note text).
CREATE TABLE audit_checkpoints (
  size        bigint PRIMARY KEY CHECK (size >= 0),
  root        bytea NOT NULL CHECK (length(root) = 32),
  note        text NOT NULL,
  signed_at   timestamptz NOT NULL DEFAULT now()
);

-- Append-only, whoever asks (the application role has no such grant either;
-- a superuser can still disable triggers, which the signatures catch).
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_tile_hashes_append_only BEFORE UPDATE OR DELETE ON audit_tile_hashes
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_tile_hashes_no_truncate BEFORE TRUNCATE ON audit_tile_hashes
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
-- The state row is updated by every append, but never deleted.
CREATE TRIGGER audit_tree_state_no_delete BEFORE DELETE ON audit_tree_state
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_tree_state_no_truncate BEFORE TRUNCATE ON audit_tree_state
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'garant_app') THEN
    GRANT USAGE ON SCHEMA public TO garant_app;
    GRANT SELECT, INSERT ON audit_entries, audit_tile_hashes, audit_checkpoints TO garant_app;
    GRANT SELECT, UPDATE ON audit_tree_state TO garant_app;
  END IF;
END
$$;
