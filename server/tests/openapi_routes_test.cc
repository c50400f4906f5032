// docs/openapi.yaml against the route table: every /api/v1/ route the server
// registers (AddAllRoutes, as GarantServer does) is described with the same
// method, path, roles (x-garant-roles, or x-garant-access: public) and CSRF
// rule (x-garant-csrf), and the description has no operation the server
// lacks. Adding a route without describing it fails here.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "garant/core/clock.h"
#include "garant/core/random.h"
#include "http/openapi.h"
#include "http/routes.h"

namespace garant::server {
namespace {

struct Described {
  std::string access;  // "public" or "roles"
  std::vector<std::string> roles;
  std::string csrf;
};

const char* CsrfName(CsrfRule r) {
  switch (r) {
    case CsrfRule::kSession:
      return "session";
    case CsrfRule::kAnonymousForm:
      return "anonymous_form";
    case CsrfRule::kNone:
      return "none";
  }
  return "?";
}

// "GET /api/v1/x/{id}" → what the server says about it.
std::map<std::string, Described> ServedRoutes() {
  Config config;
  db::Pool pool(
      db::Pool::Options{"host=/nonexistent-garant-openapi-test", 1, std::chrono::milliseconds(1)});
  Services services(config, pool, SecureRandom::Instance(), SystemClock::Instance());
  services.draining = true;  // the workers AddAllRoutes starts end at once
  Router router;
  AddAllRoutes(router, services);
  std::map<std::string, Described> out;
  for (const Route& r : router.routes()) {
    if (!r.pattern.starts_with("/api/v1/")) continue;
    Described d;
    d.access = r.access == Access::kPublic ? "public" : "roles";
    if (r.access == Access::kRoles) d.roles = r.roles;
    std::sort(d.roles.begin(), d.roles.end());
    d.csrf = r.method == "GET" ? "none" : CsrfName(r.csrf);
    EXPECT_TRUE(out.emplace(r.method + " " + r.pattern, d).second)
        << "route registered twice: " << r.method << " " << r.pattern;
  }
  return out;
}

std::map<std::string, Described> DescribedOperations(const boost::json::object& doc) {
  static const std::set<std::string> kMethods = {"get",     "put",  "post",  "delete",
                                                 "options", "head", "patch", "trace"};
  std::map<std::string, Described> out;
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    for (const auto& [method, op_value] : item.as_object()) {
      if (!kMethods.contains(method)) continue;  // "parameters", "summary"…
      const boost::json::object& op = op_value.as_object();
      std::string key = std::string(method) + " " + std::string(path);
      for (char& c : key) {
        if (c == ' ') break;
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
      Described d;
      if (const auto* a = op.if_contains("x-garant-access")) d.access = a->as_string().c_str();
      if (const auto* roles = op.if_contains("x-garant-roles")) {
        for (const auto& r : roles->as_array()) d.roles.emplace_back(r.as_string().c_str());
      }
      std::sort(d.roles.begin(), d.roles.end());
      if (d.access.empty() && !d.roles.empty()) d.access = "roles";
      d.csrf = "none";
      if (const auto* c = op.if_contains("x-garant-csrf")) d.csrf = c->as_string().c_str();
      out.emplace(key, d);
    }
  }
  return out;
}

boost::json::object Document() {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(OpenApiJson(), ec);
  EXPECT_FALSE(ec) << ec.message();
  return v.is_object() ? v.as_object() : boost::json::object();
}

TEST(OpenApiRoutes, EveryApiRouteIsDescribedAndNothingElse) {
  auto served = ServedRoutes();
  auto described = DescribedOperations(Document());
  ASSERT_GT(served.size(), 20u);
  for (const auto& [key, d] : served) {
    EXPECT_TRUE(described.contains(key)) << key << " is served but not in docs/openapi.yaml";
  }
  for (const auto& [key, d] : described) {
    EXPECT_TRUE(served.contains(key)) << key << " is in docs/openapi.yaml but not served";
  }
}

TEST(OpenApiRoutes, RolesAndCsrfRulesMatch) {
  auto served = ServedRoutes();
  auto described = DescribedOperations(Document());
  for (const auto& [key, s] : served) {
    auto it = described.find(key);
    if (it == described.end()) continue;  // reported by the test above
    const Described& d = it->second;
    EXPECT_EQ(d.access, s.access) << key << ": x-garant-access";
    EXPECT_EQ(d.roles, s.roles) << key << ": x-garant-roles";
    EXPECT_EQ(d.csrf, s.csrf) << key << ": x-garant-csrf";
  }
}

TEST(OpenApiRoutes, DocumentIsOpenApi31WithTheCommonErrorShape) {
  boost::json::object doc = Document();
  EXPECT_EQ(std::string(doc.at("openapi").as_string().c_str()).substr(0, 4), "3.1.");
  const auto& schemas = doc.at("components").at("schemas").as_object();
  ASSERT_TRUE(schemas.contains("Error"));
  // Public description: the route serving it is itself described as public.
  auto described = DescribedOperations(doc);
  ASSERT_TRUE(described.contains("GET /api/v1/openapi.json"));
  EXPECT_EQ(described["GET /api/v1/openapi.json"].access, "public");
}

}  // namespace
}  // namespace garant::server
