// The secretary console pages (rendering): the index, a committee, the new
// project form, a project (decisions, conflicts, authorisations), the new
// meeting form and a meeting (quorum, decision forms). Routes and form
// handling: governance/console.cc.
// Over 400 lines on purpose: one renderer per console page, each filling
// one template; they share the label helpers at the top.

#include <ctemplate/template.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>

#include "garant/core/decimal.h"
#include "governance/console.h"
#include "http/actor_names.h"
#include "http/pages.h"

namespace garant::server::gov::console {

using namespace garant::governance;
using Dict = ctemplate::TemplateDictionary;

// The data domains offered by the forms: SOS Médecins' own, then those of
// the OMOP CDM 5.4 tables (governance/omop.h, docs/omop-domains.md).
const char* const kDomains[] = {"visits",        "consultations", "calls",        "diagnoses",
                                "prescriptions", "demographics",  "measurements", "observations",
                                "notes",         "procedures",    "professionals"};

std::string Day(TimePoint t) { return FormatParisHuman(t).substr(0, 10); }

// The quorum choices of the committee form, in words, and the rule each
// stands for (the same stored rule as the JSON API's fraction).
struct QuorumChoice {
  const char* code;
  const char* words;  // completes "… des membres ayant voix délibérative"
  QuorumRule rule;
};
const QuorumChoice kQuorumChoices[] = {
    {"majorite", "Plus de la moitié", {1, 2, true, 0}},
    {"moitie", "Au moins la moitié", {1, 2, false, 0}},
    {"deux_tiers", "Au moins les deux tiers", {2, 3, false, 0}},
    {"tiers", "Au moins le tiers", {1, 3, false, 0}},
    {"tous", "Tous", {1, 1, false, 0}},
};

std::string Share(const QuorumRule& q) {
  for (const QuorumChoice& c : kQuorumChoices) {
    if (c.rule.numerator * q.denominator == q.numerator * c.rule.denominator &&
        c.rule.strict == q.strict) {
      return c.words;
    }
  }
  if (q.numerator == 0) return "";
  return std::string(q.strict ? "Plus de " : "Au moins ") + std::to_string(q.numerator) + " sur " +
         std::to_string(q.denominator);
}

// "Plus de la moitié des membres ayant voix délibérative doivent être
// présents, dont au moins 1 représentant des patients".
std::string QuorumText(const QuorumRule& q) {
  std::string share = Share(q);
  std::string s = share.empty()
                      ? "Aucun nombre minimal de membres ayant voix délibérative"
                      : share + " des membres ayant voix délibérative doivent être présents";
  const int p = q.min_patient_representatives;
  if (p > 0) {
    s += std::string(share.empty() ? " ; au moins " : ", dont au moins ") + std::to_string(p) +
         (p == 1 ? " représentant des patients" : " représentants des patients");
  }
  return s;
}

std::optional<QuorumRule> QuorumFromChoice(const std::string& code) {
  for (const QuorumChoice& c : kQuorumChoices) {
    if (code == c.code) return c.rule;
  }
  return std::nullopt;
}

// Fills one HISTORY section per correction of a record, oldest first;
// `format` turns a stored value into what the page shows.
void FillHistory(Dict& d, const std::vector<Correction>& corrections, const ActorNames& names,
                 const std::function<std::string(const std::string&)>& format) {
  if (corrections.empty()) return;
  auto* h = d.AddSectionDictionary("HISTORY");
  for (const Correction& k : corrections) {
    auto* e = h->AddSectionDictionary("CORRECTION");
    e->SetValue("DATE", FormatParisHuman(k.at));
    e->SetValue("BY", names.Knows(k.actor) ? names.Name(k.actor) : "un compte du personnel");
    e->SetValue("OLD", format(k.old_value));
    e->SetValue("NEW", format(k.new_value));
    if (!k.note.empty()) e->AddSectionDictionary("NOTE")->SetValue("TEXT", k.note);
  }
}

std::string Verbatim(const std::string& s) { return s.empty() ? "(vide)" : s; }

// "31/12/2026".
std::string FrenchDate(Date d) {
  const std::string iso = FormatDate(d);
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

std::string TermEndText(const std::string& iso) {
  auto d = ParseDate(iso);
  return d.ok() ? FormatParisDayWords(std::chrono::sys_days(*d) + std::chrono::hours(12))
                : "sans fin";
}

std::string OkMessage(const HttpExchange& ex) {
  static const std::map<std::string, std::string> kMessages = {
      {"comite", "Comité créé."},
      {"membre", "Membre ajouté."},
      {"projet", "Projet déposé."},
      {"statut", "Statut du projet modifié."},
      {"conflit", "Conflit d'intérêts enregistré."},
      {"seance", "Séance enregistrée."},
      {"decision", "Décision signée. Elle prend effet une fois cosignée par un autre secrétaire."},
      {"cosignature", "Décision cosignée : elle prend effet."},
      {"confirmation", "Autorisation confirmée : elle compte désormais dans le contrôle d'accès."},
      {"brouillon", "Décision enregistrée, pas encore signée."},
      {"abandon",
       "Brouillon de décision abandonné : il est supprimé, et l'abandon est inscrit au journal "
       "d'audit avec sa raison."},
      {"resume", "Résumé public corrigé ; l'ancien texte est conservé dans l'historique."},
      {"hdh", "Numéro du répertoire du Health Data Hub enregistré."},
      {"mandat", "Fin du mandat corrigée ; l'ancienne date est conservée dans l'historique."},
      {"declaration",
       "Déclaration d'intérêts enregistrée ; les conflits qui en découlent sont inscrits sur les "
       "projets concernés."},
      {"remplacement",
       "Remplacement enregistré : le mandat précédent prend fin la veille ; rien n'est effacé."},
      {"pv", "Procès-verbal enregistré ; l'ancien texte est conservé dans l'historique."},
      {"autorisation",
       "Autorisation délivrée. Elle compte dans le contrôle d'accès une fois confirmée par un "
       "autre secrétaire."},
      {"suspendre", "Autorisation suspendue."},
      {"reprendre", "Autorisation rétablie."},
      {"revoquer", "Autorisation révoquée."},
  };
  auto q = ex.Query("ok");
  if (!q) return "";
  auto it = kMessages.find(*q);
  return it == kMessages.end() ? "" : it->second;
}

void Alerts(Dict& d, const std::string& error, const std::string& ok) {
  if (!error.empty()) d.AddSectionDictionary("ERROR")->SetValue("MESSAGE", error);
  if (!ok.empty()) d.AddSectionDictionary("OK")->SetValue("MESSAGE", ok);
}

std::string Get(const Form& f, const std::string& k) {
  auto it = f.find(k);
  return it == f.end() ? "" : it->second;
}

Result<int64_t> FormInt(const Form& f, const std::string& k, int64_t min, int64_t max) {
  std::string v = Get(f, k);
  if (v.empty()) return Status::InvalidArgument("field " + k + " is required");
  std::optional<int64_t> out = ParseDecimal(v);
  if (!out) return Status::InvalidArgument("field " + k + " must be a number");
  if (*out < min || *out > max) return Status::InvalidArgument("field " + k + " is out of range");
  return *out;
}

// Ids of the checkboxes named prefix<id>.
std::vector<int64_t> CheckedIds(const Form& f, const std::string& prefix) {
  std::vector<int64_t> out;
  for (const auto& [k, v] : f) {
    if (k.rfind(prefix, 0) != 0 || v.empty()) continue;
    if (std::optional<int64_t> id = ParseDecimal(std::string_view(k).substr(prefix.size()))) {
      out.push_back(*id);
    }
  }
  return out;
}

std::vector<std::string> CheckedDomains(const Form& f) {
  std::vector<std::string> out;
  for (const char* d : kDomains) {
    if (!Get(f, std::string("domain_") + d).empty()) out.push_back(d);
  }
  return out;
}

std::vector<std::string> CommaList(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s + ",") {
    if (c == ',') {
      size_t a = cur.find_first_not_of(' ');
      size_t b = cur.find_last_not_of(' ');
      if (a != std::string::npos) out.push_back(cur.substr(a, b - a + 1));
      cur.clear();
    } else {
      cur += c;
    }
  }
  return out;
}

std::string DomainsText(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& d : v) out += (out.empty() ? "" : ", ") + DomainLabel(d);
  return out;
}

