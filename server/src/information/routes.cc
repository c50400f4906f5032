// The public information pages, in French, for patients: the home page, the
// questions most often asked, and the notices the law requires (LCEN
// mentions légales, RGPD art. 13-14 information, RGAA accessibility
// statement), a site map and the DPO's contact. Their coordinates come from
// the configuration (information/public_info.h), set once at start.
#include "http/routes.h"

#include <string>

#include "http/dispatcher.h"
#include "http/pages.h"

namespace garant::server {
namespace {

struct InfoPage {
  const char* pattern;
  const char* title;
  const char* body_template;
};

// Static pages: the same for every visitor, cacheable for a short time.
const InfoPage kPages[] = {
    {"/", "Informations et droits des patients", "home.tpl"},
    {"/questions", "Questions fréquentes", "info_questions.tpl"},
    {"/mentions-legales", "Mentions légales", "info_legal.tpl"},
    {"/donnees-personnelles", "Données personnelles", "info_privacy.tpl"},
    {"/accessibilite", "Accessibilité", "info_accessibility.tpl"},
    {"/plan-du-site", "Plan du site", "info_sitemap.tpl"},
    {"/contact", "Contact", "info_contact.tpl"},
};

}  // namespace

void AddInformationRoutes(Router& router, Services& /*services*/) {
  for (const InfoPage& page : kPages) {
    router.Add({.method = "GET",
                .pattern = page.pattern,
                .kind = ResponseKind::kHtml,
                .access = Access::kPublic,
                .csrf = CsrfRule::kNone,
                .handler = [page](HttpExchange& ex) -> Status {
                  // no-cache: the header shows who is signed in.
                  ex.SetHeader("Cache-Control", "no-cache");
                  ex.SendHtml(200,
                              RenderPage(page.title, page.body_template, ex.principal(), nullptr));
                  return Status::Ok();
                }});
  }
}

}  // namespace garant::server
