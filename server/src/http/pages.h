// Server-side rendering of the French pages with ctemplate. Every template
// starts with {{%AUTOESCAPE context="HTML"}}, so every variable is
// HTML-escaped unless a template says otherwise (none does). Templates are
// embedded (garant::webui) and loaded once at start. Thread-safe after Init.
#pragma once

#include <functional>
#include <string>

#include "garant/core/status.h"
#include "http/staff_names.h"

namespace ctemplate {
class TemplateDictionary;
}

namespace garant::server {

// Loads the embedded templates into ctemplate's cache. Call once at start.
Status InitPages();

// Fills a template's own variables.
using PageFiller = std::function<void(ctemplate::TemplateDictionary&)>;

// Renders templates/<body_template> inside the layout. principal decides the
// header (staff name, role, logout form with its CSRF token).
std::string RenderPage(const std::string& title, const std::string& body_template,
                       const Principal& principal, const PageFiller& fill);

// The French error page (used by HttpExchange::SendError on HTML routes).
std::string RenderErrorPage(int http_status, const std::string& message);

// French label of a role ("Délégué·e à la protection des données", …).
std::string RoleLabel(const std::string& role);

// The embedded static asset at "static/<name>", or nullptr.
const std::string* StaticAsset(const std::string& name);

}  // namespace garant::server
