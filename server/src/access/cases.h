// Cases over HTTP: the review of the access findings (docs/cases.md).
//   cases_api.cc      GET /api/v1/cases, GET /api/v1/cases/{id},
//                     POST /api/v1/cases/{id}/transitions | notes | assignment
//   cases_console.cc  GET /audit/alertes, GET /audit/alertes/{id} and its forms
// Reads: roles auditor and dpo (the service role "auditor" too, for an
// external audit tool); changes: staff auditors and DPOs only, CSRF checked.
#pragma once

#include <memory>
#include <string>
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
