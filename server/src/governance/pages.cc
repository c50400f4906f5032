// The public transparency portal (/projets): every published project, with
// its purpose, organisation, data, dates, status and the committee's
// opinion, and a link to object to that project alone; then the public
// decisions in force that are not about a project (charters, access rules,
// priorities). French, no script.

#include "http/pages.h"

#include <ctemplate/template.h>

#include <algorithm>

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

// The public, effective decisions not about a project (sql/0027); one
// amended by a later decision in force is marked as replaced.
void FillTopicDecisions(ctemplate::TemplateDictionary& d, const std::vector<TopicDecision>& list) {
  if (list.empty()) d.ShowSection("NO_TOPIC_DECISION");
  for (const TopicDecision& td : list) {
    const DecisionRecord& dr = td.decision;
    auto* s = d.AddSectionDictionary("TOPIC_DECISION");
    s->SetIntValue("ID", dr.id);
    s->SetValue("CATEGORY", TopicCategoryLabel(td.topic.category));
    s->SetValue("TITLE", td.topic.title);
    s->SetValue("COMMITTEE", td.committee_name);
    s->SetValue("DATE", Day(td.held_at));
    s->SetValue("OUTCOME", TopicOutcomeLabel(dr.draft.outcome));
    s->SetValue("REASONS", dr.draft.reasons);
    OptionalText(s, "CONDITIONS", dr.draft.conditions);
    if (dr.draft.amends_decision_id) {
      s->AddSectionDictionary("AMENDS")->SetIntValue("ID", *dr.draft.amends_decision_id);
    }
    s->SetValue("IN_FORCE", dr.cosigned_at ? Day(*dr.cosigned_at) : "");
    // Amended by a later decision in force: no longer current, said so
    // with the decision that replaced it and since when.
    if (td.replaced_by) {
      auto* r = s->AddSectionDictionary("REPLACED");
      r->SetIntValue("BY", *td.replaced_by);
      r->SetValue("DATE", td.replaced_at ? Day(*td.replaced_at) : "");
      r->ShowSection(td.replaced_by_public ? "BY_PUBLIC" : "BY_NOT_PUBLIC");
    } else {
      s->ShowSection("CURRENT");
    }
  }
}

}  // namespace

namespace {

// "31/12/2026".
std::string French(Date d) {
  const std::string iso = FormatDate(d);
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

// The committees, their members in office today and the public summary of
// each one's latest declaration of interests (sql/0029).
Status RenderCommittees(Context& c, HttpExchange& ex) {
  GARANT_ASSIGN_OR_RETURN(auto committees, c.store->ListCommittees());
  const Date today = DateOf(c.services.clock.Now());
  std::vector<std::vector<Member>> members;
  std::vector<std::vector<InterestDeclaration>> declarations;
  for (const Committee& cm : committees) {
    GARANT_ASSIGN_OR_RETURN(auto ms, c.store->ListMembers(cm.id));
    GARANT_ASSIGN_OR_RETURN(auto ds, c.store->ListDeclarations(cm.id));
    members.push_back(std::move(ms));
    declarations.push_back(std::move(ds));
  }
  ex.SetHeader("Cache-Control", "no-cache");
  ex.SendHtml(
      200, RenderPage("Les comités", "gov_portal_committees.tpl", ex.principal(),
                      [&](ctemplate::TemplateDictionary& d) {
                        for (size_t i = 0; i < committees.size(); ++i) {
                          auto* s = d.AddSectionDictionary("COMMITTEE");
                          s->SetValue("CODE", committees[i].code);
                          s->SetValue("NAME", committees[i].name);
                          for (const Member& m : members[i]) {
                            if (!m.InOffice(today)) continue;
                            auto* r = s->AddSectionDictionary("MEMBER");
                            r->SetValue("NAME", m.full_name);
                            r->SetValue("ROLE", MemberRoleLabel(m.role));
                            r->SetValue("START", French(m.term_start));
                            if (m.term_end) {
                              r->AddSectionDictionary("END")->SetValue("DATE", French(*m.term_end));
                            }
                            // Newest first: the first one is in force.
                            auto k = std::find_if(
                                declarations[i].begin(), declarations[i].end(),
                                [&](const InterestDeclaration& x) { return x.member_id == m.id; });
                            if (k == declarations[i].end()) {
                              r->ShowSection("NO_DECLARATION");
                              continue;
                            }
                            auto* x = r->AddSectionDictionary("DECLARATION");
                            x->SetIntValue("YEAR", k->year);
                            x->SetValue("SIGNED", French(k->signed_on));
                            x->SetValue("SUMMARY", k->public_summary);
                          }
                        }
                      }));
  return Status::Ok();
}

}  // namespace

void AddPublicRoutes(Router& router, const ContextPtr& ctx) {
  ContextPtr c = ctx;
  router.Add({.method = "GET",
              .pattern = "/projets/comites",
              .kind = ResponseKind::kHtml,
              .access = Access::kPublic,
              .csrf = CsrfRule::kNone,
              .handler = [c](HttpExchange& ex) { return RenderCommittees(*c, ex); }});
  router.Add(
      {.method = "GET",
       .pattern = "/projets",
       .kind = ResponseKind::kHtml,
       .access = Access::kPublic,
       .csrf = CsrfRule::kNone,
       .handler = [c](HttpExchange& ex) -> Status {
         GARANT_ASSIGN_OR_RETURN(auto list, c->store->ListPublishedProjects());
         GARANT_ASSIGN_OR_RETURN(auto topics, c->store->ListTopicDecisions(true));
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
                          FillTopicDecisions(d, topics);
                        }));
         return Status::Ok();
       }});
}

}  // namespace garant::server::gov
