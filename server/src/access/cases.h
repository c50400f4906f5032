// Cases over HTTP: the review of the access findings (docs/cases.md).
//   cases_api.cc      GET /api/v1/cases, GET /api/v1/cases/{id},
//                     POST /api/v1/cases/{id}/transitions | notes | assignment
//   cases_console.cc  GET /audit/alertes, GET /audit/alertes/{id} and its forms
// Reads: roles auditor and dpo (the service role "auditor" too, for an
// external audit tool); changes: staff auditors and DPOs only, CSRF checked.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "garant/access/cases.h"
#include "http/router.h"
#include "services.h"

namespace garant::server {

struct CaseHttp {
  explicit CaseHttp(Services& svc)
      : s(svc), cases(svc.pool, svc.audit_log(), svc.clock, svc.random) {}
  Services& s;
  access::CaseStore cases;
};

// A case form without its hidden fields (a forged or truncated post).
inline constexpr std::string_view kReasonFormIncomplete = "case_form_incomplete";
// Every reason the case pages turn into French (http/reasons_fr.cc): the
// form's own and the workflow's (garant/access/cases.h).
inline constexpr std::array<std::string_view, 7> kCaseReasons = {
    kReasonFormIncomplete,
    access::kReasonCaseStatusStale,
    access::kReasonCaseTransitionRefused,
    access::kReasonCaseNoteRequired,
    access::kReasonCaseNoteInvalid,
    access::kReasonCaseClosed,
    access::kReasonCaseAssigneeRefused};

// Who may read cases, and who may change them (staff principals only).
extern const std::vector<std::string> kCaseRoles;

// The staff account id of a reviewer making a change; kPermissionDenied for a
// service principal (a service "auditor" token reads, never decides).
Result<int64_t> ReviewerId(const Principal& p);

// The queue's query parameters (rule, severity, account, project, status,
// from, to, limit, cursor); kInvalidArgument for a malformed one.
Result<access::CaseQuery> CaseQueryFrom(HttpExchange& ex);

void AddCaseApiRoutes(Router& router, std::shared_ptr<CaseHttp> ctx);
void AddCaseConsoleRoutes(Router& router, std::shared_ptr<CaseHttp> ctx);

// Both of the above (called by AddAccessRoutes).
void AddCaseRoutes(Router& router, Services& services);

}  // namespace garant::server
