-- 0018: key ids beside sealed values and receipt-code hashes, and
-- column-level UPDATE for the application role.
-- Forward-only: never edit this file once applied; add a new numbered file.
--
-- Key ids (core/include/garant/core/key_ring.h, docs/security.md "Keys"):
-- 0 = legacy, sealed directly under the master secret (encryption_key_file)
-- or hashed under HMAC(master, "garant-receipt-code-key-v1"), as every row
-- written before this migration; otherwise the id of the master whose
-- HKDF-derived key sealed (or hashed) the value. Existing rows get 0.

ALTER TABLE objections
  ADD COLUMN seal_key_id integer NOT NULL DEFAULT 0 CHECK (seal_key_id >= 0),
  ADD COLUMN code_key_id integer NOT NULL DEFAULT 0 CHECK (code_key_id >= 0);
CREATE INDEX objections_seal_key ON objections (seal_key_id, id);

ALTER TABLE staff_totp
  ADD COLUMN secret_key_id integer NOT NULL DEFAULT 0 CHECK (secret_key_id >= 0);

-- Least privilege: UPDATE only on the columns the application changes (a
-- compromised application cannot rewrite a reference, a role or a token
-- hash). Table-level UPDATE is revoked first, then the columns granted.
-- gov_decisions keeps its table-level grant (its signing columns are being
-- reworked; narrow it there).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'garant_app') THEN
    REVOKE UPDATE ON staff_accounts, staff_sessions, service_tokens, audit_tree_state,
      objections, exclusion_consumers, exclusion_deliveries, gov_projects,
      access_account_days, staff_totp, staff_recovery_codes FROM garant_app;
    GRANT UPDATE (password_hash, password_changed_at, disabled_at) ON staff_accounts TO garant_app;
    GRANT UPDATE (last_seen_at, ended_at) ON staff_sessions TO garant_app;
    GRANT UPDATE (revoked_at, last_used_at) ON service_tokens TO garant_app;
    GRANT UPDATE (size, root, chain, updated_at) ON audit_tree_state TO garant_app;
    -- traits_sealed, contact_sealed, seal_key_id: garant keys rotate-encryption;
    -- code_hash, code_key_id: a receipt code re-hashed under the current key.
    GRANT UPDATE (audit_index, status, withdrawn_at, traits_sealed, contact_sealed, seal_key_id,
      code_hash, code_key_id) ON objections TO garant_app;
    GRANT UPDATE (disabled_at) ON exclusion_consumers TO garant_app;
    GRANT UPDATE (attempts, next_attempt_at, last_attempt_at, delivered_at, superseded_at,
      last_error) ON exclusion_deliveries TO garant_app;
    GRANT UPDATE (status, status_changed_at, published_at, public_summary, hdh_directory_number)
      ON gov_projects TO garant_app;
    GRANT UPDATE (touched_patients) ON access_account_days TO garant_app;
    GRANT UPDATE (confirmed_at, last_step, secret_sealed, secret_key_id) ON staff_totp
      TO garant_app;
    GRANT UPDATE (used_at) ON staff_recovery_codes TO garant_app;
  END IF;
END
$$;
