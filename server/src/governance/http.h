// Governance over HTTP (internal to the server): the JSON API, the public
// transparency portal, the secretary console pages and the demo seed.
// Registered by AddGovernanceRoutes (governance/routes.cc).
#pragma once

#include <boost/json.hpp>
#include <functional>
#include <memory>
#include <string>

#include "garant/governance/store.h"
#include "http/router.h"
#include "services.h"

namespace garant::server::gov {

// What every governance handler shares. Owned by the route closures.
struct Context {
  Services& services;
  std::unique_ptr<governance::GovernanceStore> store;
};
using ContextPtr = std::shared_ptr<Context>;

// Roles.
extern const std::vector<std::string> kWriteRoles;        // secretary
extern const std::vector<std::string> kReadRoles;         // + dpo, auditor
extern const std::vector<std::string> kAccessCheckRoles;  // warehouse, auditor, dpo, admin

// The path parameter `name` as a positive id (kNotFound otherwise).
Result<int64_t> IdParam(const HttpExchange& ex, const std::string& name);

// JSON views (API and public portal).
boost::json::object CommitteeJson(const governance::Committee& c);
boost::json::object MemberJson(const governance::Member& m);
boost::json::object ProjectJson(const governance::Project& p);
boost::json::object PublicProjectJson(const governance::PublishedProject& p);
boost::json::array TopicsJson(const std::vector<governance::Topic>& topics);
boost::json::object MeetingJson(const governance::Meeting& m);
boost::json::object DecisionJson(const governance::DecisionRecord& d);
boost::json::object AuthorisationJson(const governance::Authorisation& a);
// One conflict of interest, the same for the list and the answer to a
// declaration (declaration_id null unless it came from a declaration).
boost::json::object ConflictJson(const governance::ConflictRecord& r);

// French labels for pages.
std::string StatusLabel(governance::ProjectStatus s);
std::string OutcomeLabel(governance::Outcome o);
// Why a mandate ended: "terme échu", "démission", "remplacement", "autre
// raison" ("" for kNone).
std::string MandateEndLabel(governance::MandateEnd e);
// A decision on a topic: "Adoptée", "Adoptée sous réserve", "Rejetée", "Ajournée".
std::string TopicOutcomeLabel(governance::Outcome o);
// "Charte", "Règles d'accès", "Priorités", "Autre sujet".
std::string TopicCategoryLabel(governance::TopicCategory c);
std::string MemberRoleLabel(governance::MemberRole r);
std::string VoteLabel(governance::VoteChoice v);
std::string FormalityLabel(const std::string& formality);
std::string DomainLabel(const std::string& domain);
// A French message for a refused governance action (pages): the French text
// of the Status's reason (http/reasons_fr.h), else a generic one by code.
std::string FrenchError(const Status& st);
// "YYYY-MM-DDTHH:MM" (or "YYYY-MM-DD", midnight) in Europe/Paris time → UTC.
Result<TimePoint> ParseParisLocal(std::string_view s);

void AddApiRoutes(Router& router, const ContextPtr& ctx);
void AddPublicRoutes(Router& router, const ContextPtr& ctx);
void AddConsoleRoutes(Router& router, const ContextPtr& ctx);
// The directory fields of a project (sql/0031): the secretary's form, the
// public project page and its history, their JSON (portal_directory.cc).
// After AddPublicRoutes (/projets/comites is matched first).
void AddPortalDirectoryRoutes(Router& router, const ContextPtr& ctx);

// Seeds the demo committees, members, projects, a past meeting with its
// decisions, and authorisations, unless a committee already exists.

}  // namespace garant::server::gov
