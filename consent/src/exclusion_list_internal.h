// Internal to the exclusion-list code: shared by exclusion_list.cc and
// exclusion_list_parse.cc.
#pragma once

#include <string>
#include <string_view>

#include "garant/consent/exclusion_list.h"

namespace garant::consent::internal {

// The refusal Status for a problem: "<problem word>: <detail>".
Status Refuse(ListProblem p, std::string_view detail);

// Canonical order: scope index, then token bytes.
inline bool CanonicalLess(const ScopedToken& a, const ScopedToken& b) {
  if (a.scope != b.scope) return a.scope < b.scope;
  return a.token < b.token;
}

}  // namespace garant::consent::internal