std::string Joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

void SendPage(HttpExchange& ex, int status, const std::string& title, const std::string& tpl,
              const PageFiller& fill) {
  ex.SendHtml(status, RenderPage(title, tpl, ex.principal(), [&](Dict& d) {
                d.SetValue("CSRF_TOKEN", ex.principal().csrf_token);
                fill(d);
              }));
}

int StatusFor(const Status& st) { return HttpStatusFor(st.code()); }

// ---- pages ----

Status RenderIndex(Context& c, HttpExchange& ex, int status, const std::string& error) {
  GARANT_ASSIGN_OR_RETURN(auto committees, c.store->ListCommittees());
  GARANT_ASSIGN_OR_RETURN(auto projects, c.store->ListProjects());
  GARANT_ASSIGN_OR_RETURN(auto meetings, c.store->ListMeetings());
  std::map<int64_t, std::string> names, refs;
  std::map<int64_t, size_t> member_counts;
  for (const auto& cm : committees) {
    names[cm.id] = cm.name;
    GARANT_ASSIGN_OR_RETURN(auto ms, c.store->ListMembers(cm.id));
    member_counts[cm.id] = ms.size();
  }
  for (const auto& p : projects) refs[p.id] = p.reference;
  GARANT_ASSIGN_OR_RETURN(auto decisions, c.store->ListDecisions(std::nullopt));
  GARANT_ASSIGN_OR_RETURN(auto auths, c.store->ListAuthorisations(std::nullopt));
  GARANT_ASSIGN_OR_RETURN(auto topic_decisions, c.store->ListTopicDecisions(false));
  const long pending =
      std::count_if(decisions.begin(), decisions.end(),
                    [](const DecisionRecord& d) { return d.signed_at && !d.cosigned_at; }) +
      std::count_if(auths.begin(), auths.end(),
                    [](const Authorisation& a) { return !a.confirmed_at && !a.revoked_at; });
  SendPage(ex, status, "Comités et décisions", "gov_index.tpl", [&](Dict& d) {
    Alerts(d, error, OkMessage(ex));
    d.SetIntValue("PENDING", pending);
    for (const QuorumChoice& q : kQuorumChoices) {
      auto* o = d.AddSectionDictionary("QUORUM_CHOICE");
      o->SetValue("CODE", q.code);
      o->SetValue("LABEL", std::string(q.words) + " des membres ayant voix délibérative");
    }
    for (const auto& cm : committees) {
      auto* s = d.AddSectionDictionary("COMMITTEE");
      s->SetIntValue("ID", cm.id);
      s->SetValue("NAME", cm.name);
      s->SetValue("CODE", cm.code);
      s->SetIntValue("MEMBERS", static_cast<long>(member_counts[cm.id]));
      s->SetValue("QUORUM", QuorumText(cm.quorum));
    }
    for (const auto& p : projects) {
      auto* s = d.AddSectionDictionary("PROJECT");
      s->SetIntValue("ID", p.id);
      s->SetValue("REFERENCE", p.reference);
      s->SetValue("TITLE", p.title);
      s->SetValue("STATUS", std::string(ToString(p.status)));
      s->SetValue("STATUS_LABEL", StatusLabel(p.status));
      s->SetValue("PUBLISHED", p.published_at ? Day(*p.published_at) : "non");
    }
    for (const auto& m : meetings) {
      auto* s = d.AddSectionDictionary("MEETING");
      s->SetIntValue("ID", m.id);
      s->SetValue("DATE", FormatParisHuman(m.held_at));
      s->SetValue("COMMITTEE", names[m.committee_id]);
      std::vector<std::string> agenda;
      for (int64_t pid : m.agenda) agenda.push_back(refs[pid]);
      for (const Topic& t : m.topics) agenda.push_back(t.title);
      s->SetValue("AGENDA", Joined(agenda));
    }
    Dict* table = nullptr;
    for (const TopicDecision& td : topic_decisions) {
      if (!table) table = d.AddSectionDictionary("HAS_TOPIC_DECISIONS");
      auto* s = table->AddSectionDictionary("TOPIC_DECISION");
      const DecisionRecord& dr = td.decision;
      s->SetIntValue("ID", dr.id);
      s->SetValue("CATEGORY", TopicCategoryLabel(td.topic.category));
      s->SetValue("TITLE", td.topic.title);
      s->SetIntValue("MEETING_ID", dr.draft.meeting_id);
      s->SetValue("COMMITTEE", td.committee_name);
      s->SetValue("DATE", Day(td.held_at));
      s->SetValue("OUTCOME", TopicOutcomeLabel(dr.draft.outcome));
      std::string state = dr.Effective() ? "En vigueur"
                          : dr.signed_at ? "En attente de cosignature"
                                         : "Pas encore signée";
      if (dr.Effective()) state += dr.draft.is_public ? ", publiée" : ", non publiée";
      s->SetValue("STATE", state);
    }
    if (!table) d.ShowSection("NO_TOPIC_DECISION");
  });
  return Status::Ok();
}

