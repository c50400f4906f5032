-- 0006: rotation of the pseudonymisation key (docs/exclusion-lists.md §7).
-- Forward-only: never edit this file once applied.
--
-- While a key is being replaced, every published version carries, beside its
-- primary document (under the current key, in exclusion_list_versions), one
-- companion document per previous key still in transition: the same version
-- number, times and signing key, the same objections, tokens computed under
-- the previous key. Consumers receive both and pick the one made under the
-- key their ingestion uses.

CREATE TABLE exclusion_list_companions (
  version          bigint NOT NULL REFERENCES exclusion_list_versions (version),
  pseudonym_key_id text NOT NULL CHECK (pseudonym_key_id ~ '^[0-9a-f]{8}$'),
  token_count      bigint NOT NULL CHECK (token_count >= 0),
  digest           text NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$'),
  document         text NOT NULL,
  PRIMARY KEY (version, pseudonym_key_id)
);

-- Every document of every version: the primary one and its companions.
CREATE VIEW exclusion_list_documents AS
  SELECT version, pseudonym_key_id, token_count, digest, document, true AS is_primary
    FROM exclusion_list_versions
  UNION ALL
  SELECT version, pseudonym_key_id, token_count, digest, document, false AS is_primary
    FROM exclusion_list_companions;

-- The key a consumer's acknowledgement was made under (optional: consumers
-- written before this field send none). Tells the DPO when every consumer has
-- moved to the new key, so the previous one can be retired.
ALTER TABLE exclusion_acks
  ADD COLUMN pseudonym_key_id text CHECK (pseudonym_key_id IS NULL
                                          OR pseudonym_key_id ~ '^[0-9a-f]{8}$');

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'garant_app') THEN
    GRANT SELECT, INSERT ON exclusion_list_companions TO garant_app;
    GRANT SELECT ON exclusion_list_documents TO garant_app;
  END IF;
END
$$;
