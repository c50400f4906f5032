-- 0004: exclusion lists: signed versions, change markers, consumers, pushes,
-- acknowledgements. Forward-only: never edit this file once applied.
-- Format of the documents and the publication rules: docs/exclusion-lists.md.

-- Every published version, with the signed document exactly as served.
CREATE TABLE exclusion_list_versions (
  version          bigint PRIMARY KEY CHECK (version >= 1),
  issued_at        timestamptz NOT NULL,
  expires_at       timestamptz NOT NULL CHECK (expires_at > issued_at),
  pseudonym_key_id text NOT NULL CHECK (pseudonym_key_id ~ '^[0-9a-f]{8}$'),
  signing_key_id   text NOT NULL CHECK (signing_key_id ~ '^[0-9a-f]{8}$'),
  token_count      bigint NOT NULL CHECK (token_count >= 0),
  digest           text NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$'),
  reason           text NOT NULL CHECK (reason IN ('initial', 'changed', 'reissued')),
  document         text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now()
);

-- Change markers: a row per statement that changed objections or their
-- tokens. The publisher deletes the rows it has seen in the same snapshot as
-- the one it reads the tokens from, so a change committed later is never
-- lost, and writers never wait on each other here (no shared counter row).
CREATE TABLE exclusion_source_changes (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION exclusion_source_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO exclusion_source_changes DEFAULT VALUES;
  RETURN NULL;
END
$$;

CREATE TRIGGER objections_exclusion_change
  AFTER INSERT OR UPDATE OR DELETE ON objections
  FOR EACH STATEMENT EXECUTE FUNCTION exclusion_source_changed();
CREATE TRIGGER objection_tokens_exclusion_change
  AFTER INSERT OR UPDATE OR DELETE ON objection_tokens
  FOR EACH STATEMENT EXECUTE FUNCTION exclusion_source_changed();

-- The ingestion endpoints that receive the lists. A consumer acknowledges
-- with the service token whose name is the consumer's name. url is NULL for
-- a pull-only consumer.
CREATE TABLE exclusion_consumers (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
  url         text CHECK (url IS NULL OR (url ~ '^https?://[^[:space:]]+$' AND length(url) <= 2000)),
  created_at  timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz
);

-- Pushes of a version to a consumer, with retries and backoff.
CREATE TABLE exclusion_deliveries (
  consumer_id      bigint NOT NULL REFERENCES exclusion_consumers (id),
  version          bigint NOT NULL REFERENCES exclusion_list_versions (version),
  attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  last_attempt_at  timestamptz,
  delivered_at     timestamptz,
  superseded_at    timestamptz,  -- a newer version was queued before this one got through
  last_error       text CHECK (last_error IS NULL OR length(last_error) <= 500),
  PRIMARY KEY (consumer_id, version)
);
CREATE INDEX exclusion_deliveries_due ON exclusion_deliveries (next_attempt_at)
  WHERE delivered_at IS NULL AND superseded_at IS NULL;

-- Acknowledgements: the consumer applied `version` and purged `purged_count`
-- stored records (the purge order is the delta since its previous version).
CREATE TABLE exclusion_acks (
  consumer_id  bigint NOT NULL REFERENCES exclusion_consumers (id),
  version      bigint NOT NULL REFERENCES exclusion_list_versions (version),
  purged_count bigint NOT NULL CHECK (purged_count >= 0),
  applied_at   timestamptz NOT NULL DEFAULT now(),
  token_id     uuid,  -- the service token that sent it
  PRIMARY KEY (consumer_id, version)
);

-- The application role publishes, records pushes and acknowledgements; it
-- never rewrites a published version or an acknowledgement.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'garant_app') THEN
    GRANT USAGE ON SCHEMA public TO garant_app;
    GRANT SELECT, INSERT ON exclusion_list_versions, exclusion_acks TO garant_app;
    GRANT SELECT, INSERT, DELETE ON exclusion_source_changes TO garant_app;
    GRANT SELECT, INSERT, UPDATE ON exclusion_consumers, exclusion_deliveries TO garant_app;
  END IF;
END
$$;
