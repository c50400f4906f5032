-- 0014: the approved cohort size of a project (issue 11, the project's audit
-- report): how many people the committee approved the study for, as the
-- application states it. The auditor's project report compares it with the
-- distinct people the warehouse's accesses touched. NULL: not stated.
-- Forward-only: never edit this file once applied; add a new numbered file.
ALTER TABLE gov_projects ADD COLUMN cohort_size bigint CHECK (cohort_size BETWEEN 1 AND 100000000);