Status RenderCommittee(Context& c, HttpExchange& ex, int64_t id, int status,
                       const std::string& error) {
  GARANT_ASSIGN_OR_RETURN(Committee cm, c.store->GetCommittee(id));
  GARANT_ASSIGN_OR_RETURN(auto members, c.store->ListMembers(id));
  std::map<int64_t, std::vector<Correction>> history;
  for (const auto& m : members) {
    GARANT_ASSIGN_OR_RETURN(history[m.id],
                            c.store->ListCorrections(CorrectionSubject::kMemberTermEnd, m.id));
  }
  GARANT_ASSIGN_OR_RETURN(auto declarations, c.store->ListDeclarations(id));
  const auto names = ActorNames::Load(c.services);
  const Date today = DateOf(c.services.clock.Now());
  const std::string this_year = FormatDate(today).substr(0, 4);
  SendPage(ex, status, cm.name, "gov_committee.tpl", [&](Dict& d) {
    Alerts(d, error, OkMessage(ex));
    d.SetIntValue("ID", cm.id);
    d.SetValue("NAME", cm.name);
    d.SetValue("QUORUM", QuorumText(cm.quorum));
    for (const auto& m : members) {
      auto* s = d.AddSectionDictionary("MEMBER");
      s->SetIntValue("MEMBER_ID", m.id);
      s->SetValue("NAME", m.full_name);
      s->SetValue("ROLE", MemberRoleLabel(m.role));
      s->SetValue("VOTING", m.voting ? "oui" : "non");
      s->SetValue("START", FrenchDate(m.term_start));
      s->SetValue("END_VALUE", m.term_end ? FormatDate(*m.term_end) : "");
      if (m.term_end) s->AddSectionDictionary("END")->SetValue("DATE", FrenchDate(*m.term_end));
      if (m.end_reason != MandateEnd::kNone) {
        s->AddSectionDictionary("END_REASON")->SetValue("TEXT", MandateEndLabel(m.end_reason));
      }
      for (const auto& other : members) {
        if (m.replaces_member_id == other.id) {
          s->AddSectionDictionary("REPLACES")->SetValue("NAME", other.full_name);
        }
        if (other.replaces_member_id == m.id) {
          s->AddSectionDictionary("REPLACED_BY")->SetValue("NAME", other.full_name);
        }
      }
      if (m.term_end && *m.term_end < today) s->ShowSection("OUT_OF_OFFICE");
      if (m.end_reason != MandateEnd::kReplaced) s->ShowSection("CAN_REPLACE");
      s->SetValue("THIS_YEAR", this_year);
      bool first = true;  // declarations are newest first: the first is in force
      for (const InterestDeclaration& k : declarations) {
        if (k.member_id != m.id) continue;
        auto* x = s->AddSectionDictionary("DECLARATION");
        x->SetIntValue("YEAR", k.year);
        x->SetValue("SIGNED", FrenchDate(k.signed_on));
        x->SetValue("SUMMARY", k.public_summary);
        if (!k.organisations.empty()) {
          x->AddSectionDictionary("ORGS")->SetValue("TEXT", Joined(k.organisations));
        }
        if (first) x->ShowSection("CURRENT");
        first = false;
      }
      if (first) s->ShowSection("NO_DECLARATION");
      FillHistory(*s, history[m.id], names, TermEndText);
    }
  });
  return Status::Ok();
}

Status RenderNewProject(Context& c, HttpExchange& ex, int status, const std::string& error) {
  GARANT_ASSIGN_OR_RETURN(auto committees, c.store->ListCommittees());
  GARANT_ASSIGN_OR_RETURN(PurposeCatalogue purposes, c.store->Purposes());
  SendPage(ex, status, "Déposer un projet", "gov_project_new.tpl", [&](Dict& d) {
    Alerts(d, error, "");
    for (const auto& p : purposes.allowed) {
      auto* s = d.AddSectionDictionary("PURPOSE");
      s->SetValue("CODE", p);
      s->SetValue("LABEL", PurposeLabel(p));
    }
    for (const char* dom : kDomains) {
      auto* s = d.AddSectionDictionary("DOMAIN");
      s->SetValue("CODE", dom);
      s->SetValue("LABEL", DomainLabel(dom));
    }
    for (const auto& cm : committees) {
      auto* s = d.AddSectionDictionary("COMMITTEE");
      s->SetIntValue("ID", cm.id);
      s->SetValue("NAME", cm.name);
      if (cm.code == "cse") s->ShowSection("SELECTED");
    }
  });
  return Status::Ok();
}

