// Governance routes: the JSON API, the access check, the public portal
// (/projets, /api/v1/public/projects) and the secretary console pages.
// The pieces live in governance_{api,pages,console,seed,views}.cc.

#include <spdlog/spdlog.h>

#include "governance_http.h"
#include "routes.h"

namespace garant::server {

void AddGovernanceRoutes(Router& router, Services& s) {
  auto ctx = std::make_shared<gov::Context>(gov::Context{s, nullptr});
  ctx->store =
      std::make_unique<governance::GovernanceStore>(s.pool, s.audit_log(), s.clock, s.random);
  if (s.config.demo) {
    Status st = gov::SeedDemo(*ctx);
    if (!st.ok()) spdlog::error("governance demo data: {}", st.ToString());
  }
  gov::AddApiRoutes(router, ctx);
  gov::AddPublicRoutes(router, ctx);
  gov::AddConsoleRoutes(router, ctx);
}

}  // namespace garant::server
