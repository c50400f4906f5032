// French texts of refusal reasons, for pages: one table keyed by the stable
// reason slug a Status carries (Status::reason(), docs/error-model.md).
// Domain modules speak English; this table is where their refusals become
// the French sentences a secretary reads. Add the French text here whenever a
// module adds a reason (server unit tests check every module's list of
// reasons: governance, staff, consent, access, the server's own).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "garant/consent/identity.h"

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

// FrenchReason with its placeholders filled: each "{name}" of the text is
// replaced by the value of the argument `name` ("{max_year}" → "2026").
std::string FrenchReasonWith(std::string_view reason,
                             std::span<const std::pair<std::string, std::string>> args);

// The French text of an invalid form field (consent::FieldError: identity,
// objection and form rules), shown next to the field; kFrenchFieldErrorFallback
// for a reason the table lacks (a server unit test makes sure none does).
std::string FrenchFieldError(const consent::FieldError& e);
inline constexpr std::string_view kFrenchFieldErrorFallback = "Ce champ est invalide.";

}  // namespace garant::server