Status RenderProject(Context& c, HttpExchange& ex, int64_t id, int status,
                     const std::string& error) {
  GARANT_ASSIGN_OR_RETURN(Project p, c.store->GetProject(id));
  GARANT_ASSIGN_OR_RETURN(Committee cm, c.store->GetCommittee(p.committee_id));
  GARANT_ASSIGN_OR_RETURN(auto members, c.store->ListMembers(p.committee_id));
  GARANT_ASSIGN_OR_RETURN(auto decisions, c.store->ListDecisions(p.id));
  GARANT_ASSIGN_OR_RETURN(auto conflicts, c.store->ListConflicts());
  GARANT_ASSIGN_OR_RETURN(auto auths, c.store->ListAuthorisations(p.id));
  GARANT_ASSIGN_OR_RETURN(auto meetings, c.store->ListMeetings());
  GARANT_ASSIGN_OR_RETURN(int delay, c.store->PublicationDelayDays());
  GARANT_ASSIGN_OR_RETURN(auto summary_history,
                          c.store->ListCorrections(CorrectionSubject::kProjectSummary, p.id));
  GARANT_ASSIGN_OR_RETURN(auto hdh_history,
                          c.store->ListCorrections(CorrectionSubject::kProjectHdhNumber, p.id));
  const auto names = ActorNames::Load(c.services);
  std::map<int64_t, std::string> member_names;
  for (const auto& m : members) member_names[m.id] = m.full_name;
  std::map<int64_t, TimePoint> meeting_dates;
  for (const auto& m : meetings) meeting_dates[m.id] = m.held_at;
  TimePoint now = c.services.clock.Now();

  SendPage(ex, status, p.reference, "gov_project.tpl", [&](Dict& d) {
    Alerts(d, error, OkMessage(ex));
    d.SetIntValue("ID", p.id);
    d.SetValue("TITLE", p.title);
    d.SetValue("REFERENCE", p.reference);
    d.SetValue("STATUS", std::string(ToString(p.status)));
    d.SetValue("STATUS_LABEL", StatusLabel(p.status));
    if (p.published_at) {
      d.AddSectionDictionary("PUBLISHED")->SetValue("DATE", Day(*p.published_at));
    } else {
      d.ShowSection("NOT_PUBLISHED");
    }
    d.SetValue("SUMMARY", p.public_summary);
    {
      auto* sh = d.AddSectionDictionary("SUMMARY_HISTORY");
      FillHistory(*sh, summary_history, names, Verbatim);
    }
    d.SetValue("HDH", p.hdh_directory_number);
    if (p.hdh_directory_number.empty()) {
      d.ShowSection(p.formality == "mr-004" ? "HDH_MISSING" : "HDH_NONE");
    } else {
      d.AddSectionDictionary("HDH_SET")->SetValue("NUMBER", p.hdh_directory_number);
    }
    {
      auto* hh = d.AddSectionDictionary("HDH_HISTORY");
      FillHistory(*hh, hdh_history, names, Verbatim);
    }
    d.SetValue("PURPOSE_LABEL", PurposeLabel(p.purpose));
    d.SetValue("ORGANISATION", p.organisation);
    d.SetValue("INVESTIGATOR", p.investigator);
    d.SetValue("DOMAINS", DomainsText(p.data_domains));
    if (!p.data_description.empty()) {
      d.AddSectionDictionary("DATA_DESCRIPTION")->SetValue("TEXT", p.data_description);
    }
    d.SetValue("FORMALITY", FormalityLabel(p.formality));
    d.SetValue("FORMALITY_REF", p.formality_reference);
    d.SetValue("COMMITTEE", cm.name);

    Dict* transitions = nullptr;
    for (ProjectStatus to : {ProjectStatus::kUnderReview, ProjectStatus::kActive,
                             ProjectStatus::kSuspended, ProjectStatus::kClosed}) {
      if (!TransitionAllowed(p.status, to)) continue;
      if (!transitions) transitions = d.AddSectionDictionary("TRANSITIONS");
      auto* t = transitions->AddSectionDictionary("TARGET");
      t->SetValue("CODE", std::string(ToString(to)));
      t->SetValue("LABEL", StatusLabel(to));
    }

    if (decisions.empty()) d.ShowSection("NO_DECISION");
    std::vector<const DecisionRecord*> favourable;
    for (const auto& dr : decisions) {
      auto* s = d.AddSectionDictionary("DECISION");
      s->SetIntValue("ID", dr.id);
      s->SetValue("OUTCOME", OutcomeLabel(dr.draft.outcome));
      auto md = meeting_dates.find(dr.draft.meeting_id);
      s->SetValue("MEETING_DATE", md == meeting_dates.end() ? "" : Day(md->second));
      if (dr.signed_at) {
        auto* sg = s->AddSectionDictionary("SIGNED");
        sg->SetValue("DATE", Day(*dr.signed_at));
        // The signatory by name, when a staff account signed.
        if (names.Knows(dr.signed_by)) {
          sg->AddSectionDictionary("BY")->SetValue("NAME", names.Name(dr.signed_by));
        }
        // The second signature (two-person rule), or the wait for it.
        if (dr.cosigned_at) {
          auto* co = s->AddSectionDictionary("COSIGNED");
          co->SetValue("DATE", Day(*dr.cosigned_at));
          if (names.Knows(dr.cosigned_by)) {
            co->AddSectionDictionary("BY")->SetValue("NAME", names.Name(dr.cosigned_by));
          } else if (dr.cosigned_by == kBeforeTwoPersonRule) {
            co->ShowSection("BEFORE_RULE");
          }
        } else {
          s->ShowSection("PENDING_COSIGNATURE");
        }
      }
      if (dr.draft.amends_decision_id) {
        s->AddSectionDictionary("AMENDS")->SetIntValue("ID", *dr.draft.amends_decision_id);
      }
      s->SetValue("REASONS", dr.draft.reasons);
      if (!dr.draft.conditions.empty()) {
        s->AddSectionDictionary("CONDITIONS")->SetValue("TEXT", dr.draft.conditions);
      }
      std::vector<std::string> votes;
      for (const Vote& v : dr.draft.votes) {
        votes.push_back(member_names[v.member_id] + " : " + VoteLabel(v.choice));
      }
      s->SetValue("VOTES", votes.empty() ? "aucun vote enregistré" : Joined(votes));
      if (dr.Effective() && Favourable(dr.draft.outcome)) favourable.push_back(&dr);
    }

    if (std::none_of(conflicts.begin(), conflicts.end(),
                     [&](const ConflictRecord& k) { return k.conflict.project_id == p.id; })) {
      d.ShowSection("NO_CONFLICT");
    }
    for (const auto& k : conflicts) {
      if (k.conflict.project_id != p.id) continue;
      auto* s = d.AddSectionDictionary("CONFLICT");
      s->SetValue("MEMBER", member_names[k.conflict.member_id]);
      s->SetValue("DESCRIPTION", k.conflict.description);
      s->SetValue("DATE", Day(k.declared_at));
      s->SetValue("SOURCE", k.source == ConflictSource::kMeeting       ? "déclaré en séance"
                            : k.source == ConflictSource::kDeclaration ? "d'après sa déclaration "
                                                                         "d'intérêts,"
                                                                       : "déclaré");
    }
    for (const auto& m : members) {
      auto* s = d.AddSectionDictionary("MEMBER");
      s->SetIntValue("ID", m.id);
      s->SetValue("NAME", m.full_name);
    }

    for (const auto& a : auths) {
      auto* s = d.AddSectionDictionary("AUTH");
      s->SetIntValue("ID", a.id);
      s->SetValue("ACCOUNTS", Joined(a.accounts));
      s->SetValue("DOMAINS", DomainsText(a.scope.domains));
      if (!a.scope.associations.empty()) {
        s->AddSectionDictionary("ASSOCIATIONS")->SetValue("TEXT", Joined(a.scope.associations));
      }
      s->SetValue("FROM", Day(a.valid_from));
      // valid_until is exclusive: the last day of validity is the day before.
      s->SetValue("UNTIL", Day(a.valid_until - std::chrono::seconds(1)));
      bool suspended = std::any_of(a.suspensions.begin(), a.suspensions.end(),
                                   [&](const Interval& i) { return !i.until; });
      std::string state = a.revoked_at           ? "Révoquée le " + Day(*a.revoked_at)
                          : !a.confirmed_at      ? "En attente de confirmation"
                          : suspended            ? "Suspendue"
                          : now < a.valid_from   ? "Pas encore valide"
                          : now >= a.valid_until ? "Expirée"
                                                 : "Valide";
      s->SetValue("STATE", state);
      auto action = [&](const char* verb, const char* label) {
        auto* x = s->AddSectionDictionary("ACTION");
        x->SetIntValue("AUTH_ID", a.id);
        x->SetIntValue("PROJECT_ID", p.id);
        x->SetValue("VERB", verb);
        x->SetValue("LABEL", label);
      };
      if (!a.revoked_at) {
        if (suspended)
          action("reprendre", "Rétablir");
        else
          action("suspendre", "Suspendre");
        action("revoquer", "Révoquer");
      }
    }
    if (!favourable.empty() && p.published_at) {
      auto* f = d.AddSectionDictionary("AUTH_FORM");
      f->SetIntValue("DELAY", delay);
      f->SetValue("EARLIEST", Day(*p.published_at + std::chrono::hours(24) * delay));
      for (const DecisionRecord* dr : favourable) {
        auto* o = f->AddSectionDictionary("FAVOURABLE");
        o->SetIntValue("ID", dr->id);
        o->SetValue("LABEL", OutcomeLabel(dr->draft.outcome));
      }
      for (const auto& dom : p.data_domains) {
        auto* o = f->AddSectionDictionary("DOMAIN");
        o->SetValue("CODE", dom);
        o->SetValue("LABEL", DomainLabel(dom));
      }
    }
  });
  return Status::Ok();
}

