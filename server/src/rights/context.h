// What the rights-request handlers share (rights/console.cc, rights/api.cc,
// rights/letters.cc): the store. Built once by AddRightsRoutes; thread-safe.
// Role dpo only, everywhere (default deny): docs/rights-requests.md.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "garant/consent/rights_store.h"
#include "http/router.h"
#include "http/staff_names.h"
#include "services.h"

namespace garant::server {

struct RightsContext {
  explicit RightsContext(Services& s);
  Services& services;
  consent::RightsStore store;
};

// Only the DPO sees and handles rights requests.
inline const std::vector<std::string> kRightsStaff = {kRoleDpo};

// /api/v1/rights-requests…
void AddRightsApiRoutes(Router& router, const std::shared_ptr<RightsContext>& ctx);
// /console/droits…
void AddRightsConsoleRoutes(Router& router, const std::shared_ptr<RightsContext>& ctx);
// /console/droits/{reference}/lettre: the printable letters (rights/letters.cc).
void AddRightsLetterRoutes(Router& router, const std::shared_ptr<RightsContext>& ctx);

// French labels for pages; consent's names stay English.
std::string RightTypeLabel(consent::RightType t);
std::string RightArticle(consent::RightType t);  // "article 15 du RGPD"
std::string RightsRequesterLabel(consent::RightsRequester r);
std::string RightsChannelLabel(consent::RightsChannel c);
std::string RightsStateLabel(consent::RightsState s);
std::string RefusalGroundLabel(consent::RefusalGround g);
std::string IdentityMethodLabel(consent::IdentityMethod m);

}  // namespace garant::server
