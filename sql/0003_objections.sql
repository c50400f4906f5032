-- 0003: objections (droit d'opposition) and their pseudonymous tokens.
-- Forward-only: never edit this file once applied; add a new numbered file.
-- Formats and invariants: docs/objections.md.
--
-- Clear identity never appears in clear: the traits and the contact address
-- are AES-256-GCM sealed (nonce || ciphertext || tag) with the encryption key,
-- the additional authenticated data binding each to its row and purpose
-- ("garant-objection-traits-v1|<id>", "garant-objection-contact-v1|<id>").
-- The secret code of the receipt is stored as a keyed hash only.

CREATE TABLE objections (
  id              uuid PRIMARY KEY,
  reference       text NOT NULL UNIQUE
                  CHECK (reference ~ '^OPP-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$'),
  code_hash       bytea NOT NULL CHECK (length(code_hash) = 32),
  requester       text NOT NULL CHECK (requester IN ('patient', 'parent', 'guardian')),
  channel         text NOT NULL CHECK (channel IN ('web', 'letter', 'phone', 'in_person')),
  entered_by      bigint REFERENCES staff_accounts (id),
  -- 'all' (all of CONTACT) or 'project:<reference>' (one project).
  scope           text NOT NULL
                  CHECK (scope = 'all' OR scope ~ '^project:[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
  received_at     timestamptz NOT NULL,
  effective_at    timestamptz NOT NULL,
  status          text NOT NULL CHECK (status IN ('effective', 'withdrawn')),
  withdrawn_at    timestamptz,
  notice_version  text NOT NULL CHECK (length(notice_version) BETWEEN 1 AND 64),
  contact_sealed  bytea CHECK (contact_sealed IS NULL OR length(contact_sealed) >= 28),
  traits_sealed   bytea NOT NULL CHECK (length(traits_sealed) >= 28),
  audit_index     bigint,   -- index of the objection.created audit entry
  CHECK ((channel = 'web') = (entered_by IS NULL)),
  CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL)),
  CHECK (effective_at >= received_at)
);
CREATE INDEX objections_received ON objections (received_at);
CREATE INDEX objections_status_scope ON objections (status, scope);

-- The pseudonymous tokens of each objection (Pseudonymisation v1, lowercase
-- hex HMAC-SHA-256), under the key named by key_id. Tokens only: the
-- exclusion lists are built from this table joined to objections (status,
-- scope). A re-tokenisation under a new key adds rows with the new key_id.
CREATE TABLE objection_tokens (
  objection_id  uuid NOT NULL REFERENCES objections (id),
  token         text NOT NULL CHECK (token ~ '^[0-9a-f]{64}$'),
  key_id        text NOT NULL CHECK (key_id ~ '^[0-9a-z._-]{1,64}$'),
  PRIMARY KEY (objection_id, key_id, token)
);
CREATE INDEX objection_tokens_token ON objection_tokens (key_id, token);

-- The application role records and withdraws objections; nothing is ever
-- deleted (the registry is kept for the life of the warehouse).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'garant_app') THEN
    GRANT USAGE ON SCHEMA public TO garant_app;
    GRANT SELECT, INSERT, UPDATE ON objections TO garant_app;
    GRANT SELECT, INSERT ON objection_tokens TO garant_app;
  END IF;
END
$$;
