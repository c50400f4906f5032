// The auditor's queue of cases (French, no JavaScript):
//   GET  /audit/alertes                    the queue, filtered by a GET form, with counts
//   GET  /audit/alertes/{id}               a case: its events, findings (explanation and
//                                          facts as a table), notes, history, actions
//   POST /audit/alertes/{id}/prendre       take the case (assign to me; new → under_review)
//   POST /audit/alertes/{id}/statut        justified | incident | reopen, with a note
//   POST /audit/alertes/{id}/note          add a note
// Every form carries the session's CSRF token. A refused form shows the case
// again with a French message (400 or 409) and nothing recorded; a change
// redirects to the case page (303) with a confirmation.
// Over 400 lines on purpose: the French labels (rules, severities, statuses,
// actions, facts, refusals) sit beside the two pages that use them.
#include <ctemplate/template.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>

#include "access/cases.h"
#include "access/labels_fr.h"
#include "access/own_events.h"
#include "garant/access/rules.h"
#include "garant/core/urlencoded.h"
#include "http/pages.h"
#include "http/reasons_fr.h"

namespace garant::server {
namespace {

using Dict = ctemplate::TemplateDictionary;
using access::CaseStatus;

std::string CaseHref(const std::string& id) { return "/audit/alertes/" + UrlEncode(id); }

void Severity(Dict* d, const std::string& severity) {
  d->SetValue("SEVERITY", severity);
  d->SetValue("SEVERITY_LABEL", SeverityLabel(severity));
}

// A fact's value, readable: times in Paris, a reason as its rule's label,
// text as is, numbers, oui/non, lists joined.
std::string FactText(std::string_view key, const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::string: {
      std::string text(v.get_string());
      TimePoint t;
      if (key.ends_with("_at") && ParseRfc3339(text, &t)) return ParisTime(t) + " (heure de Paris)";
      if (key == "reason") return RuleLabel(text);
      return text;
    }
    case boost::json::kind::bool_:
      return v.get_bool() ? "oui" : "non";
    case boost::json::kind::null:
      return "—";
    case boost::json::kind::array: {
      std::string out;
      for (const auto& x : v.get_array()) {
        if (!out.empty()) out += ", ";
        out += FactText(key, x);
      }
      return out.empty() ? "—" : out;
    }
    default:
      return boost::json::serialize(v);
  }
}

// ---- the queue ----

Status ShowQueue(HttpExchange& ex, CaseHttp& c) {
  std::string error;
  access::CaseQuery q;
  auto parsed = CaseQueryFrom(ex);
  access::CasePage page;
  std::array<int64_t, 4> counts{};
  if (parsed.ok()) {
    q = *parsed;
    q.limit = 50;
    auto listed = c.cases.List(q);
    if (listed.ok()) {
      page = std::move(*listed);
      GARANT_ASSIGN_OR_RETURN(counts, c.cases.CountByStatus(q));
    } else if (listed.status().code() == Code::kInvalidArgument) {
      error = "Un filtre est invalide (les dates s'écrivent AAAA-MM-JJ).";
    } else {
      return listed.status();
    }
  } else {
    error = "Un filtre est invalide (les dates s'écrivent AAAA-MM-JJ).";
  }
  GARANT_RETURN_IF_ERROR(RecordOwnRead(c.s, ex, "audit/alertes").status());
  auto value = [&](const char* name) { return ex.Query(name).value_or(""); };
  ex.SetHeader("Cache-Control", "no-store");
  ex.SendHtml(
      error.empty() ? 200 : 400,
      RenderPage("Alertes d'accès", "audit_alerts.tpl", ex.principal(), [&](Dict& d) {
        if (!error.empty()) d.AddSectionDictionary("ERROR")->SetValue("MESSAGE", error);
        for (CaseStatus st : access::kCaseStatuses) {
          auto* s = d.AddSectionDictionary("COUNT");
          s->SetValue("STATUS", std::string(access::ToString(st)));
          s->SetValue("LABEL", CaseStatusLabel(access::ToString(st)));
          s->SetValue("N", std::to_string(counts[static_cast<size_t>(st)]));
        }
        for (std::string_view r : access::RuleNames()) {
          auto* o = d.AddSectionDictionary("RULE_OPTION");
          o->SetValue("VALUE", std::string(r));
          o->SetValue("LABEL", RuleLabel(r));
          if (value("rule") == r) o->ShowSection("SELECTED");
        }
        for (const char* s : {"critical", "high", "medium", "low"}) {
          auto* o = d.AddSectionDictionary("SEVERITY_OPTION");
          o->SetValue("VALUE", s);
          o->SetValue("LABEL", SeverityLabel(s));
          if (value("severity") == s) o->ShowSection("SELECTED");
        }
        for (const char* s : {"open", "new", "under_review", "justified", "incident", "closed"}) {
          auto* o = d.AddSectionDictionary("STATUS_OPTION");
          o->SetValue("VALUE", s);
          o->SetValue("LABEL", CaseStatusLabel(s));
          if (value("status") == s) o->ShowSection("SELECTED");
        }
        d.SetValue("Q_ACCOUNT", value("account"));
        d.SetValue("Q_PROJECT", value("project"));
        d.SetValue("Q_FROM", value("from"));
        d.SetValue("Q_TO", value("to"));
        d.SetValue("SHOWN", std::to_string(page.cases.size()));
        if (page.cases.empty()) d.ShowSection("EMPTY");
        for (const access::CaseSummary& s : page.cases) {
          auto* row = d.AddSectionDictionary("CASE");
          row->SetValue("HREF", CaseHref(s.id));
          row->SetValue("DAY", FrenchDay(s.key.day));
          row->SetValue("ACCOUNT", s.key.account);
          Severity(row, s.severity);
          row->SetValue("STATUS", std::string(access::ToString(s.status)));
          row->SetValue("STATUS_LABEL", CaseStatusLabel(access::ToString(s.status)));
          row->SetValue("FINDINGS", std::to_string(s.finding_count));
          if (s.raised_since_closed) row->ShowSection("LATE");
          std::string rules;
          for (const auto& r : s.rules) rules += (rules.empty() ? "" : ", ") + RuleLabel(r);
          row->SetValue("RULES", rules);
          // One project a line: a comma-joined run of references does not wrap and
          // pushed the table past a 1280 px screen.
          for (const auto& p : s.projects)
            row->AddSectionDictionary("PROJECT")->SetValue("NAME", p);
          if (s.projects.empty()) row->ShowSection("NO_PROJECT");
          row->SetValue("ASSIGNEE", s.assignee ? s.assignee->display_name : "personne");
        }
        if (page.next_cursor) {
          std::string next;
          for (const char* k : {"rule", "severity", "account", "project", "status", "from", "to"}) {
            if (!value(k).empty()) next += std::string(k) + "=" + UrlEncode(value(k)) + "&";
          }
          d.AddSectionDictionary("NEXT")->SetValue(
              "HREF", "/audit/alertes?" + next + "cursor=" + UrlEncode(*page.next_cursor));
        }
      }));
  return Status::Ok();
}

// ---- a case ----

std::string OkMessage(const HttpExchange& ex) {
  static const std::map<std::string, std::string> kMessages = {
      {"pris", "Vous avez pris le dossier en charge."},
      {"justified", "Dossier clos : accès justifié."},
      {"incident", "Dossier clos : incident déclaré."},
      {"under_review", "Dossier rouvert."},
      {"note", "Note ajoutée."}};
  auto q = ex.Query("ok");
  if (!q) return "";
  auto it = kMessages.find(*q);
  return it == kMessages.end() ? "" : it->second;
}

// The refusal's French text, by its reason (http/reasons_fr.cc).
std::string FrenchError(const Status& st) {
  std::string_view french = FrenchReason(st.reason());
  return french.empty() ? "Cette action n'est pas possible." : std::string(french);
}

// A note's lines, as LINE sections (ctemplate's HTML escaping turns line
// breaks into spaces; the template joins the lines with <br>, in
// LINE_separator, which ctemplate shows between iterations).
void NoteLines(Dict* d, const std::string& note) {
  size_t start = 0;
  while (start <= note.size()) {
    size_t nl = note.find('\n', start);
    std::string line = note.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto* l = d->AddSectionDictionary("LINE");
    l->SetValue("TEXT", line);
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
}

std::string HistoryText(const access::CaseHistoryEntry& h) {
  if (h.kind == "assignment") {
    return h.assignee ? "Dossier confié à " + h.assignee->display_name : "Dossier libéré";
  }
  if (h.kind == "note") return "Note";
  return "Statut : " + CaseStatusLabel(access::ToString(*h.from)) + " → " +
         CaseStatusLabel(access::ToString(*h.to));
}

// Renders the case page (with `error` when a form was refused).
Status RenderCase(HttpExchange& ex, CaseHttp& c, int http_status, const std::string& error,
                  const std::string& note_text) {
  GARANT_ASSIGN_OR_RETURN(access::CaseDetail d, c.cases.Get(ex.params().at("id")));
  const access::CaseSummary& s = d.summary;
  const std::string ok = error.empty() ? OkMessage(ex) : "";
  const bool mine = s.assignee && ex.principal().kind == Principal::Kind::kStaff &&
                    std::to_string(s.assignee->id) == ex.principal().id;
  ex.SetHeader("Cache-Control", "no-store");
  ex.SendHtml(
      http_status,
      RenderPage("Dossier " + FrenchDay(s.key.day) + " — " + s.key.account, "audit_case.tpl",
                 ex.principal(), [&](Dict& p) {
                   p.SetValue("CSRF_TOKEN", ex.principal().csrf_token);
                   p.SetValue("ID", s.id);
                   p.SetValue("ACTION_BASE", CaseHref(s.id));
                   p.SetValue("DAY", FrenchDay(s.key.day));
                   p.SetValue("ACCOUNT", s.key.account);
                   p.SetValue("STATUS", std::string(access::ToString(s.status)));
                   p.SetValue("STATUS_LABEL", CaseStatusLabel(access::ToString(s.status)));
                   Severity(&p, s.severity);
                   p.SetValue("FINDING_COUNT", std::to_string(s.finding_count));
                   if (s.raised_since_closed) p.ShowSection("LATE");
                   p.SetValue("ASSIGNEE", s.assignee ? s.assignee->display_name : "personne");
                   p.SetValue("NOTE_TEXT", note_text);
                   if (!error.empty()) p.AddSectionDictionary("ERROR")->SetValue("MESSAGE", error);
                   if (!ok.empty()) p.AddSectionDictionary("OK")->SetValue("MESSAGE", ok);
                   // Actions by status.
                   if (access::IsOpen(s.status) && (!mine || s.status == CaseStatus::kNew)) {
                     p.AddSectionDictionary("TAKE")->SetValue(
                         "EXPECTED", std::string(access::ToString(s.status)));
                   }
                   if (s.status == CaseStatus::kUnderReview) p.ShowSection("DECIDE");
                   if (!access::IsOpen(s.status)) p.ShowSection("REOPEN");
                   // The events.
                   for (const access::CaseEvent& e : d.events) {
                     auto* r = p.AddSectionDictionary("EVENT");
                     r->SetValue("TIME", ParisTime(e.occurred_at));
                     r->SetValue("ACTION", ActionLabel(e.action));
                     r->SetValue("PROJECT", e.project.value_or("—"));
                     r->SetValue("OUTCOME", OutcomeLabel(e.outcome));
                     r->SetValue("PATIENTS", e.patient_count ? std::to_string(*e.patient_count)
                                                             : std::string("—"));
                     r->SetValue("INDEX", std::to_string(e.index));
                   }
                   // The findings, each with its facts as a table.
                   int n = 0;
                   for (const access::StoredFinding& f : d.findings) {
                     auto* r = p.AddSectionDictionary("FINDING");
                     r->SetValue("N", std::to_string(++n));
                     r->SetValue("RULE", f.rule);
                     r->SetValue("RULE_LABEL", RuleLabel(f.rule));
                     Severity(r, f.severity);
                     r->SetValue("TIME", ParisTime(f.occurred_at));
                     r->SetValue("EXPLANATION", f.explanation);
                     r->SetValue("INDEX", std::to_string(f.audit_index));
                     r->SetValue("EVENT_INDEX", std::to_string(f.event_index));
                     boost::system::error_code ec;
                     boost::json::value facts = boost::json::parse(f.facts, ec);
                     if (!ec && facts.is_object() && !facts.get_object().empty()) {
                       for (const auto& [k, v] : facts.get_object()) {
                         auto* fact = r->AddSectionDictionary("FACT");
                         fact->SetValue("KEY", FactLabel(k));
                         fact->SetValue("VALUE", FactText(k, v));
                       }
                     } else {
                       r->ShowSection("NO_FACTS");
                     }
                   }
                   // Notes and history.
                   for (const access::CaseHistoryEntry& h : d.history) {
                     auto* r = p.AddSectionDictionary("HISTORY");
                     r->SetValue("TIME", ParisTime(h.at));
                     r->SetValue("ACTOR", h.actor.display_name);
                     r->SetValue("WHAT", HistoryText(h));
                     r->SetValue("INDEX", std::to_string(h.audit_index));
                     if (h.note) NoteLines(r->AddSectionDictionary("NOTE"), *h.note);
                     if (h.note) {
                       auto* note = p.AddSectionDictionary("NOTE_ITEM");
                       note->SetValue("TIME", ParisTime(h.at));
                       note->SetValue("ACTOR", h.actor.display_name);
                       NoteLines(note, *h.note);
                     }
                   }
                   if (d.history.empty()) {
                     p.ShowSection("NO_HISTORY");
                   } else {
                     p.ShowSection("HAS_HISTORY");
                   }
                   if (std::none_of(
                           d.history.begin(), d.history.end(),
                           [](const access::CaseHistoryEntry& h) { return h.note.has_value(); })) {
                     p.ShowSection("NO_NOTES");
                   }
                 }));
  return Status::Ok();
}

Status ShowCase(HttpExchange& ex, CaseHttp& c) {
  GARANT_RETURN_IF_ERROR(RecordOwnRead(c.s, ex, "audit/alertes/" + ex.params().at("id")).status());
  return RenderCase(ex, c, 200, "", "");
}

std::string FormValue(const std::map<std::string, std::string>& f, const std::string& k) {
  auto it = f.find(k);
  return it == f.end() ? "" : it->second;
}

// Runs a change posted by a form: a redirect on success, the case page again
// with the French refusal otherwise (kNotFound and failures of the database
// go to the dispatcher).
template <typename Fn>
Status Change(HttpExchange& ex, CaseHttp& c, const std::string& ok, Fn&& fn) {
  GARANT_ASSIGN_OR_RETURN(int64_t actor, ReviewerId(ex.principal()));
  GARANT_ASSIGN_OR_RETURN(auto form, ex.FormBody());
  Result<access::CaseChange> done = fn(form, actor);
  if (done.ok()) {
    ex.Redirect(CaseHref(done->summary.id) + "?ok=" + ok);
    return Status::Ok();
  }
  const Code code = done.status().code();
  if (code != Code::kInvalidArgument && code != Code::kConflict) return done.status();
  return RenderCase(ex, c, code == Code::kConflict ? 409 : 400, FrenchError(done.status()),
                    FormValue(form, "note"));
}

std::optional<CaseStatus> StatusOf(const std::map<std::string, std::string>& f,
                                   const std::string& k) {
  return access::ParseCaseStatus(FormValue(f, k));
}

Status PostTake(HttpExchange& ex, CaseHttp& c) {
  return Change(ex, c, "pris", [&](const auto& form, int64_t actor) -> Result<access::CaseChange> {
    auto expected = StatusOf(form, "expected");
    if (!expected)
      return Status::InvalidArgument("expected status missing").WithReason(kReasonFormIncomplete);
    return c.cases.Take(ex.params().at("id"), *expected, actor);
  });
}

Status PostStatus(HttpExchange& ex, CaseHttp& c) {
  // The redirect's confirmation depends on the target: read it first.
  auto form = ex.FormBody();
  const std::string to_text = form.ok() ? FormValue(*form, "to") : "";
  return Change(
      ex, c, access::ParseCaseStatus(to_text) ? to_text : "note",
      [&](const auto& f, int64_t actor) -> Result<access::CaseChange> {
        auto from = StatusOf(f, "from");
        auto to = StatusOf(f, "to");
        if (!from || !to)
          return Status::InvalidArgument("status missing").WithReason(kReasonFormIncomplete);
        std::string note = FormValue(f, "note");
        std::optional<std::string> n;
        if (!note.empty()) n = note;
        return c.cases.Transition(ex.params().at("id"), *from, *to, n, actor);
      });
}

Status PostNote(HttpExchange& ex, CaseHttp& c) {
  return Change(ex, c, "note", [&](const auto& f, int64_t actor) -> Result<access::CaseChange> {
    return c.cases.AddNote(ex.params().at("id"), FormValue(f, "note"), actor);
  });
}

}  // namespace

void AddCaseConsoleRoutes(Router& router, std::shared_ptr<CaseHttp> ctx) {
  auto bind = [ctx](Status (*h)(HttpExchange&, CaseHttp&)) -> Handler {
    return [ctx, h](HttpExchange& ex) { return h(ex, *ctx); };
  };
  router.Add({.method = "GET",
              .pattern = "/audit/alertes",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kCaseRoles,
              .csrf = CsrfRule::kNone,
              .handler = bind(ShowQueue)});
  router.Add({.method = "GET",
              .pattern = "/audit/alertes/{id}",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kCaseRoles,
              .csrf = CsrfRule::kNone,
              .handler = bind(ShowCase)});
  const std::pair<const char*, Status (*)(HttpExchange&, CaseHttp&)> forms[] = {
      {"/audit/alertes/{id}/prendre", PostTake},
      {"/audit/alertes/{id}/statut", PostStatus},
      {"/audit/alertes/{id}/note", PostNote}};
  for (const auto& [pattern, handler] : forms) {
    router.Add({.method = "POST",
                .pattern = pattern,
                .kind = ResponseKind::kHtml,
                .access = Access::kRoles,
                .roles = kCaseRoles,
                .csrf = CsrfRule::kSession,
                .handler = bind(handler)});
  }
}

}  // namespace garant::server
