// The objection registry as FHIR R4 Consent resources: one Consent per
// objection, in a Bundle of type "collection" (garant compliance consents
// --format fhir). The mapping, the URIs and an example:
// docs/compliance-pack.md, "FHIR Consent".
//
// An objection is a refusal (opt-out) of research use: provision.type "deny",
// scope "research", policy and policyRule naming the CNIL référentiel. The
// patient is a logical reference holding one pseudonymous token (Pseudonymisation
// v1): never a name, a birth date or any clear trait; the objection's other
// tokens travel in an extension so a warehouse can match any of them.
//
// Pure: ConsentBundleJson is a function of its arguments (thread-safe).
// LoadObjectionConsents reads the registry on the caller's connection.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "garant/core/clock.h"
#include "garant/core/db.h"
#include "garant/core/status.h"

namespace garant::compliance {

// The extension and identifier URIs of the rendering (stable: documented in
// docs/compliance-pack.md).
inline constexpr std::string_view kObjectionIdentifierSystem = "urn:garant:objection";
// Followed by ":" and the pseudonym key id (8 hex digits).
inline constexpr std::string_view kPseudonymSystemPrefix = "urn:garant:pseudonym-v1";
inline constexpr std::string_view kFhirObjectionScopeUrl =
    "urn:garant:fhir:StructureDefinition:objection-scope";
inline constexpr std::string_view kFhirPseudonymTokenUrl =
    "urn:garant:fhir:StructureDefinition:pseudonym-token";
inline constexpr std::string_view kFhirRequesterUrl =
    "urn:garant:fhir:StructureDefinition:objection-requester";
inline constexpr std::string_view kFhirNoticeVersionUrl =
    "urn:garant:fhir:StructureDefinition:notice-version";
inline constexpr std::string_view kReferentielPolicyUri =
    "urn:garant:policy:cnil-referentiel-eds-2021-118";

// What one objection contributes: no clear trait, nothing sealed.
struct ObjectionConsent {
  std::string id;         // the objection's uuid (the entry's fullUrl)
  std::string reference;  // OPP-XXXX-XXXX
  bool withdrawn = false;
  std::string scope;      // "all" or "project:<reference>"
  std::string requester;  // patient, parent, guardian
  std::string channel;    // web, letter, phone, in_person
  std::string notice_version;
  TimePoint received_at{};
  TimePoint effective_at{};
  std::optional<TimePoint> withdrawn_at;
  uint64_t audit_index = 0;  // the objection.created entry (0 when unknown)
  // Tokens under `pseudonym_key_id`, sorted; the first is the patient's
  // identifier. Empty: the Consent names no patient token (never the case
  // for a stored objection, refused by ConsentBundleJson).
  std::string pseudonym_key_id;
  std::vector<std::string> tokens;
};

struct ConsentBundleOptions {
  TimePoint generated_at{};
  std::string controller_name;  // Consent.organization.display
};

// The Bundle as one JSON document (ending in "\n"), the objections in the
// given order. kInvalidArgument for an objection without a token or with a
// status the mapping does not know (the caller's data is wrong).
Result<std::string> ConsentBundleJson(const std::vector<ObjectionConsent>& objections,
                                      const ConsentBundleOptions& options);

// Every objection, by received_at then reference, with its tokens under
// pseudonym_key_id (the current key). kDataLoss for a stored value the mapping
// does not know.
Result<std::vector<ObjectionConsent>> LoadObjectionConsents(db::Connection& conn,
                                                            const std::string& pseudonym_key_id);

}  // namespace garant::compliance