Status RenderNewMeeting(Context& c, HttpExchange& ex, std::optional<int64_t> committee_id,
                        int status, const std::string& error) {
  GARANT_ASSIGN_OR_RETURN(auto committees, c.store->ListCommittees());
  std::optional<Committee> chosen;
  std::vector<Member> members;
  std::vector<Project> projects;
  if (committee_id) {
    GARANT_ASSIGN_OR_RETURN(Committee cm, c.store->GetCommittee(*committee_id));
    chosen = cm;
    GARANT_ASSIGN_OR_RETURN(members, c.store->ListMembers(cm.id));
    GARANT_ASSIGN_OR_RETURN(auto all, c.store->ListProjects());
    for (auto& p : all) {
      if (p.committee_id != cm.id) continue;
      if (p.status == ProjectStatus::kClosed || p.status == ProjectStatus::kRejected) continue;
      projects.push_back(std::move(p));
    }
  }
  Date today = DateOf(c.services.clock.Now());
  SendPage(ex, status, "Enregistrer une séance", "gov_meeting_new.tpl", [&](Dict& d) {
    Alerts(d, error, "");
    if (!chosen) {
      auto* s = d.AddSectionDictionary("CHOOSE");
      for (const auto& cm : committees) {
        auto* o = s->AddSectionDictionary("COMMITTEE");
        o->SetIntValue("ID", cm.id);
        o->SetValue("NAME", cm.name);
      }
      return;
    }
    auto* f = d.AddSectionDictionary("FORM");
    f->SetValue("COMMITTEE", chosen->name);
    f->SetIntValue("COMMITTEE_ID", chosen->id);
    f->SetValue("QUORUM", QuorumText(chosen->quorum));
    if (projects.empty()) f->ShowSection("NO_PROJECT");
    for (const auto& p : projects) {
      auto* s = f->AddSectionDictionary("PROJECT");
      s->SetIntValue("ID", p.id);
      s->SetValue("REFERENCE", p.reference);
      s->SetValue("TITLE", p.title);
      s->SetValue("STATUS_LABEL", StatusLabel(p.status));
    }
    for (int n = 1; n <= kTopicRows; ++n) {
      auto* row = f->AddSectionDictionary("TOPIC_ROW");
      row->SetIntValue("N", n);
      for (TopicCategory tc : {TopicCategory::kCharter, TopicCategory::kAccessRules,
                               TopicCategory::kPriorities, TopicCategory::kOther}) {
        auto* o = row->AddSectionDictionary("CATEGORY");
        o->SetValue("CODE", std::string(ToString(tc)));
        o->SetValue("LABEL", TopicCategoryLabel(tc));
      }
    }
    for (const auto& m : members) {
      if (!m.InOffice(today)) continue;
      auto* s = f->AddSectionDictionary("MEMBER");
      s->SetIntValue("ID", m.id);
      s->SetValue("NAME", m.full_name);
      s->SetValue("ROLE", MemberRoleLabel(m.role));
      if (!m.voting) s->ShowSection("NON_VOTING");
    }
  });
  return Status::Ok();
}

