#include "http/authorization_matrix.h"

#include <spdlog/spdlog.h>

#include <vector>

#include "garant/core/clock.h"
#include "garant/core/config.h"
#include "garant/core/db.h"
#include "garant/core/random.h"
#include "http/routes.h"

namespace garant::server {
namespace {

struct Column {
  const char* label;
  Principal principal;
};

Principal Of(Principal::Kind kind, const char* role) {
  Principal p;
  p.kind = kind;
  p.id = "1";
  p.role = role;
  return p;
}

const char* CsrfLabel(CsrfRule c) {
  switch (c) {
    case CsrfRule::kSession:
      return "session";
    case CsrfRule::kAnonymousForm:
      return "form";
    case CsrfRule::kNone:
      return "—";
  }
  return "?";
}

const char* KindLabel(ResponseKind k) {
  switch (k) {
    case ResponseKind::kJson:
      return "JSON";
    case ResponseKind::kHtml:
      return "page";
    case ResponseKind::kText:
      return "text";
  }
  return "?";
}

}  // namespace

std::string AuthorizationMatrixMarkdown(const Router& router) {
  using K = Principal::Kind;
  const std::vector<Column> columns = {
      {"anonymous", Principal{}},
      {"admin", Of(K::kStaff, kRoleAdmin)},
      {"dpo", Of(K::kStaff, kRoleDpo)},
      {"secretary", Of(K::kStaff, kRoleSecretary)},
      {"auditor", Of(K::kStaff, kRoleAuditor)},
      {"enrolment", Of(K::kStaff, kRoleEnrolment)},
      {"token: ingestion", Of(K::kService, kRoleIngestion)},
      {"token: warehouse", Of(K::kService, kRoleWarehouse)},
      {"token: auditor", Of(K::kService, kRoleAuditor)},
  };
  std::string out =
      "# Authorization matrix\n\n"
      "Generated from garantd's route table by `garantd --authorization-matrix` (do not edit by\n"
      "hand: regenerate with `./build/bin/garantd --authorization-matrix > "
      "docs/authorization-matrix.md`).\n"
      "`server_unit_tests` (`AuthorizationMatrixTest`) fails when this file differs from the "
      "route table.\n\n"
      "A cell is `✓` when the dispatcher lets that principal call the route (`Allowed`, "
      "`server/src/http/router.h`): default deny, the roles each route lists, service tokens "
      "kept off pages, an auditor token kept to GET. Staff columns are session roles; "
      "`enrolment` is the restricted session of a dpo, auditor or admin who has not enrolled the "
      "second factor yet; `token: …` are service tokens. CSRF: `session` (the session's token "
      "on every state-changing request made with the session cookie), `form` (the public form's "
      "token bound to its cookie), `—` (none: no ambient credential).\n\n"
      "| method | path | answers | CSRF |";
  for (const auto& c : columns) out += std::string(" ") + c.label + " |";
  out += "\n|---|---|---|---|";
  for (size_t i = 0; i < columns.size(); ++i) out += ":-:|";
  out += "\n";
  for (const Route& r : router.routes()) {
    out += "| " + r.method + " | `" + r.pattern + "` | " + KindLabel(r.kind) + " | " +
           CsrfLabel(r.csrf) + " |";
    for (const auto& c : columns) out += Allowed(r, c.principal) ? " ✓ |" : "  |";
    out += "\n";
  }
  return out;
}

std::string GarantdAuthorizationMatrix() {
  // Registering the routes starts the exclusion workers, which find no
  // database: their complaints would only be noise here.
  const spdlog::level::level_enum level = spdlog::get_level();
  spdlog::set_level(spdlog::level::off);
  struct Restore {
    spdlog::level::level_enum level;
    ~Restore() { spdlog::set_level(level); }
  } restore{level};
  Config config;
  db::Pool pool(db::Pool::Options{.conninfo = "", .max_size = 1});
  ManualClock clock(FromUnixMicros(0));
  Services services(config, pool, SecureRandom::Instance(), clock);
  services.draining = true;  // any worker a route registers ends at once
  Router router;
  AddAllRoutes(router, services);
  // As garantd registers them without metrics_port: after every other route.
  AddOperationsRoutes(router, services);
  return AuthorizationMatrixMarkdown(router);
}

}  // namespace garant::server
