// The access check: is an access by (account, project, data scope, time)
// covered by an authorisation? A pure function over the project's
// authorisations as they stand (suspensions and revocation are dated, so the
// answer is the one that held at `time`, whenever it is asked).
//
// Only confirmed authorisations count (two-person rule, model.h): a pending
// one is ignored as if absent (a project whose only authorisation is pending
// answers no_authorisation), and a confirmed one is not_yet_valid before its
// confirmation time as before its valid_from.
//
// For each authorisation the checks run in this order, and the first that
// fails gives that authorisation's reason:
//   account named → valid at time (not_yet_valid / expired) → not revoked →
//   not suspended → scope covered.
// The access is allowed when one authorisation passes every check. Otherwise
// the reason reported is the one of the authorisation that got furthest
// (ties: the first in the given order); with no authorisation at all it is
// no_authorisation. Thread-safe, no IO.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "garant/governance/model.h"

namespace garant::governance {

enum class AccessReason {
  kAllowed,
  kNoAuthorisation,  // the project has no authorisation (or does not exist)
  kAccountNotNamed,  // no authorisation of the project names the account
  kNotYetValid,      // time < valid_from, or time < confirmed_at
  kExpired,          // time >= valid_until
  kRevoked,          // time >= revoked_at
  kSuspended,        // time inside a suspension
  kOutOfScope,       // a requested domain or association is not covered
};
// "allowed", "no_authorisation", "account_not_named", "not_yet_valid",
// "expired", "revoked", "suspended", "out_of_scope".
std::string_view ToString(AccessReason r);

struct AccessRequest {
  std::string account;
  std::vector<std::string> domains;       // at least one
  std::vector<std::string> associations;  // empty: none named (never out of scope)
  TimePoint time{};
};

struct AccessDecision {
  AccessReason reason = AccessReason::kNoAuthorisation;
  // The authorisation that allowed the access, or that the reason is about.
  std::optional<int64_t> authorisation_id;
  bool allowed() const { return reason == AccessReason::kAllowed; }
};

// `authorisations`: every authorisation of the project concerned.
AccessDecision CheckAccess(const AccessRequest& request,
                           const std::vector<Authorisation>& authorisations);

}  // namespace garant::governance
