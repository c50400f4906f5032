// What the public pages say about the controller, its DPO, the host and the
// legal basis (RGPD art. 13-14, LCEN art. 6, RGAA), from the configuration.
// Pure functions of the Config. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "garant/core/config.h"

namespace garant::server {

// The text shown when the operator left a key empty: a page never invents a
// controller's address.
inline constexpr const char* kNotProvided = "information non encore renseignée par l'exploitant";

struct PublicInfo {
  std::string controller_name, controller_address, publication_director;
  std::string dpo_postal_address, dpo_email, dpo_phone;
  std::string hosting_provider, legal_basis, cnil_formality, data_retention;
  std::string minors_notice, accessibility_status;
};

// The configured values; with `demo`, every empty key gets a clearly
// fictitious value ("Exemple fictif : …"); otherwise kNotProvided.
// minors_notice has a default text (the 15-year rule, to be confirmed by the
// DPO).
PublicInfo PublicInfoOf(const Config& c);

// The keys an operator must fill before opening the public site (empty in
// `c`, ignoring --demo), for the start-up warning.
std::vector<std::string> MissingPublicInfoKeys(const Config& c);

// Makes CONTROLLER_NAME, DPO_POSTAL_ADDRESS, … (the keys in upper case),
// MINORS_NOTICE_TEXT and ACCESSIBILITY_STATUS global template values, so that
// every page (the layout's footer, the home page, the form) shows the same
// coordinates. Call once at start, before serving (ctemplate's global
// dictionary is not meant to change while pages render).
void SetPublicInfoGlobals(const PublicInfo& info);

}  // namespace garant::server