Status RenderMeeting(Context& c, HttpExchange& ex, int64_t id, int status, const std::string& error,
                     std::optional<int64_t> open_project, std::optional<int64_t> open_topic) {
  GARANT_ASSIGN_OR_RETURN(Meeting m, c.store->GetMeeting(id));
  GARANT_ASSIGN_OR_RETURN(auto topic_decisions, c.store->ListTopicDecisions(false));
  GARANT_ASSIGN_OR_RETURN(Committee cm, c.store->GetCommittee(m.committee_id));
  GARANT_ASSIGN_OR_RETURN(auto members, c.store->ListMembers(cm.id));
  GARANT_ASSIGN_OR_RETURN(auto conflicts, c.store->ListConflicts());
  GARANT_ASSIGN_OR_RETURN(auto decisions, c.store->ListDecisions(std::nullopt));
  std::vector<Project> items;
  for (int64_t pid : m.agenda) {
    GARANT_ASSIGN_OR_RETURN(Project p, c.store->GetProject(pid));
    items.push_back(std::move(p));
  }
  std::vector<Conflict> declared;
  for (const auto& k : conflicts) declared.push_back(k.conflict);
  GARANT_ASSIGN_OR_RETURN(auto minutes_history,
                          c.store->ListCorrections(CorrectionSubject::kMeetingMinutes, m.id));
  const auto names = ActorNames::Load(c.services);
  QuorumReport q = EvaluateQuorum(cm.quorum, members, m.present, DateOf(m.held_at));
  auto present = [&](int64_t mid) {
    return std::find(m.present.begin(), m.present.end(), mid) != m.present.end();
  };
  SendPage(ex, status, "Séance", "gov_meeting.tpl", [&](Dict& d) {
    Alerts(d, error, OkMessage(ex));
    d.SetValue("DATE", FormatParisHuman(m.held_at));
    d.SetValue("COMMITTEE", cm.name);
    d.SetValue("QUORUM", q.explanation + ".");
    d.SetValue("QUORUM_RULE", QuorumText(cm.quorum));
    d.SetIntValue("MEETING_ID", m.id);
    d.SetValue("MINUTES_VALUE", m.minutes);
    if (!m.minutes.empty()) {
      d.AddSectionDictionary("MINUTES")->SetValue("TEXT", m.minutes);
    } else {
      d.ShowSection("NO_MINUTES");
    }
    FillHistory(d, minutes_history, names, Verbatim);
    // Recusals: the present members conflicted on a project of the agenda.
    Dict* recusals = nullptr;
    for (const auto& p : items) {
      for (const auto& k : conflicts) {
        if (k.conflict.project_id != p.id || !present(k.conflict.member_id)) continue;
        if (!recusals) recusals = d.AddSectionDictionary("RECUSALS");
        auto* r = recusals->AddSectionDictionary("RECUSAL");
        auto who = std::find_if(members.begin(), members.end(),
                                [&](const Member& mm) { return mm.id == k.conflict.member_id; });
        r->SetValue("NAME", who == members.end() ? "" : who->full_name);
        r->SetValue("REFERENCE", p.reference);
        r->SetValue("DESCRIPTION", k.conflict.description);
      }
    }
    if (!recusals) d.ShowSection("NO_RECUSAL");
    for (const auto& mm : members) {
      if (!present(mm.id)) continue;
      auto* s = d.AddSectionDictionary("PRESENT");
      s->SetValue("NAME", mm.full_name);
      s->SetValue("ROLE", MemberRoleLabel(mm.role));
    }
    for (const auto& p : items) {
      auto* s = d.AddSectionDictionary("ITEM");
      s->SetIntValue("PROJECT_ID", p.id);
      s->SetIntValue("MEETING_ID", m.id);
      s->SetValue("REFERENCE", p.reference);
      s->SetValue("TITLE", p.title);
      s->SetValue("STATUS", std::string(ToString(p.status)));
      s->SetValue("STATUS_LABEL", StatusLabel(p.status));
      if (open_project == p.id) s->ShowSection("OPEN");
      Dict* amendable = nullptr;
      for (const auto& dr : decisions) {
        if (dr.draft.project_id == 0 || dr.draft.project_id != p.id) continue;
        if (dr.draft.meeting_id == m.id) {
          auto* x = s->AddSectionDictionary("DECISION");
          x->SetIntValue("ID", dr.id);
          x->SetValue("OUTCOME", OutcomeLabel(dr.draft.outcome));
          x->SetValue("REASONS", dr.draft.reasons);
          if (dr.signed_at) {
            x->ShowSection("SIGNED");
            if (!dr.cosigned_at) x->ShowSection("PENDING_COSIGNATURE");
          } else {
            auto* u = x->AddSectionDictionary("UNSIGNED");
            u->SetIntValue("MEETING_ID", m.id);
            u->SetIntValue("DECISION_ID", dr.id);
          }
        }
        if (dr.Effective()) {
          if (!amendable) amendable = s->AddSectionDictionary("AMENDABLE");
          auto* o = amendable->AddSectionDictionary("PREVIOUS");
          o->SetIntValue("ID", dr.id);
          o->SetValue("OUTCOME", OutcomeLabel(dr.draft.outcome));
        }
      }
      std::vector<std::string> conflicted;
      for (const auto& mm : members) {
        bool is_conflicted = Conflicted(declared, mm.id, p.id);
        if (is_conflicted) conflicted.push_back(mm.full_name);
        if (!present(mm.id) || !mm.voting || is_conflicted) continue;
        auto* v = s->AddSectionDictionary("VOTER");
        v->SetIntValue("ID", mm.id);
        v->SetValue("NAME", mm.full_name);
      }
      if (!conflicted.empty()) {
        s->AddSectionDictionary("CONFLICTED")->SetValue("NAMES", Joined(conflicted));
      }
      for (const auto& mm : members) {
        if (!present(mm.id) || Conflicted(declared, mm.id, p.id)) continue;
        auto* a = s->AddSectionDictionary("ATTENDEE");
        a->SetIntValue("ID", mm.id);
        a->SetValue("NAME", mm.full_name);
      }
    }
    for (const Topic& t : m.topics) {
      auto* s = d.AddSectionDictionary("TOPIC");
      s->SetIntValue("TOPIC_ID", t.id);
      s->SetIntValue("MEETING_ID", m.id);
      s->SetValue("CATEGORY", TopicCategoryLabel(t.category));
      s->SetValue("TITLE", t.title);
      if (open_topic == t.id) s->ShowSection("OPEN");
      for (const auto& dr : decisions) {
        if (dr.draft.topic_id != t.id) continue;
        auto* x = s->AddSectionDictionary("DECISION");
        x->SetIntValue("ID", dr.id);
        x->SetValue("OUTCOME", TopicOutcomeLabel(dr.draft.outcome));
        x->SetValue("REASONS", dr.draft.reasons);
        if (!dr.draft.is_public) x->ShowSection("NOT_PUBLIC");
        if (dr.signed_at) {
          x->ShowSection("SIGNED");
          if (!dr.cosigned_at) x->ShowSection("PENDING_COSIGNATURE");
        } else {
          auto* u = x->AddSectionDictionary("UNSIGNED");
          u->SetIntValue("MEETING_ID", m.id);
          u->SetIntValue("DECISION_ID", dr.id);
        }
      }
      // Earlier effective decisions on a topic of the same category, which
      // this one may amend.
      Dict* amendable = nullptr;
      for (const TopicDecision& td : topic_decisions) {
        if (td.topic.category != t.category || !td.decision.Effective()) continue;
        if (!amendable) amendable = s->AddSectionDictionary("AMENDABLE");
        auto* o = amendable->AddSectionDictionary("PREVIOUS");
        o->SetIntValue("ID", td.decision.id);
        o->SetValue("TITLE", td.topic.title);
      }
      for (const auto& mm : members) {
        if (!present(mm.id) || !mm.voting) continue;
        auto* v = s->AddSectionDictionary("VOTER");
        v->SetIntValue("ID", mm.id);
        v->SetValue("NAME", mm.full_name);
      }
    }
  });
  return Status::Ok();
}

