-- 0024: the last table-level UPDATE of the application role, gov_decisions,
-- narrowed to the signing columns (sql/0018 left it while the two-person rule
-- of sql/0017 reworked them). The rest of a decision is immutable anyway
-- (trigger gov_decisions_immutable); the privilege now says so too.
-- Forward-only: never edit this file once applied; add a new numbered file.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'garant_app') THEN
    REVOKE UPDATE ON gov_decisions FROM garant_app;
    GRANT UPDATE (signed_at, signed_by, cosigned_at, cosigned_by) ON gov_decisions TO garant_app;
  END IF;
END
$$;
