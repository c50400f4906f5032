-- 0034: Idempotency-Key for POST /api/v1/objections (docs/objections.md,
-- "Retries: Idempotency-Key"; draft-ietf-httpapi-idempotency-key-header).
-- Forward-only: never edit this file once applied; add a new numbered file.
--
-- One row per key an actor used on a route, written in the transaction that
-- records the objection, so a key exists exactly when its objection does:
--   actor, route     the scope of a key: "staff:<id>", "POST /api/v1/objections";
--   key_digest       SHA-256("garant-idempotency-key-v1|" + key): the key
--                    itself is never stored;
--   request_sha256   SHA-256 of the canonical request body (sorted members):
--                    the same key with another body is refused (422);
--   answer_status,   the answer given the first time (status, JSON body), the
--   answer_sealed    body AES-256-GCM sealed twice: under a key derived from
--                    the client's idempotency key (HKDF), then under the
--                    current encryption key (answer_key_id, AAD
--                    "garant-idempotency-answer-v1|" + id). The body holds the
--                    receipt code: opening it needs both the server's key and
--                    the client's idempotency key;
--   expires_at       created_at + 24 h: after it the key is unknown again, and
--                    the row is deleted by the next keyed request's sweep
--                    (with its sealed answer: the code it held is gone).

CREATE TABLE idempotency_keys (
  id              uuid PRIMARY KEY,
  actor           text NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
  route           text NOT NULL CHECK (length(route) BETWEEN 1 AND 200),
  key_digest      bytea NOT NULL CHECK (length(key_digest) = 32),
  request_sha256  bytea NOT NULL CHECK (length(request_sha256) = 32),
  objection_id    uuid REFERENCES objections (id),
  answer_status   integer CHECK (answer_status BETWEEN 200 AND 299),
  answer_sealed   bytea CHECK (length(answer_sealed) >= 28),
  answer_key_id   integer,
  created_at      timestamptz NOT NULL,
  expires_at      timestamptz NOT NULL,
  -- Written first (the key taken), completed in the same transaction: a
  -- committed row always holds its answer.
  CHECK ((answer_status IS NULL) = (answer_sealed IS NULL)
         AND (answer_sealed IS NULL) = (answer_key_id IS NULL)),
  CHECK (expires_at > created_at),
  UNIQUE (actor, route, key_digest)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'garant_app') THEN
    -- Operational, not a record: an expired key is deleted.
    GRANT SELECT, INSERT, DELETE ON idempotency_keys TO garant_app;
    GRANT UPDATE (answer_status, answer_sealed, answer_key_id, objection_id)
      ON idempotency_keys TO garant_app;
  END IF;
END
$$;
