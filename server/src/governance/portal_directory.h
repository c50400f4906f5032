// The directory fields of a project over HTTP, internal to the server: the
// French words shared by the secretary's form and the public pages
// (portal_directory.cc) and the pages of one result (portal_results.cc).
#pragma once

#include <string>
#include <string_view>

#include "garant/core/clock.h"
#include "garant/governance/model.h"
#include "garant/governance/portal.h"
#include "governance/http.h"

namespace garant::server::gov::portal {

// The French name of a top-level field ("funders" → "Financeurs").
std::string FieldLabel(std::string_view name);
// "31/12/2026".
std::string Jjmmaaaa(governance::Date d);
// A time as its day in Paris, "31/12/2026".
std::string Day(TimePoint t);
std::string Trim(const std::string& s);
// The French message of a refused form: the reason's text, the field
// concerned, and that nothing was published.
std::string FrenchFieldMessage(const Status& st, const std::string& field);
// One line of the public history about a result, in French: "Résultat
// corrigé : « … » ; auparavant : titre « … ». Motif : …"
std::string ResultChangeText(const governance::PortalResultChange& c);

// A published version as JSON: version, published_at, changed, audit_index.
boost::json::object VersionJson(const governance::PortalVersion& v);
// The secretary's JSON answer for a published version (201): the version
// and the fields it holds.
void SendVersion(HttpExchange& ex, const governance::PortalVersion& v);

// GET and POST /console/gouvernance/projets/{id}/resultats/{result} (correct,
// withdraw), and the same over the API: POST
// /api/v1/governance/projects/{id}/results/{result}/correction and
// …/withdrawal.
void AddPortalResultRoutes(Router& router, const ContextPtr& ctx);

}  // namespace garant::server::gov::portal
