-- 0038: a decision recorded by mistake and never signed (a draft) may be
-- discarded by the secretary (GovernanceStore::DiscardDecision): its votes
-- and its row are deleted, with the audit entry governance.decision.discarded
-- in the same transaction.
-- Forward-only: never edit this file once applied; add a new numbered file.
--
-- The application role gets DELETE on the two tables, and nothing else. A
-- signed decision and its votes stay undeletable by anyone: the triggers of
-- sql/0005 (gov_decisions_immutable, gov_votes_immutable, kept unchanged by
-- sql/0017 and sql/0027) refuse the DELETE of a signed row and of the votes
-- of a signed decision, whoever asks; TRUNCATE stays refused. The foreign
-- keys to gov_decisions (amends_decision_id, gov_authorisations.decision_id)
-- keep refusing the deletion of a decision something names.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'garant_app') THEN
    GRANT DELETE ON gov_decisions, gov_votes TO garant_app;
  END IF;
END
$$;
