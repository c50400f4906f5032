// Routing: method + path pattern → handler, with the roles allowed to call it.
// Default deny: a route lists the roles that may call it; a route open to
// anyone must say so with Access::kPublic. Patterns are literal segments and
// "{name}" segments (one path segment each) or a final "{name...}" that takes
// the rest of the path.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "http/exchange.h"

namespace garant::server {

enum class Access { kRoles, kPublic };

// How a state-changing request proves it comes from garant's own pages.
enum class CsrfRule {
  kSession,        // staff session: X-CSRF-Token header or csrf_token field (bearer tokens exempt)
  kAnonymousForm,  // public form: csrf_token field equal to the garant_csrf cookie
  kNone,           // no ambient credentials involved (JSON login, service API)
};

// A handler answers the request and returns Status::Ok(), or returns the
// error: the dispatcher sends a non-ok Status (JSON error or French error
// page, docs/error-model.md) unless the handler already responded. Pages that
// re-render a form with its errors are responses, not errors: they return Ok.
using Handler = std::function<Status(HttpExchange&)>;

// Registered with designated initialisers:
//   router.Add({.method = "GET", .pattern = "/x", .kind = ResponseKind::kHtml,
//               .access = Access::kRoles, .roles = kStaff, .csrf = CsrfRule::kNone,
//               .handler = [](HttpExchange& ex) -> Status { ...; return Status::Ok(); }});
struct Route {
  std::string method;   // GET, POST, DELETE, …
  std::string pattern;  // "/api/v1/tokens/{id}"
  ResponseKind kind = ResponseKind::kJson;
  Access access = Access::kRoles;
  std::vector<std::string> roles = {};  // allowed roles when access == kRoles
  CsrfRule csrf = CsrfRule::kSession;
  Handler handler;
  // For a form a person fills in (CsrfRule::kAnonymousForm): called instead of
  // the 403 error when the CSRF token is missing or does not match (the page
  // stayed open past its cookie, or was opened in another browser). It must
  // change nothing, answer 403, and show the form again with what was typed,
  // a fresh token and a sentence saying so. Unset: the plain 403 error.
  Handler on_csrf_failure = {};
};

struct RouteMatch {
  const Route* route = nullptr;  // null: no route
  bool method_mismatch = false;  // path exists with another method
  std::map<std::string, std::string> params;
};

class Router {
 public:
  void Add(Route r);
  RouteMatch Match(const std::string& method, const std::string& path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// Whether a principal may call a route (pure): a public route, or one that
// lists the principal's role. Service tokens are further kept off HTML
// routes (staff pages and forms are for people), and a service token with
// the role "auditor" (an external audit tool; the staff auditor shares the
// role's name) may call GET/HEAD routes only.
bool Allowed(const Route& r, const Principal& p);

}  // namespace garant::server
