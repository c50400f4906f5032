-- 0023: retention (docs/audit-log.md "Retention", audit/DESIGN.md "Retention").
-- Forward-only: never edit this file once applied; add a new numbered file.
--
-- Pruning removes the record's content once its retention is over, never
-- what the tree and the chain are computed from:
--   * audit_entries: `leaf` becomes NULL and `pruned_at` is set; leaf_hash,
--     chain, the search columns and every tile hash and checkpoint stay, so
--     `garant audit verify` still recomputes the chain and the tree from the
--     stored leaf hashes of pruned entries.
--   * the patients of a pruned access event: its access_event_patients and
--     access_event_sets rows are deleted and access_events.patient_tokens
--     becomes NULL; the chunks of a patient set stored before the cutoff and
--     no longer referenced by an unpruned event are deleted (the set's row,
--     its digest and count, stays).
-- Only the families below can be pruned, whoever asks: access events
-- (`access.*`) and staff actions (`staff.*`). Objections, decisions, cases,
-- findings, rights answers, list publications and garant's own entries
-- (audit.*, among them every pruning run) never are.
--
-- Who may prune: the owner role only (the one that runs migrations; `garant
-- audit prune` connects as it). garant_app gets no UPDATE or DELETE here:
-- garantd cannot prune, whatever its code does. The triggers still refuse
-- every change but the exact pruning shape, and only inside a transaction
-- that set garant.retention_pruning = 'on' (SET LOCAL): a stray statement of
-- the owner is refused too.

ALTER TABLE audit_entries ALTER COLUMN leaf DROP NOT NULL;
ALTER TABLE audit_entries ADD COLUMN pruned_at timestamptz;
ALTER TABLE audit_entries ADD CONSTRAINT audit_entries_leaf_or_pruned
  CHECK ((leaf IS NULL) = (pruned_at IS NOT NULL));

-- Whether entries of this type may ever be pruned.
CREATE FUNCTION audit_prunable_type(t text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT t LIKE 'access.%' OR t LIKE 'staff.%'
$$;

CREATE FUNCTION audit_retention_pruning() RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(current_setting('garant.retention_pruning', true), '') = 'on'
$$;

-- audit_entries: append-only, except that a pruning run may set leaf to NULL
-- (and pruned_at) on an unpruned entry of a prunable type, nothing else.
CREATE FUNCTION audit_entries_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND audit_retention_pruning()
     AND OLD.leaf IS NOT NULL AND OLD.pruned_at IS NULL
     AND NEW.leaf IS NULL AND NEW.pruned_at IS NOT NULL
     AND audit_prunable_type(OLD.event_type)
     AND NEW.idx = OLD.idx AND NEW.leaf_hash = OLD.leaf_hash AND NEW.chain = OLD.chain
     AND NEW.event_id = OLD.event_id AND NEW.event_type = OLD.event_type
     AND NEW.event_time = OLD.event_time AND NEW.actor = OLD.actor
     AND NEW.object = OLD.object THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'the audit log is append-only: % on % is refused (only the pruning of an access or staff entry''s content is allowed)',
    TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;
DROP TRIGGER audit_entries_append_only ON audit_entries;
CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
  FOR EACH ROW EXECUTE FUNCTION audit_entries_refuse_change();

-- The access tables: DELETE only inside a pruning run; access_events only
-- gets its patient_tokens set to NULL.
CREATE FUNCTION access_refuse_change_but_pruning() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF audit_retention_pruning() THEN
    IF TG_OP = 'DELETE' AND TG_TABLE_NAME <> 'access_events' THEN
      RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'access_events' AND NEW.patient_tokens IS NULL
       AND (to_jsonb(NEW) - 'patient_tokens') = (to_jsonb(OLD) - 'patient_tokens') THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'the access trail is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;
DROP TRIGGER access_events_append_only ON access_events;
CREATE TRIGGER access_events_append_only BEFORE UPDATE OR DELETE ON access_events
  FOR EACH ROW EXECUTE FUNCTION access_refuse_change_but_pruning();
DROP TRIGGER access_event_patients_append_only ON access_event_patients;
CREATE TRIGGER access_event_patients_append_only BEFORE UPDATE OR DELETE ON access_event_patients
  FOR EACH ROW EXECUTE FUNCTION access_refuse_change_but_pruning();
DROP TRIGGER access_event_sets_append_only ON access_event_sets;
CREATE TRIGGER access_event_sets_append_only BEFORE UPDATE OR DELETE ON access_event_sets
  FOR EACH ROW EXECUTE FUNCTION access_refuse_change_but_pruning();
DROP TRIGGER access_patient_set_chunks_append_only ON access_patient_set_chunks;
CREATE TRIGGER access_patient_set_chunks_append_only BEFORE UPDATE OR DELETE
  ON access_patient_set_chunks FOR EACH ROW EXECUTE FUNCTION access_refuse_change_but_pruning();

-- Pruning walks the entries by type and index.
CREATE INDEX audit_entries_unpruned_type_idx ON audit_entries (event_type, idx)
  WHERE pruned_at IS NULL;
CREATE INDEX access_event_patients_audit_index ON access_event_patients (audit_index);
CREATE INDEX access_event_sets_audit_index ON access_event_sets (audit_index);

-- garant_app: no new grant (SELECT on the new column comes with the table's).
