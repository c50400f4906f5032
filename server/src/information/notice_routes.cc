// The information notices: the public pages /information (the version in
// force for each audience) and /information/historique (every version with
// its dates and text), and the DPO's console /console/notices, which
// publishes a new version (docs/notices.md).
#include <ctemplate/template.h>
#include <spdlog/spdlog.h>

#include <cctype>
#include <string>
#include <vector>

#include "garant/consent/notice_register.h"
#include "http/dispatcher.h"
#include "http/pages.h"
#include "http/reasons_fr.h"
#include "http/routes.h"
#include "http/staff_names.h"
#include "information/notices.h"
#include "services.h"

namespace garant::server {
namespace {

using consent::FieldError;
using consent::Notice;
using consent::NoticeAudience;

const std::vector<std::string> kNoticeStaff = {kRoleDpo};

void AddParagraphs(ctemplate::TemplateDictionary* d, const NoticeView& v) {
  for (const std::string& p : v.paragraphs)
    d->AddSectionDictionary("PARAGRAPH")->SetValue("TEXT", p);
}

std::string IsoDay(TimePoint t) {
  // "JJ/MM/AAAA" → "AAAA-MM-JJ" for <time datetime>.
  std::string human = FormatParisHuman(t);
  if (human.size() < 10) return "";
  return human.substr(6, 4) + "-" + human.substr(3, 2) + "-" + human.substr(0, 2);
}

Status CurrentPage(HttpExchange& ex, Services& s) {
  consent::NoticeRegister reg(s.pool);
  std::vector<std::pair<NoticeAudience, std::optional<Notice>>> current;
  for (NoticeAudience a : consent::kNoticeAudiences) {
    GARANT_ASSIGN_OR_RETURN(std::optional<Notice> n, reg.Current(a));
    current.emplace_back(a, std::move(n));
  }
  ex.SetHeader("Cache-Control", "no-cache");
  ex.SendHtml(200, RenderPage("Notices d'information", "info_notices.tpl", ex.principal(),
                              [&](ctemplate::TemplateDictionary& d) {
                                for (const auto& [a, n] : current) {
                                  auto* s = d.AddSectionDictionary("AUDIENCE");
                                  s->SetValue("AUDIENCE", std::string(consent::Name(a)));
                                  s->SetValue("AUDIENCE_LABEL", std::string(AudienceLabel(a)));
                                  if (!n) {
                                    s->SetValue("VERSION",
                                                std::string(consent::kNoNoticePublished));
                                    s->ShowSection("NONE");
                                    continue;
                                  }
                                  NoticeView v = ViewOf(*n);
                                  s->SetValue("VERSION", v.version);
                                  auto* nd = s->AddSectionDictionary("NOTICE");
                                  nd->SetValue("TITLE", v.title);
                                  nd->SetValue("VERSION", v.version);
                                  nd->SetValue("DATE", v.date);
                                  nd->SetValue("ISO_DATE", IsoDay(n->published_at));
                                  AddParagraphs(nd, v);
                                }
                              }));
  return Status::Ok();
}

Status HistoryPage(HttpExchange& ex, Services& s) {
  consent::NoticeRegister reg(s.pool);
  std::vector<std::pair<NoticeAudience, std::vector<Notice>>> all;
  for (NoticeAudience a : consent::kNoticeAudiences) {
    GARANT_ASSIGN_OR_RETURN(std::vector<Notice> h, reg.History(a));
    all.emplace_back(a, std::move(h));
  }
  ex.SetHeader("Cache-Control", "no-cache");
  ex.SendHtml(200, RenderPage("Historique des notices d'information", "info_notices_history.tpl",
                              ex.principal(), [&](ctemplate::TemplateDictionary& d) {
                                for (const auto& [a, versions] : all) {
                                  auto* s = d.AddSectionDictionary("AUDIENCE");
                                  s->SetValue("AUDIENCE", std::string(consent::Name(a)));
                                  s->SetValue("AUDIENCE_LABEL", std::string(AudienceLabel(a)));
                                  if (versions.empty()) {
                                    s->ShowSection("NONE");
                                    continue;
                                  }
                                  auto* h = s->AddSectionDictionary("HAS_VERSIONS");
                                  h->SetValue("AUDIENCE", std::string(consent::Name(a)));
                                  h->SetValue("AUDIENCE_LABEL", std::string(AudienceLabel(a)));
                                  // Newest first: a version is in force until the
                                  // next one (the row above) was published.
                                  for (size_t i = 0; i < versions.size(); ++i) {
                                    NoticeView v = ViewOf(versions[i]);
                                    auto* row = h->AddSectionDictionary("VERSION_ROW");
                                    row->SetValue("VERSION", v.version);
                                    row->SetValue("DATE", v.date);
                                    row->SetValue("TITLE", v.title);
                                    if (i == 0) {
                                      row->ShowSection("CURRENT");
                                    } else {
                                      row->AddSectionDictionary("REPLACED")
                                          ->SetValue("UNTIL", ViewOf(versions[i - 1]).date);
                                    }
                                    auto* text = h->AddSectionDictionary("VERSION_TEXT");
                                    text->SetValue("VERSION", v.version);
                                    text->SetValue("DATE", v.date);
                                    AddParagraphs(text, v);
                                  }
                                }
                              }));
  return Status::Ok();
}

std::string NoticeFieldLabel(const std::string& field) {
  if (field == consent::kFieldNoticeAudience) return "Public";
  if (field == consent::kFieldNoticeTitle) return "Titre";
  return "Texte de la notice";
}

Status ConsolePage(HttpExchange& ex, Services& s, int status, const consent::NewNotice& typed,
                   const std::vector<FieldError>& errors, const std::string& published = "") {
  consent::NoticeRegister reg(s.pool);
  std::vector<Notice> current;
  for (NoticeAudience a : consent::kNoticeAudiences) {
    GARANT_ASSIGN_OR_RETURN(std::optional<Notice> n, reg.Current(a));
    if (n) current.push_back(std::move(*n));
  }
  const std::string title =
      errors.empty() ? "Notices d'information" : "Erreur : notices d'information";
  ex.SendHtml(
      status,
      RenderPage(title, "notices_console.tpl", ex.principal(),
                 [&](ctemplate::TemplateDictionary& d) {
                   d.SetValue("CSRF_TOKEN", ex.principal().csrf_token);
                   d.SetValue("TITLE", typed.title);
                   d.SetValue("BODY", typed.body);
                   if (consent::ParseNoticeAudience(typed.audience)) {
                     d.ShowSection("AUD_" + typed.audience);
                   }
                   if (!published.empty()) {
                     d.AddSectionDictionary("PUBLISHED")->SetValue("VERSION", published);
                   }
                   for (const Notice& n : current) {
                     NoticeView v = ViewOf(n);
                     auto* row = d.AddSectionDictionary("CURRENT");
                     row->SetValue("AUDIENCE", v.audience);
                     row->SetValue("AUDIENCE_LABEL", v.audience_label);
                     row->SetValue("VERSION", v.version);
                     row->SetValue("DATE", v.date);
                     row->SetValue("TITLE", v.title);
                   }
                   if (!errors.empty()) {
                     auto* e = d.AddSectionDictionary("ERRORS");
                     for (const FieldError& fe : errors) {
                       auto* li = e->AddSectionDictionary("ERROR");
                       li->SetValue("FIELD", fe.field);
                       li->SetValue("LABEL", NoticeFieldLabel(fe.field));
                       li->SetValue("MESSAGE", FrenchFieldError(fe));
                       // The same message next to its field.
                       std::string section = fe.field + "_ERROR";
                       for (char& ch : section)
                         ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
                       d.AddSectionDictionary(section)->SetValue("MESSAGE", FrenchFieldError(fe));
                     }
                   }
                 }));
  return Status::Ok();
}

Status Publish(HttpExchange& ex, Services& s) {
  GARANT_ASSIGN_OR_RETURN(auto fields, ex.FormBody());
  consent::NewNotice n{fields["audience"], fields["title"], fields["body"]};
  std::vector<FieldError> errors = consent::ValidateNotice(n);
  if (!errors.empty()) return ConsolePage(ex, s, 400, n, errors);
  consent::NoticeRegister reg(s.pool);
  auto published = reg.Publish(n, s.recorder(ex.principal().Actor()));
  if (!published.ok()) return published.status();
  spdlog::info("information notice published version={}", published->version);
  ex.Redirect("/console/notices?publiee=" + published->version);
  return Status::Ok();
}

}  // namespace

void AddNoticeRoutes(Router& router, Services& services) {
  router.Add({.method = "GET",
              .pattern = "/information",
              .kind = ResponseKind::kHtml,
              .access = Access::kPublic,
              .csrf = CsrfRule::kNone,
              .handler = [&services](HttpExchange& ex) { return CurrentPage(ex, services); }});
  router.Add({.method = "GET",
              .pattern = "/information/historique",
              .kind = ResponseKind::kHtml,
              .access = Access::kPublic,
              .csrf = CsrfRule::kNone,
              .handler = [&services](HttpExchange& ex) { return HistoryPage(ex, services); }});
  router.Add({.method = "GET",
              .pattern = "/console/notices",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kNoticeStaff,
              .csrf = CsrfRule::kNone,
              .handler = [&services](HttpExchange& ex) -> Status {
                consent::NewNotice empty{"adult", "", ""};
                std::string published;
                // Only a label of the register is echoed (a crafted query
                // shows nothing).
                if (auto v = ex.Query("publiee")) {
                  consent::NoticeRegister reg(services.pool);
                  if (reg.Find(*v).ok()) published = *v;
                }
                return ConsolePage(ex, services, 200, empty, {}, published);
              }});
  router.Add({.method = "POST",
              .pattern = "/console/notices",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kNoticeStaff,
              .csrf = CsrfRule::kSession,
              .handler = [&services](HttpExchange& ex) { return Publish(ex, services); }});
}

}  // namespace garant::server
