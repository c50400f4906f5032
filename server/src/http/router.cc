#include "http/router.h"

#include <algorithm>

namespace garant::server {
namespace {

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

bool MatchPattern(std::string_view pattern, std::string_view path,
                  std::map<std::string, std::string>* params) {
  auto ps = Split(pattern);
  auto xs = Split(path);
  // Trailing slashes matter only for "/" itself.
  if (pattern == "/" || path == "/") return pattern == path;
  for (size_t i = 0; i < ps.size(); ++i) {
    std::string_view p = ps[i];
    bool is_param = p.size() > 2 && p.front() == '{' && p.back() == '}';
    if (is_param && p.size() > 5 && p.substr(p.size() - 4) == "...}") {
      if (i >= xs.size()) return false;
      std::string rest;
      for (size_t k = i; k < xs.size(); ++k) {
        if (!rest.empty()) rest += '/';
        rest += xs[k];
      }
      (*params)[std::string(p.substr(1, p.size() - 5))] = rest;
      return true;
    }
    if (i >= xs.size()) return false;
    if (is_param) {
      (*params)[std::string(p.substr(1, p.size() - 2))] = std::string(xs[i]);
    } else if (p != xs[i]) {
      return false;
    }
  }
  return ps.size() == xs.size();
}

}  // namespace

void Router::Add(Route r) { routes_.push_back(std::move(r)); }

RouteMatch Router::Match(const std::string& method, const std::string& path) const {
  RouteMatch m;
  std::string effective = method == "HEAD" ? "GET" : method;
  for (const Route& r : routes_) {
    std::map<std::string, std::string> params;
    if (!MatchPattern(r.pattern, path, &params)) continue;
    if (r.method != effective) {
      m.method_mismatch = true;
      continue;
    }
    m.route = &r;
    m.params = std::move(params);
    m.method_mismatch = false;
    return m;
  }
  return m;
}

bool Allowed(const Route& r, const Principal& p) {
  if (r.access == Access::kPublic) return true;
  if (!p.authenticated()) return false;
  if (p.kind == Principal::Kind::kService) {
    // Staff pages and their forms are for people, never for a token.
    if (r.kind == ResponseKind::kHtml) return false;
    // An auditor token is an external reader: GET (and HEAD) only, even
    // where a route lists "auditor" for the staff auditor.
    if (p.role == kRoleAuditor && r.method != "GET" && r.method != "HEAD") return false;
  }
  return std::find(r.roles.begin(), r.roles.end(), p.role) != r.roles.end();
}

}  // namespace garant::server
