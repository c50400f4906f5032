// SQL shared by the case store (cases.cc) and the findings list (store.cc):
// the Paris day of a finding's case and its current review status. Both
// expressions read the alias `f` for access_findings. The day expression is
// exactly the one of the indexes of sql/0009_access_cases.sql.
#pragma once

namespace garant::access {

// The case's day (a date) of the finding `f`.
inline constexpr const char* kCaseDaySql = "((f.occurred_at AT TIME ZONE 'Europe/Paris')::date)";

// The case id "<AAAA-MM-JJ>~<account>" of the finding `f` (CaseKey::Id).
inline constexpr const char* kCaseIdSql =
    "(to_char(((f.occurred_at AT TIME ZONE 'Europe/Paris')::date), 'YYYY-MM-DD') || '~' || "
    "f.account)";

// The review status of the finding's case: its latest transition, or 'new'.
inline constexpr const char* kCaseStatusSql =
    "COALESCE((SELECT ce.to_status FROM access_case_events ce WHERE ce.account = f.account "
    "AND ce.day = ((f.occurred_at AT TIME ZONE 'Europe/Paris')::date) "
    "AND ce.kind = 'transition' ORDER BY ce.seq DESC LIMIT 1), 'new')";

}  // namespace garant::access
