#include "garant/governance/access_check.h"

#include <algorithm>

#include "garant/governance/omop.h"

namespace garant::governance {
namespace {

bool Has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// How far an authorisation got through the checks, and why it stopped.
struct Stage {
  int depth;
  AccessReason reason;
};

// Whether an authorisation counts at all: only once confirmed by a second
// person (two-person rule). Evaluate then dates it from its confirmation.
bool Counts(const Authorisation& a) { return a.confirmed_at.has_value(); }

Stage Evaluate(const AccessRequest& r, const Authorisation& a) {
  if (!Has(a.accounts, r.account)) return {0, AccessReason::kAccountNotNamed};
  if (r.time < a.valid_from || r.time < *a.confirmed_at) return {1, AccessReason::kNotYetValid};
  if (r.time >= a.valid_until) return {1, AccessReason::kExpired};
  if (a.revoked_at && r.time >= *a.revoked_at) return {2, AccessReason::kRevoked};
  for (const Interval& s : a.suspensions) {
    if (s.Contains(r.time)) return {3, AccessReason::kSuspended};
  }
  // A requested item is a garant domain or an OMOP table (omop.h).
  for (const std::string& d : r.domains) {
    if (!ScopeCovers(a.scope.domains, d)) return {4, AccessReason::kOutOfScope};
  }
  if (!a.scope.associations.empty()) {
    for (const std::string& as : r.associations) {
      if (!Has(a.scope.associations, as)) return {4, AccessReason::kOutOfScope};
    }
  }
  if (r.domains.empty()) return {4, AccessReason::kOutOfScope};
  return {5, AccessReason::kAllowed};
}

}  // namespace

std::string_view ToString(AccessReason r) {
  switch (r) {
    case AccessReason::kAllowed:
      return "allowed";
    case AccessReason::kNoAuthorisation:
      return "no_authorisation";
    case AccessReason::kAccountNotNamed:
      return "account_not_named";
    case AccessReason::kNotYetValid:
      return "not_yet_valid";
    case AccessReason::kExpired:
      return "expired";
    case AccessReason::kRevoked:
      return "revoked";
    case AccessReason::kSuspended:
      return "suspended";
    case AccessReason::kOutOfScope:
      return "out_of_scope";
  }
  return "unknown";
}

AccessDecision CheckAccess(const AccessRequest& request,
                           const std::vector<Authorisation>& authorisations) {
  AccessDecision best;  // no_authorisation
  int best_depth = -1;
  for (const Authorisation& a : authorisations) {
    if (!Counts(a)) continue;
    Stage s = Evaluate(request, a);
    if (s.reason == AccessReason::kAllowed) return {AccessReason::kAllowed, a.id};
    if (s.depth > best_depth) {
      best_depth = s.depth;
      best.reason = s.reason;
      best.authorisation_id =
          s.reason == AccessReason::kAccountNotNamed ? std::nullopt : std::optional<int64_t>(a.id);
    }
  }
  return best;
}

}  // namespace garant::governance
