-- 0017: separation of duties (issue #12, ASVS V4): a decision is effective
-- only once co-signed by a second staff account, an authorisation counts in
-- the access check only once confirmed by a second staff account.
-- Forward-only: never edit this file once applied; add a new numbered file.
--
-- Rows that exist when this migration runs were recorded under the one-person
-- rule. They keep their effect: a signed decision is marked co-signed and every
-- authorisation confirmed, at their own signature / creation time, by the
-- pseudo-account 'before-two-person-rule' (never a staff actor, which is
-- 'staff:<id>'), so that the record says which acts had a single signatory.
-- Unsigned decisions stay unsigned and follow the new rule when signed.

ALTER TABLE gov_decisions
  ADD COLUMN cosigned_at timestamptz,
  ADD COLUMN cosigned_by text,
  ADD CONSTRAINT gov_decisions_cosigned_pair CHECK ((cosigned_at IS NULL) = (cosigned_by IS NULL)),
  ADD CONSTRAINT gov_decisions_cosigned_after_signature
    CHECK (cosigned_at IS NULL OR signed_at IS NOT NULL);

ALTER TABLE gov_authorisations
  ADD COLUMN confirmed_at timestamptz,
  ADD COLUMN confirmed_by text,
  ADD CONSTRAINT gov_authorisations_confirmed_pair
    CHECK ((confirmed_at IS NULL) = (confirmed_by IS NULL));

-- The guard of 0005, widened by one allowed change: a signed, not yet
-- co-signed decision may receive its co-signature (cosigned_at/cosigned_by
-- from NULL to a value, every other column unchanged). Anything else on a
-- signed row is refused as before.
CREATE OR REPLACE FUNCTION gov_decision_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.signed_at IS NOT NULL THEN
      RAISE EXCEPTION 'decision % is signed and immutable: amend it with a new decision', OLD.id
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.signed_at IS NOT NULL THEN
    IF OLD.cosigned_at IS NULL AND NEW.cosigned_at IS NOT NULL
       AND (NEW.id, NEW.project_id, NEW.meeting_id, NEW.outcome, NEW.reasons, NEW.conditions,
            NEW.amends_decision_id, NEW.recorded_at, NEW.recorded_by, NEW.signed_at,
            NEW.signed_by)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.project_id, OLD.meeting_id, OLD.outcome, OLD.reasons, OLD.conditions,
            OLD.amends_decision_id, OLD.recorded_at, OLD.recorded_by, OLD.signed_at,
            OLD.signed_by) THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'decision % is signed and immutable: amend it with a new decision', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.cosigned_at IS NOT NULL THEN
    RAISE EXCEPTION 'decision % is co-signed after its signature, not with it', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;

-- Existing rows: see the header (the guard above allows this back-fill: it
-- only adds the co-signature).
UPDATE gov_decisions SET cosigned_at = signed_at, cosigned_by = 'before-two-person-rule'
  WHERE signed_at IS NOT NULL;
UPDATE gov_authorisations SET confirmed_at = created_at, confirmed_by = 'before-two-person-rule';

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'garant_app') THEN
    GRANT UPDATE (confirmed_at, confirmed_by) ON gov_authorisations TO garant_app;
  END IF;
END
$$;
