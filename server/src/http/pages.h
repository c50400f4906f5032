// Server-side rendering of the French pages with ctemplate. Every template
// starts with {{%AUTOESCAPE context="HTML"}}, so every variable is
// HTML-escaped unless a template says otherwise (none does). Templates are
// embedded (garant::webui) and loaded once at start. Thread-safe after Init.
#pragma once

#include <functional>
#include <string>
#include <string_view>

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

// A rendered page kept to be sent again later, maybe to another session of
// the same account (an objection form's receipt: objections/submission.h;
// docs/objections.md, "Forms sent twice"). The page is kept with the
// session's CSRF token (the layout's logout form, any form of the body) in
// kCsrfTokenSlot, and gets the token of the request it is sent to, so that
// its forms work in the session that sees it and no kept page holds a
// session's token. Everything else is kept byte for byte.
//
// The slot holds '<' and '>', which no variable of a page can produce
// (every variable is HTML-escaped) and no template contains (checked by
// templates_test), so it marks the token's places and nothing else.
inline constexpr std::string_view kCsrfTokenSlot = "<garant:csrf-token>";

// `page` with every occurrence of `csrf_token` (the token it was rendered
// with, as RenderPage writes it: a session's token is hex, which escaping
// leaves as it is) replaced by kCsrfTokenSlot. An empty token (no session:
// the public pages carry none) leaves the page as it is.
std::string PageForKeeping(std::string_view page, std::string_view csrf_token);

// A kept page with every kCsrfTokenSlot replaced by `csrf_token`, the token
// of the request it is sent to ("" without a session). For a rendered page
// and its token t, PageForSending(PageForKeeping(page, t), t) == page.
std::string PageForSending(std::string_view kept, std::string_view csrf_token);

// The French error page (used by HttpExchange::SendError on HTML routes).
std::string RenderErrorPage(int http_status, const std::string& message);

// French label of a role ("Délégué·e à la protection des données", …).
std::string RoleLabel(const std::string& role);

// The embedded static asset at "static/<name>", or nullptr.
const std::string* StaticAsset(const std::string& name);

}  // namespace garant::server
