-- 0001: staff accounts, sessions and service tokens.
-- Forward-only: never edit this file once applied; add a new numbered file.

CREATE TABLE staff_accounts (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username      text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
  display_name  text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  role          text NOT NULL CHECK (role IN ('admin', 'dpo', 'secretary', 'auditor')),
  password_hash text NOT NULL,           -- "pbkdf2-sha256$<iterations>$<b64 salt>$<b64 key>"
  created_at    timestamptz NOT NULL DEFAULT now(),
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  disabled_at   timestamptz
);

-- Server-side sessions. The cookie holds a random 256-bit secret; only its
-- SHA-256 is stored, so a database read does not yield usable sessions.
CREATE TABLE staff_sessions (
  id_hash       bytea PRIMARY KEY CHECK (length(id_hash) = 32),
  account_id    bigint NOT NULL REFERENCES staff_accounts (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,    -- absolute expiry
  ended_at      timestamptz,             -- logout or account disabled
  client_address text
);
CREATE INDEX staff_sessions_account ON staff_sessions (account_id);

-- Service tokens for the warehouse services. 256 random bits, shown once;
-- only the SHA-256 is stored.
CREATE TABLE service_tokens (
  id            uuid PRIMARY KEY,
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  role          text NOT NULL CHECK (role IN ('ingestion', 'warehouse')),
  token_hash    bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz,
  last_used_at  timestamptz
);

-- Least privilege: the application role reads and writes these tables but
-- cannot change the schema. (garant_app exists in the dev cluster; in
-- production create it beforehand, see docs/operations.md.)
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'garant_app') THEN
    GRANT USAGE ON SCHEMA public TO garant_app;
    GRANT SELECT, INSERT, UPDATE ON staff_accounts, staff_sessions, service_tokens TO garant_app;
    GRANT DELETE ON staff_sessions TO garant_app;
    GRANT SELECT ON garant_schema_migrations TO garant_app;
  END IF;
END
$$;