namespace {

// A decision of a meeting, with what its confirmation pages (signature,
// discard) show about it.
struct DecisionView {
  DecisionRecord dr;
  Meeting m;
  Committee cm;
  std::optional<Project> subject;  // a project decision
  std::optional<Topic> topic;      // a topic decision
  std::map<int64_t, std::string> member_names;
};

// kNotFound when the decision is not one of the meeting's.
Result<DecisionView> LoadDecisionView(Context& c, int64_t meeting_id, int64_t decision_id) {
  DecisionView v;
  GARANT_ASSIGN_OR_RETURN(v.dr, c.store->GetDecision(decision_id));
  if (v.dr.draft.meeting_id != meeting_id) return Status::NotFound("decision not found");
  GARANT_ASSIGN_OR_RETURN(v.m, c.store->GetMeeting(meeting_id));
  GARANT_ASSIGN_OR_RETURN(v.cm, c.store->GetCommittee(v.m.committee_id));
  if (v.dr.draft.project_id != 0) {
    GARANT_ASSIGN_OR_RETURN(v.subject, c.store->GetProject(v.dr.draft.project_id));
  }
  for (const Topic& t : v.m.topics) {
    if (v.dr.draft.topic_id == t.id) v.topic = t;
  }
  if (!v.subject && !v.topic) return Status::NotFound("decision subject not found");
  GARANT_ASSIGN_OR_RETURN(auto members, c.store->ListMembers(v.cm.id));
  for (const auto& mm : members) v.member_names[mm.id] = mm.full_name;
  return v;
}

// The page's heading facts (meeting, committee, subject) and the recorded
// decision (the RECAP include, gov_decision_recap.tpl).
void FillDecisionRecap(Dict& d, const DecisionView& v) {
  const DecisionRecord& dr = v.dr;
  d.SetIntValue("MEETING_ID", dr.draft.meeting_id);
  d.SetIntValue("DECISION_ID", dr.id);
  d.SetValue("MEETING_DATE", FormatParisHuman(v.m.held_at));
  d.SetValue("COMMITTEE", v.cm.name);
  auto* r = d.AddIncludeDictionary("RECAP");
  r->SetFilename("gov_decision_recap.tpl");
  if (v.subject) {
    auto* ps = d.AddSectionDictionary("PROJECT");
    ps->SetValue("REFERENCE", v.subject->reference);
    ps->SetValue("TITLE", v.subject->title);
    r->SetValue("OUTCOME", OutcomeLabel(dr.draft.outcome));
  } else {
    auto* ts = d.AddSectionDictionary("TOPIC");
    ts->SetValue("CATEGORY", TopicCategoryLabel(v.topic->category));
    ts->SetValue("TITLE", v.topic->title);
    r->SetValue("OUTCOME", TopicOutcomeLabel(dr.draft.outcome));
  }
  r->SetValue("REASONS", dr.draft.reasons);
  if (!dr.draft.conditions.empty()) {
    r->AddSectionDictionary("CONDITIONS")->SetValue("TEXT", dr.draft.conditions);
  }
  if (dr.draft.amends_decision_id) {
    r->AddSectionDictionary("AMENDS")->SetIntValue("ID", *dr.draft.amends_decision_id);
  }
  std::vector<std::string> votes;
  for (const Vote& vote : dr.draft.votes) {
    auto name = v.member_names.find(vote.member_id);
    votes.push_back((name == v.member_names.end() ? "" : name->second) + " : " +
                    VoteLabel(vote.choice));
  }
  r->SetValue("VOTES", votes.empty() ? "aucun vote enregistré" : Joined(votes));
}

}  // namespace

Status RenderSignature(Context& c, HttpExchange& ex, int64_t meeting_id, int64_t decision_id,
                       int status, const std::string& error) {
  GARANT_ASSIGN_OR_RETURN(DecisionView v, LoadDecisionView(c, meeting_id, decision_id));
  const DecisionRecord& dr = v.dr;
  const Meeting& m = v.m;
  const Committee& cm = v.cm;
  const std::optional<Project>& subject = v.subject;
  const Topic* topic = v.topic ? &*v.topic : nullptr;
  const bool favourable = Favourable(dr.draft.outcome);
  SendPage(ex, status, "Signer la décision", "gov_sign.tpl", [&](Dict& d) {
    Alerts(d, error, "");
    FillDecisionRecap(d, v);
    if (dr.signed_at) {
      d.ShowSection("ALREADY_SIGNED");
      return;
    }
    auto* f = d.AddSectionDictionary("SIGN_FORM");
    // What the portal will show once signed (gov/pages.cc, the portal).
    if (!subject) {
      if (!dr.draft.is_public) {
        f->ShowSection("TOPIC_PRIVATE");
        return;
      }
      auto* tp = f->AddSectionDictionary("TOPIC_PUBLIC");
      tp->SetValue("CATEGORY", TopicCategoryLabel(topic->category));
      tp->SetValue("TITLE", topic->title);
      tp->SetValue("COMMITTEE", cm.name);
      tp->SetValue("DAY", Day(m.held_at));
      tp->SetValue("OUTCOME", TopicOutcomeLabel(dr.draft.outcome));
      tp->SetValue("REASONS", dr.draft.reasons);
      if (!dr.draft.conditions.empty()) {
        tp->AddSectionDictionary("CONDITIONS")->SetValue("TEXT", dr.draft.conditions);
      }
      return;
    }
    const Project& p = *subject;
    if (!favourable && !p.published_at) {
      f->ShowSection("NOT_PUBLISHED");
      return;
    }
    auto* pub = f->AddSectionDictionary("PUBLISHED");
    if (p.published_at) {
      pub->ShowSection("OPINION_CHANGES");
    } else {
      pub->ShowSection("FIRST_PUBLICATION");
    }
    pub->SetValue("TITLE", p.title);
    pub->SetValue("REFERENCE", p.reference);
    pub->SetValue("SUMMARY", p.public_summary);
    pub->SetValue("PURPOSE_LABEL", PurposeLabel(p.purpose));
    pub->SetValue("ORGANISATION", p.organisation);
    pub->SetValue("INVESTIGATOR", p.investigator);
    pub->SetValue("DOMAINS", DomainsText(p.data_domains));
    pub->SetValue("RECIPIENTS", p.recipients.empty() ? "Non précisé" : p.recipients);
    pub->SetIntValue("DURATION", p.duration_months);
    pub->SetValue("FORMALITY", FormalityLabel(p.formality));
    pub->SetValue("FORMALITY_REF", p.formality_reference);
    if (!p.hdh_directory_number.empty()) {
      pub->AddSectionDictionary("HDH")->SetValue("NUMBER", p.hdh_directory_number);
    }
    pub->SetValue("OPINION", OutcomeLabel(dr.draft.outcome) + " du " + cm.name);
    if (!dr.draft.conditions.empty()) {
      pub->AddSectionDictionary("CONDITIONS")->SetValue("TEXT", dr.draft.conditions);
    }
  });
  return Status::Ok();
}

