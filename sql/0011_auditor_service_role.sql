-- 0011: a service token may hold the role 'auditor' (issue 10 §3): an
-- external audit tool that reads the entry bundles (/tlog/tile/entries/…)
-- and the auditors' read routes, and nothing else (the router keeps a
-- service auditor to GET routes that are not staff pages).
-- Forward-only: never edit this file once applied; add a new numbered file.
ALTER TABLE service_tokens DROP CONSTRAINT service_tokens_role_check;
ALTER TABLE service_tokens
  ADD CONSTRAINT service_tokens_role_check CHECK (role IN ('ingestion', 'warehouse', 'auditor'));
