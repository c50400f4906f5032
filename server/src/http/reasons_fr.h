// French texts of refusal reasons, for pages: one table keyed by the stable
// reason slug a Status carries (Status::reason(), docs/error-model.md).
// Domain modules speak English; this table is where their refusals become
// the French sentences a secretary reads. Add the French text here whenever a
// module adds a reason (server unit tests check governance::kRuleReasons).
#pragma once

#include <span>
#include <string_view>

namespace garant::server {

struct FrenchReasonText {
  std::string_view reason;  // slug, e.g. "quorum_not_met"
  std::string_view french;  // full sentence shown on pages
};

// The French sentence for a reason slug, or "" when the table has none
// (including for an empty slug).
std::string_view FrenchReason(std::string_view reason);

// The whole table (tests).
std::span<const FrenchReasonText> FrenchReasonTable();

}  // namespace garant::server
