-- 0026: objections of health professionals (RGPD art. 21 for the physicians
-- whose RPPS number appears in the warehouse's data; docs/objections.md,
-- "Health professionals").
-- Forward-only: never edit this file once applied; add a new numbered file.
--
-- A professional's objection is a row of `objections` like a patient's:
-- subject_kind 'professional', requester 'professional', scope
-- 'professional', one token (Pseudonymisation v1, "rpps" extension:
-- HMAC(K, "garant-v1|rpps|" + 11 digits)) per key in objection_tokens, and
-- the RPPS number sealed in traits_sealed (a JSON object {"rpps": "..."},
-- same AAD as a patient's traits). The exclusion lists carry its token with
-- the scope 'professional' (docs/exclusion-lists.md §1).

ALTER TABLE objections
  ADD COLUMN subject_kind text NOT NULL DEFAULT 'patient'
    CHECK (subject_kind IN ('patient', 'professional'));

ALTER TABLE objections DROP CONSTRAINT objections_requester_check;
ALTER TABLE objections ADD CONSTRAINT objections_requester_check
  CHECK (requester IN ('patient', 'parent', 'guardian', 'professional'));

ALTER TABLE objections DROP CONSTRAINT objections_scope_check;
ALTER TABLE objections ADD CONSTRAINT objections_scope_check
  CHECK (scope = 'all' OR scope = 'professional'
         OR scope ~ '^project:[A-Za-z0-9][A-Za-z0-9._-]{0,63}$');

-- The three say the same thing and never disagree.
ALTER TABLE objections ADD CONSTRAINT objections_professional_check
  CHECK ((subject_kind = 'professional') = (requester = 'professional')
         AND (subject_kind = 'professional') = (scope = 'professional'));

CREATE INDEX objections_subject_kind ON objections (subject_kind, received_at);
