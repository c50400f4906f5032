-- 0032: the access trail's side tables partitioned by audit-index range
-- (access/DESIGN.md "Partitions", docs/scaling.md §3, docs/audit-log.md
-- "Retention").
-- Forward-only: never edit this file once applied; add a new numbered file.
--
-- access_event_patients (a row per inline token of an event: the largest
-- table, about 10^8 rows over a retention period) and access_event_sets (a
-- row per event naming a set) hold nothing but what pruning removes, keyed by
-- the event's audit index, which only grows. They become tables partitioned
-- by RANGE (audit_index), one partition per `range_size` indexes (2^22 by
-- default), so that pruning drops a whole partition (DETACH, DROP) once every
-- access entry of its range is pruned, and deletes rows only in the partition
-- at the retention boundary.
--
-- Not partitioned, and why (access/DESIGN.md, audit/DESIGN.md):
--   * audit_entries: the leaf hashes and chain values must never go, and the
--     payload shares the row with them; objection, decision and audit.*
--     entries are never pruned and are interleaved with access entries in
--     every index range, so no range of payloads could be dropped whole even
--     in a table of its own. Pruning keeps emptying `leaf` row by row.
--   * access_events: its rows stay after pruning (identity, content hash for
--     idempotent retries, account and project for the views); only
--     patient_tokens is emptied. Nothing would be dropped.
--   * access_patient_set_chunks: keyed by set, not by index; a set outlives
--     the events that name it while another unpruned event names it.
--
-- Partitions are made ahead of the writer: access_ensure_partitions(i),
-- called by the recording transaction with the highest index of its batch
-- before it inserts, makes sure partitions cover every index up to
-- i + range_size (so the next range exists before the current one fills,
-- and a batch longer than a range is covered too). It is SECURITY DEFINER,
-- owned by the owner role: garant_app may call it and nothing else; it still
-- owns nothing and cannot CREATE (runtime's start check).
--
-- Existing rows are moved: same rows, same indexes, same triggers.

-- The size of the ranges of partitions created from now on (the owner may
-- change it; existing partitions keep their bounds).
CREATE TABLE access_partition_settings (
  id          smallint PRIMARY KEY CHECK (id = 0),
  range_size  bigint NOT NULL CHECK (range_size BETWEEN 1 AND 1099511627776)
);
INSERT INTO access_partition_settings (id, range_size) VALUES (0, 4194304);

-- Every partition range ever made: [lo, hi) of both tables (partitions
-- access_event_patients_p<lo> and access_event_sets_p<lo>, lo on 19 digits),
-- and when pruning dropped it. Ranges are contiguous from 0.
CREATE TABLE access_partitions (
  lo          bigint PRIMARY KEY CHECK (lo >= 0),
  hi          bigint NOT NULL UNIQUE CHECK (hi > lo),
  created_at  timestamptz NOT NULL DEFAULT now(),
  dropped_at  timestamptz
);

-- The partition names of a range.
CREATE FUNCTION access_partition_name(tbl text, lo bigint) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT tbl || '_p' || lpad(lo::text, 19, '0')
$$;

-- Makes sure partitions cover every index up to upto + range_size; returns
-- the bound covered (exclusive). Cheap when nothing is missing (two rows
-- read). Serialised by the settings row. For garant_app, upto may not exceed
-- the tree's size.
CREATE FUNCTION access_ensure_partitions(upto bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  covered bigint;
  step bigint;
  lo bigint;
BEGIN
  IF upto IS NULL OR upto < 0 THEN
    RAISE EXCEPTION 'access_ensure_partitions: the index must be >= 0' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  -- The application may ask only for indexes the log has given (its own
  -- transaction sees the size its append just set): it cannot have ranges
  -- made far ahead. The owner (current_user here) may.
  IF NOT pg_has_role(session_user, current_user, 'MEMBER')
     AND upto > (SELECT size FROM audit_tree_state WHERE id = 0) THEN
    RAISE EXCEPTION 'access_ensure_partitions: index % is beyond the log''s size', upto
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT coalesce(max(hi), 0) INTO covered FROM access_partitions;
  SELECT range_size INTO step FROM access_partition_settings WHERE id = 0;
  IF covered > upto + step THEN
    RETURN covered;
  END IF;
  PERFORM 1 FROM access_partition_settings WHERE id = 0 FOR UPDATE;
  SELECT coalesce(max(hi), 0) INTO covered FROM access_partitions;
  SELECT range_size INTO step FROM access_partition_settings WHERE id = 0;
  WHILE covered <= upto + step LOOP
    lo := covered;
    covered := lo + step;
    EXECUTE format('CREATE TABLE %I PARTITION OF access_event_patients FOR VALUES FROM (%s) TO (%s)',
                   access_partition_name('access_event_patients', lo), lo, covered);
    EXECUTE format('CREATE TABLE %I PARTITION OF access_event_sets FOR VALUES FROM (%s) TO (%s)',
                   access_partition_name('access_event_sets', lo), lo, covered);
    INSERT INTO access_partitions (lo, hi) VALUES (lo, covered);
  END LOOP;
  RETURN covered;
END
$$;
REVOKE ALL ON FUNCTION access_ensure_partitions(bigint) FROM PUBLIC;

-- Lays the partitions out again with ranges of `new_range` indexes (a test,
-- a benchmark, a small database: it moves every row): one partition covers
-- [0, the tree's size rounded up to a range), ranges of new_range follow,
-- and the rows go back where they belong. The record of dropped ranges is
-- forgotten. Owner only.
CREATE FUNCTION access_repartition(new_range bigint) RETURNS bigint
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  p record;
  size bigint;
  first_hi bigint;
BEGIN
  IF new_range IS NULL OR new_range < 1 OR new_range > 1099511627776 THEN
    RAISE EXCEPTION 'access_repartition: the range must be 1 to 2^40 indexes' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  PERFORM 1 FROM access_partition_settings WHERE id = 0 FOR UPDATE;
  LOCK TABLE access_event_patients, access_event_sets IN ACCESS EXCLUSIVE MODE;
  CREATE TEMPORARY TABLE garant_repartition_patients ON COMMIT DROP AS
    SELECT token, event_id, audit_index FROM access_event_patients;
  CREATE TEMPORARY TABLE garant_repartition_sets ON COMMIT DROP AS
    SELECT set_id, audit_index, event_id FROM access_event_sets;
  FOR p IN SELECT lo FROM access_partitions WHERE dropped_at IS NULL LOOP
    EXECUTE format('DROP TABLE %I', access_partition_name('access_event_patients', p.lo));
    EXECUTE format('DROP TABLE %I', access_partition_name('access_event_sets', p.lo));
  END LOOP;
  DELETE FROM access_partitions;
  UPDATE access_partition_settings SET range_size = new_range WHERE id = 0;
  SELECT greatest(s.size, coalesce((SELECT max(audit_index) + 1 FROM garant_repartition_patients), 0),
                  coalesce((SELECT max(audit_index) + 1 FROM garant_repartition_sets), 0))
    INTO size FROM audit_tree_state s WHERE s.id = 0;
  IF size > 0 THEN
    first_hi := ((size + new_range - 1) / new_range) * new_range;
    EXECUTE format('CREATE TABLE %I PARTITION OF access_event_patients FOR VALUES FROM (0) TO (%s)',
                   access_partition_name('access_event_patients', 0), first_hi);
    EXECUTE format('CREATE TABLE %I PARTITION OF access_event_sets FOR VALUES FROM (0) TO (%s)',
                   access_partition_name('access_event_sets', 0), first_hi);
    INSERT INTO access_partitions (lo, hi) VALUES (0, first_hi);
  END IF;
  PERFORM access_ensure_partitions(size);
  INSERT INTO access_event_patients SELECT token, event_id, audit_index FROM garant_repartition_patients;
  INSERT INTO access_event_sets SELECT set_id, audit_index, event_id FROM garant_repartition_sets;
  DROP TABLE garant_repartition_patients;
  DROP TABLE garant_repartition_sets;
  RETURN (SELECT max(hi) FROM access_partitions);
END
$$;
REVOKE ALL ON FUNCTION access_repartition(bigint) FROM PUBLIC;

-- access_event_patients, partitioned. No primary key (as before: the rows
-- are only looked up by token, and by index when pruning).
ALTER TABLE access_event_patients RENAME TO access_event_patients_0031;
ALTER INDEX access_event_patients_token_index RENAME TO access_event_patients_0031_token;
ALTER INDEX access_event_patients_audit_index RENAME TO access_event_patients_0031_audit_index;
CREATE TABLE access_event_patients (
  token        bytea NOT NULL CHECK (octet_length(token) = 32),
  event_id     uuid NOT NULL,
  audit_index  bigint NOT NULL
) PARTITION BY RANGE (audit_index);
CREATE INDEX access_event_patients_token_index ON access_event_patients (token, audit_index);
CREATE INDEX access_event_patients_audit_index ON access_event_patients (audit_index);

-- access_event_sets, partitioned: its primary key holds the partition key;
-- the foreign keys go from the partitioned table to plain tables.
ALTER TABLE access_event_sets RENAME TO access_event_sets_0031;
ALTER TABLE access_event_sets_0031 RENAME CONSTRAINT access_event_sets_pkey TO access_event_sets_0031_pkey;
ALTER INDEX access_event_sets_audit_index RENAME TO access_event_sets_0031_audit_index;
CREATE TABLE access_event_sets (
  set_id       bigint NOT NULL REFERENCES access_patient_sets (id),
  audit_index  bigint NOT NULL,
  event_id     uuid NOT NULL REFERENCES access_events (id),
  PRIMARY KEY (set_id, audit_index)
) PARTITION BY RANGE (audit_index);
CREATE INDEX access_event_sets_audit_index ON access_event_sets (audit_index);

-- Partitions for every index assigned so far and the next range, then the rows.
SELECT access_ensure_partitions(greatest(
  (SELECT size FROM audit_tree_state WHERE id = 0),
  coalesce((SELECT max(audit_index) + 1 FROM access_event_patients_0031), 0),
  coalesce((SELECT max(audit_index) + 1 FROM access_event_sets_0031), 0)));
INSERT INTO access_event_patients (token, event_id, audit_index)
SELECT token, event_id, audit_index FROM access_event_patients_0031;
INSERT INTO access_event_sets (set_id, audit_index, event_id)
SELECT set_id, audit_index, event_id FROM access_event_sets_0031;
DROP TABLE access_event_patients_0031;
DROP TABLE access_event_sets_0031;

-- The same rules as before (sql/0007, 0023): append-only but for a pruning
-- run's deletes. Row triggers on a partitioned table apply to every
-- partition, present and future.
CREATE TRIGGER access_event_patients_append_only BEFORE UPDATE OR DELETE ON access_event_patients
  FOR EACH ROW EXECUTE FUNCTION access_refuse_change_but_pruning();
CREATE TRIGGER access_event_patients_no_truncate BEFORE TRUNCATE ON access_event_patients
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER access_event_sets_append_only BEFORE UPDATE OR DELETE ON access_event_sets
  FOR EACH ROW EXECUTE FUNCTION access_refuse_change_but_pruning();
CREATE TRIGGER access_event_sets_no_truncate BEFORE TRUNCATE ON access_event_sets
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'garant_app') THEN
    GRANT SELECT, INSERT ON access_event_patients, access_event_sets TO garant_app;
    GRANT SELECT ON access_partitions, access_partition_settings TO garant_app;
    GRANT EXECUTE ON FUNCTION access_ensure_partitions(bigint) TO garant_app;
  END IF;
END
$$;

ANALYZE access_event_patients, access_event_sets;
