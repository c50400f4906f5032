// The public transparency portal (/projets): every published project, with
// its purpose, organisation, data, dates, status and the committee's
// opinion, and a link to object to that project alone. French, no script.

#include "http/pages.h"

#include <ctemplate/template.h>

#include "governance/http.h"

namespace garant::server::gov {

using namespace garant::governance;

namespace {

std::string Day(TimePoint t) { return FormatParisHuman(t).substr(0, 10); }

std::string Domains(const std::vector<std::string>& domains) {
  std::string out;
  for (const auto& d : domains) {
    if (!out.empty()) out += ", ";
    out += DomainLabel(d);
  }
  return out;
}

void OptionalText(ctemplate::TemplateDictionary* d, const char* section, const std::string& v) {
  if (!v.empty()) d->AddSectionDictionary(section)->SetValue("TEXT", v);
}

}  // namespace

void AddPublicRoutes(Router& router, const ContextPtr& ctx) {
  ContextPtr c = ctx;
  router.Add(
      {.method = "GET",
       .pattern = "/projets",
       .kind = ResponseKind::kHtml,
       .access = Access::kPublic,
       .csrf = CsrfRule::kNone,
       .handler = [c](HttpExchange& ex) -> Status {
         GARANT_ASSIGN_OR_RETURN(auto list, c->store->ListPublishedProjects());
         ex.SetHeader("Cache-Control", "no-cache");
         ex.SendHtml(
             200,
             RenderPage("Portail de transparence", "gov_portal.tpl", ex.principal(),
                        [&](ctemplate::TemplateDictionary& d) {
                          d.SetIntValue("COUNT", static_cast<long>(list.size()));
                          if (list.empty()) d.ShowSection("NONE");
                          for (const PublishedProject& pp : list) {
                            const Project& p = pp.project;
                            auto* s = d.AddSectionDictionary("PROJECT");
                            s->SetValue("REFERENCE", p.reference);
                            s->SetValue("TITLE", p.title);
                            s->SetValue("STATUS", std::string(ToString(p.status)));
                            s->SetValue("STATUS_LABEL", StatusLabel(p.status));
                            s->SetValue("SUMMARY", p.public_summary);
                            s->SetValue("PURPOSE_LABEL", PurposeLabel(p.purpose));
                            s->SetValue("ORGANISATION", p.organisation);
                            s->SetValue("INVESTIGATOR", p.investigator);
                            s->SetValue("DOMAINS", Domains(p.data_domains));
                            OptionalText(s, "DATA_DESCRIPTION", p.data_description);
                            s->SetValue("RECIPIENTS",
                                        p.recipients.empty() ? "Non précisé" : p.recipients);
                            s->SetIntValue("DURATION", p.duration_months);
                            s->SetValue("LEGAL_BASIS", p.legal_basis);
                            s->SetValue("FORMALITY", FormalityLabel(p.formality));
                            OptionalText(s, "FORMALITY_REF", p.formality_reference);
                            OptionalText(s, "HDH", p.hdh_directory_number);
                            if (pp.opinion) {
                              auto* o = s->AddSectionDictionary("OPINION");
                              o->SetValue("LABEL", OutcomeLabel(*pp.opinion));
                              o->SetValue("COMMITTEE", pp.committee_name);
                              o->SetValue("DATE", pp.opinion_date ? Day(*pp.opinion_date) : "");
                              OptionalText(o, "CONDITIONS", pp.opinion_conditions);
                            } else {
                              s->ShowSection("NO_OPINION");
                            }
                            s->SetValue("PUBLISHED", p.published_at ? Day(*p.published_at) : "");
                          }
                        }));
         return Status::Ok();
       }});
}

}  // namespace garant::server::gov
