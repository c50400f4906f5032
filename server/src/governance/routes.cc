// Governance routes: the JSON API, the access check, the public portal
// (/projets, /api/v1/public/projects) and the secretary console pages.
// The pieces live in governance/{api,pages,console,console_pages,views}.cc;
// the demo data in runtime (garant/runtime/demo.h).

#include "http/routes.h"

#include "governance/http.h"

namespace garant::server {

void AddGovernanceRoutes(Router& router, Services& s) {
  auto ctx = std::make_shared<gov::Context>(gov::Context{s, nullptr});
  ctx->store =
      std::make_unique<governance::GovernanceStore>(s.pool, s.audit_log(), s.clock, s.random);
  gov::AddApiRoutes(router, ctx);
  gov::AddPublicRoutes(router, ctx);
  gov::AddConsoleRoutes(router, ctx);
  gov::AddPortalDirectoryRoutes(router, ctx);
}

}  // namespace garant::server
