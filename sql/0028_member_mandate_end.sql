-- 0028: the end of a committee mandate (issue #14, R3/R7): why it ended and
-- who replaced whom, without deleting anyone. A member stays in gov_members
-- with their dates, so that past meetings keep their attendance, quorum and
-- votes; the quorum counts the members in office on a meeting's date
-- (governance/DESIGN.md, invariant 3).
-- Forward-only: never edit this file once applied; add a new numbered file.

ALTER TABLE gov_members
  -- '' while the mandate runs (or ends by its planned term_end), else why it
  -- ended: term_expired, resigned, replaced, other.
  ADD COLUMN end_reason text NOT NULL DEFAULT ''
    CHECK (end_reason IN ('', 'term_expired', 'resigned', 'replaced', 'other')),
  -- The member this one succeeds (same committee).
  ADD COLUMN replaces_member_id bigint REFERENCES gov_members (id),
  ADD CONSTRAINT gov_members_end_reason_dated
    CHECK (end_reason = '' OR term_end IS NOT NULL),
  ADD CONSTRAINT gov_members_not_self_replacing
    CHECK (replaces_member_id IS NULL OR replaces_member_id <> id);

-- A member is never deleted (their attendance and votes refer to them).
CREATE TRIGGER gov_members_no_delete BEFORE DELETE ON gov_members
  FOR EACH ROW EXECUTE FUNCTION garant_append_only();

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'garant_app') THEN
    GRANT UPDATE (end_reason) ON gov_members TO garant_app;
  END IF;
END
$$;
