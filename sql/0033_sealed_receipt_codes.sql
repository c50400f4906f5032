-- 0033: receipt codes that survive a rotation of the encryption key
-- (docs/objections.md "Receipts", docs/security.md "Rotating the encryption
-- key"). Forward-only: never edit this file once applied; add a new numbered
-- file.
--
-- A receipt code was stored as HMAC-SHA-256 under a key derived from the
-- encryption key: a hash cannot be re-keyed without the code, so once the
-- previous key was dropped the codes hashed under it stopped working. Its
-- verifier is now sealed (AES-256-GCM, like the traits) and re-sealed by
-- `garant keys rotate-encryption`:
--   code_sealed  the sealed verifier (consent/receipt.h, CodeVerifier), under
--                the key id code_key_id, AAD "garant-objection-code-v1|" + id;
--   code_hash    the former clear HMAC, kept only for the rows written before
--                this migration until their code is next used or the next
--                rotation wraps it; exactly one of the two is set.

ALTER TABLE objections
  ADD COLUMN code_sealed bytea,
  ALTER COLUMN code_hash DROP NOT NULL,
  ADD CONSTRAINT objections_code_one_form CHECK ((code_hash IS NULL) <> (code_sealed IS NULL));

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'garant_app') THEN
    -- a code's verifier written again: sealed when used, re-sealed by a rotation.
    GRANT UPDATE (code_sealed) ON objections TO garant_app;
  END IF;
END
$$;
