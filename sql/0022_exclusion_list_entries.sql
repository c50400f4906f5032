-- 0022: exclusion-list storage that grows with the changes, not with
-- versions x list size (docs/exclusion-lists.md §7 "Storage").
-- Forward-only: never edit this file once applied; add a new numbered file.
--
-- Each entry of a list is kept once per pseudonym key, with the version that
-- added it and the version that removed it (NULL while it is listed). A
-- document is then rebuilt, byte for byte, from its header (the version's
-- row, with the signature kept below) and the entries listed at its version:
-- the document format is canonical (docs/exclusion-lists.md §3), so the
-- rebuilt text is the one that was signed. Only the latest version keeps its
-- document text; the publisher clears the text of the versions it supersedes.
-- Versions published before this migration have no entries and no signature
-- here: they keep their document text.

CREATE TABLE exclusion_list_entries (
  pseudonym_key_id text   NOT NULL CHECK (pseudonym_key_id ~ '^[0-9a-f]{8}$'),
  scope            text   NOT NULL,
  token            text   NOT NULL CHECK (token ~ '^[0-9a-f]{64}$'),
  added_in         bigint NOT NULL CHECK (added_in >= 1),
  removed_in       bigint CHECK (removed_in IS NULL OR removed_in > added_in),
  PRIMARY KEY (pseudonym_key_id, scope, token, added_in)
);
-- The entries listed now, per key: what the publisher compares a new version with.
CREATE UNIQUE INDEX exclusion_list_entries_open
  ON exclusion_list_entries (pseudonym_key_id, scope, token) WHERE removed_in IS NULL;

ALTER TABLE exclusion_list_versions
  ADD COLUMN signature text CHECK (signature IS NULL OR signature ~ '^[A-Za-z0-9+/]{86}==$'),
  ALTER COLUMN document DROP NOT NULL,
  ADD CONSTRAINT exclusion_list_versions_rebuildable
    CHECK (document IS NOT NULL OR signature IS NOT NULL);
ALTER TABLE exclusion_list_companions
  ADD COLUMN signature text CHECK (signature IS NULL OR signature ~ '^[A-Za-z0-9+/]{86}==$'),
  ALTER COLUMN document DROP NOT NULL,
  ADD CONSTRAINT exclusion_list_companions_rebuildable
    CHECK (document IS NOT NULL OR signature IS NOT NULL);

-- Every document of every version, now with its signature (a view can only
-- gain columns at its end).
CREATE OR REPLACE VIEW exclusion_list_documents AS
  SELECT version, pseudonym_key_id, token_count, digest, document, true AS is_primary, signature
    FROM exclusion_list_versions
  UNION ALL
  SELECT version, pseudonym_key_id, token_count, digest, document, false AS is_primary, signature
    FROM exclusion_list_companions;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'garant_app') THEN
    GRANT SELECT, INSERT ON exclusion_list_entries TO garant_app;
    GRANT UPDATE (removed_in) ON exclusion_list_entries TO garant_app;
    GRANT UPDATE (document) ON exclusion_list_versions, exclusion_list_companions TO garant_app;
    GRANT SELECT ON exclusion_list_documents TO garant_app;
  END IF;
END
$$;
