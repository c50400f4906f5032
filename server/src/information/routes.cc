// The public information pages, in French, for patients: the home page, the
// questions most often asked, and the notices the law requires (LCEN
// mentions légales, RGPD art. 13-14 information, RGAA accessibility
// statement), a site map and the DPO's contact. Their coordinates come from
// the configuration (information/public_info.h), set once at start.
#include "http/routes.h"

#include <ctemplate/template.h>

#include <string>

#include "audit/witnesses.h"
#include "garant/audit/note.h"
#include "http/dispatcher.h"
#include "http/pages.h"
#include "services.h"

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

void AddInformationRoutes(Router& router, Services& services) {
  // What a proof is, the witnesses and their keys, how to verify
  // (docs/audit-log.md, "Witnesses"). Built per request: the witnesses are
  // known once the audit log has started.
  router.Add({.method = "GET",
              .pattern = "/preuve",
              .kind = ResponseKind::kHtml,
              .access = Access::kPublic,
              .csrf = CsrfRule::kNone,
              .handler = [&services](HttpExchange& ex) -> Status {
                const Config& c = services.config;
                crypto::Ed25519Seed seed{};
                std::copy(services.keys.signing_seed.begin(), services.keys.signing_seed.end(),
                          seed.begin());
                auto signer = audit::NoteSigner::Ed25519(c.audit_origin, seed);
                if (!signer.ok()) return signer.status();
                const std::string log_key = signer->Verifier().KeyString();
                const WitnessCollector* w = services.witnesses;
                ex.SetHeader("Cache-Control", "no-cache");
                // The in-browser verifier (webui/static/preuve.mjs): it reads
                // the keys and the quorum from this page, never from the file.
                ex.AllowPageScript();
                ex.SendHtml(
                    200, RenderPage("Vérifier une preuve", "info_proof.tpl", ex.principal(),
                                    [&](ctemplate::TemplateDictionary& d) {
                                      d.SetValue("CONTROLLER_NAME", c.controller_name);
                                      d.SetValue("ORIGIN", c.audit_origin);
                                      d.SetValue("LOG_KEY", log_key);
                                      if (w == nullptr || w->witnesses().empty()) {
                                        d.ShowSection("NO_WITNESSES");
                                        d.SetIntValue("QUORUM", 0);
                                        return;
                                      }
                                      d.ShowSection("HAS_WITNESSES");
                                      d.SetIntValue("QUORUM", w->quorum());
                                      d.SetIntValue("COUNT",
                                                    static_cast<long>(w->witnesses().size()));
                                      for (const WitnessConfig& wc : w->witnesses()) {
                                        auto* item = d.AddSectionDictionary("WITNESS");
                                        item->SetValue("LABEL",
                                                       wc.label.empty() ? wc.key.name() : wc.label);
                                        item->SetValue("NAME", wc.key.name());
                                        item->SetValue("KEY", wc.key.KeyString());
                                        auto* flag = d.AddSectionDictionary("WITNESS_FLAG");
                                        flag->SetValue("KEY", wc.key.KeyString());
                                      }
                                    }));
                return Status::Ok();
              }});

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
  AddNoticeRoutes(router, services);
}

}  // namespace garant::server