Status RenderDiscard(Context& c, HttpExchange& ex, int64_t meeting_id, int64_t decision_id,
                     int status, const std::string& error, const std::string& reason) {
  GARANT_ASSIGN_OR_RETURN(DecisionView v, LoadDecisionView(c, meeting_id, decision_id));
  SendPage(ex, status, "Abandonner un brouillon de décision", "gov_discard.tpl", [&](Dict& d) {
    Alerts(d, error, "");
    FillDecisionRecap(d, v);
    if (v.dr.signed_at) {
      d.ShowSection("ALREADY_SIGNED");
      return;
    }
    d.AddSectionDictionary("DISCARD_FORM")->SetValue("REASON", reason);
  });
  return Status::Ok();
}

Status RenderPending(Context& c, HttpExchange& ex, int status, const std::string& error) {
  GARANT_ASSIGN_OR_RETURN(auto projects, c.store->ListProjects());
  GARANT_ASSIGN_OR_RETURN(auto decisions, c.store->ListDecisions(std::nullopt));
  GARANT_ASSIGN_OR_RETURN(auto auths, c.store->ListAuthorisations(std::nullopt));
  GARANT_ASSIGN_OR_RETURN(auto topic_decisions, c.store->ListTopicDecisions(false));
  std::map<int64_t, const TopicDecision*> topic_of;
  for (const auto& td : topic_decisions) topic_of[td.decision.id] = &td;
  std::map<int64_t, const Project*> by_id;
  for (const auto& p : projects) by_id[p.id] = &p;
  const auto names = ActorNames::Load(c.services);
  const std::string me = ex.principal().Actor();
  auto who = [&](const std::string& actor) {
    return names.Knows(actor) ? names.Name(actor) : std::string("un compte du personnel");
  };
  SendPage(ex, status, "Actes à cosigner", "gov_pending.tpl", [&](Dict& d) {
    Alerts(d, error, OkMessage(ex));
    Dict* table = nullptr;
    for (const auto& dr : decisions) {
      if (!dr.signed_at || dr.cosigned_at) continue;
      if (!table) table = d.AddSectionDictionary("HAS_DECISIONS");
      auto* s = table->AddSectionDictionary("DECISION");
      s->SetIntValue("ID", dr.id);
      if (auto t = topic_of.find(dr.id); t != topic_of.end()) {
        auto* ts = s->AddSectionDictionary("TOPIC");
        ts->SetIntValue("MEETING_ID", dr.draft.meeting_id);
        ts->SetValue("CATEGORY", TopicCategoryLabel(t->second->topic.category));
        ts->SetValue("TITLE", t->second->topic.title);
        s->SetValue("OUTCOME", TopicOutcomeLabel(dr.draft.outcome));
      } else {
        auto* ps = s->AddSectionDictionary("PROJECT");
        ps->SetIntValue("PROJECT_ID", dr.draft.project_id);
        const Project* p = by_id.count(dr.draft.project_id) ? by_id[dr.draft.project_id] : nullptr;
        ps->SetValue("REFERENCE", p ? p->reference : "");
        ps->SetValue("TITLE", p ? p->title : "");
        s->SetValue("OUTCOME", OutcomeLabel(dr.draft.outcome));
      }
      s->SetValue("DATE", Day(*dr.signed_at));
      s->SetValue("BY", who(dr.signed_by));
      // The same rule as the store (CheckSecondSignatory): the page only
      // hides a button the server would refuse.
      s->ShowSection(CheckSecondSignatory(me, {dr.recorded_by, dr.signed_by}).ok() ? "CAN" : "OWN");
    }
    if (!table) d.ShowSection("NO_DECISION");
    table = nullptr;
    for (const auto& a : auths) {
      if (a.confirmed_at || a.revoked_at) continue;
      if (!table) table = d.AddSectionDictionary("HAS_AUTHS");
      auto* s = table->AddSectionDictionary("AUTH");
      s->SetIntValue("ID", a.id);
      s->SetIntValue("PROJECT_ID", a.project_id);
      s->SetValue("REFERENCE", by_id.count(a.project_id) ? by_id[a.project_id]->reference : "");
      s->SetValue("ACCOUNTS", Joined(a.accounts));
      s->SetValue("DOMAINS", DomainsText(a.scope.domains));
      s->SetValue("FROM", Day(a.valid_from));
      s->SetValue("UNTIL", Day(a.valid_until - std::chrono::seconds(1)));
      s->SetValue("DATE", Day(a.issued_at));
      s->SetValue("BY", who(a.issued_by));
      s->ShowSection(CheckSecondSignatory(me, {a.issued_by}).ok() ? "CAN" : "OWN");
    }
    if (!table) d.ShowSection("NO_AUTH");
  });
  return Status::Ok();
}

}  // namespace garant::server::gov::console
