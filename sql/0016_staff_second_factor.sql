-- 0016: staff second factor (TOTP, RFC 6238) and recovery codes, the
-- restricted enrolment session, and service token expiry.
-- Forward-only: never edit this file once applied; add a new numbered file.

-- One TOTP secret per account, sealed with AES-256-GCM under the encryption
-- key (the identity traits' key; AAD "garant-totp-v1|<account id>"), never
-- stored in clear. confirmed_at is NULL while the enrolment is pending (the
-- secret shown, no code typed yet): a pending secret is not a second factor.
-- last_step: the last TOTP step accepted; a code of that step or an earlier
-- one is refused (replay).
CREATE TABLE staff_totp (
  account_id    bigint PRIMARY KEY REFERENCES staff_accounts (id),
  secret_sealed bytea NOT NULL CHECK (length(secret_sealed) = 12 + 20 + 16),
  created_at    timestamptz NOT NULL DEFAULT now(),
  confirmed_at  timestamptz,
  last_step     bigint NOT NULL DEFAULT -1
);

-- Ten single-use recovery codes per enrolment; only SHA-256 of
-- "garant-recovery-v1|<account id>|<code>" is stored (80 random bits each).
CREATE TABLE staff_recovery_codes (
  account_id    bigint NOT NULL REFERENCES staff_accounts (id),
  code_hash     bytea NOT NULL CHECK (length(code_hash) = 32),
  created_at    timestamptz NOT NULL DEFAULT now(),
  used_at       timestamptz,
  PRIMARY KEY (account_id, code_hash)
);

-- A session opened by a password alone for an account whose role requires the
-- second factor and that has not enrolled: it may only enrol ('enrolment').
ALTER TABLE staff_sessions
  ADD COLUMN stage text NOT NULL DEFAULT 'full' CHECK (stage IN ('full', 'enrolment'));

-- Service tokens may expire (garant token create NAME --expires-in 90d).
ALTER TABLE service_tokens ADD COLUMN expires_at timestamptz;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'garant_app') THEN
    GRANT SELECT, INSERT, UPDATE, DELETE ON staff_totp, staff_recovery_codes TO garant_app;
  END IF;
END
$$;
