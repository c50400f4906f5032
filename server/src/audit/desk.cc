// The auditor's desk (issue 11, "Views" and "Answering a person"), French
// pages and their JSON API beside them:
//   GET  /audit                       the period overview, above the entry search (console.cc)
//   GET  /audit/personne              the form of a person's trail
//   POST /audit/personne              traits or token(s) → the trail (CSRF; traits never in a URL)
//   GET  /audit/compte[/{account}]    an account's activity over a period
//   GET  /audit/projet[/{reference}]  a project's report, printable as the committee's letter
//   GET  /console/demandes/acces      the DPO's form; POST: the letter to the person
//   POST /api/v1/audit/person-trail   {"traits": {...}} or {"tokens": [...]}
//   GET  /api/v1/audit/accounts/{account}, /api/v1/audit/projects/{reference},
//        /api/v1/audit/overview       (?from=&to=, RFC 3339 or AAAA-MM-JJ)
// Every view is recorded first as garant's own access event (action view,
// account = the staff member's actor, source "garant", reporter
// service:garantd; the person's tokens as its patients): a view that cannot
// be recorded is not shown. The traits are used in memory only, to compute
// the tokens (current and previous pseudonymisation keys); they are never
// logged, stored, put in a URL or echoed back in the page.
//
// Over 400 lines: the five pages share their period parsing, their chart and
// label helpers, and their recording; split, each file would repeat them.
#include <ctemplate/template.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <set>

#include "access/cases.h"
#include "access/labels_fr.h"
#include "access/own_events.h"
#include "audit/http.h"
#include "audit/witnesses.h"
#include "garant/access/cases.h"
#include "garant/access/event.h"
#include "garant/access/rules.h"
#include "garant/access/store.h"
#include "garant/access/views.h"
#include "garant/audit/recorder.h"
#include "garant/consent/identity.h"
#include "garant/consent/objection.h"
#include "garant/consent/pseudonym.h"
#include "garant/core/bytes.h"
#include "garant/core/clock.h"
#include "garant/core/dates.h"
#include "garant/core/decimal.h"
#include "garant/core/urlencoded.h"
#include "garant/governance/reasons.h"
#include "governance/http.h"
#include "http/pages.h"
#include "http/reasons_fr.h"
#include "objections/forms.h"

namespace garant::server {

using access::Count;
using access::Period;
using access::TrailEntry;

namespace {

const std::vector<std::string> kDeskRoles = {kRoleAuditor, kRoleDpo};
const std::vector<std::string> kLetterRoles = {kRoleDpo};
constexpr size_t kMaxPastedTokens = 10;
constexpr size_t kHashGroup = 16;  // characters of an export's SHA-256 per line

// ---- labels -----------------------------------------------------------------

std::string FormalityLabel(std::string_view f) {
  if (f == "mr-004") return "méthodologie de référence MR-004 de la CNIL";
  if (f == "mr-003") return "méthodologie de référence MR-003 de la CNIL";
  if (f == "mr-001") return "méthodologie de référence MR-001 de la CNIL";
  if (f == "cnil_authorisation") return "autorisation de la CNIL";
  return "autre formalité";
}
std::string TimingLabel(access::ObjectionTiming t) {
  switch (t) {
    case access::ObjectionTiming::kBefore:
      return "avant l'opposition";
    case access::ObjectionTiming::kWhileEffective:
      return "après l'opposition, alors qu'elle était en vigueur";
    case access::ObjectionTiming::kNotCovered:
      return "après l'opposition, hors de sa portée (autre projet)";
    case access::ObjectionTiming::kAfterWithdrawal:
      return "après le retrait de l'opposition";
  }
  return "";
}
// An objection's scope in the third person, for the auditor (the patient's
// pages say "vos données": objections/forms.h ScopeLabel).
std::string AuditorScopeLabel(const std::string& scope) {
  if (scope == "all") return "toute utilisation dans CONTACT";
  if (scope.rfind("project:", 0) == 0) return "le projet " + scope.substr(8);
  return scope;
}

// "30/11/2026" (Paris).
std::string ParisDate(TimePoint t) { return ParisTime(t).substr(0, 10); }
// "2026-11-30" (the Paris calendar day of t).
using access::ParisIsoDay;

// The cases of an account whose day falls in `period` (newest first, at most
// 50). Read before the caller takes its own connection from the pool.
Result<access::CasePage> AccountCases(AuditHttp& ctx, const std::string& account,
                                      const Period& period) {
  access::CaseQuery q;
  q.account = account;
  if (period.from) q.from_day = ParisIsoDay(*period.from);
  if (period.to) q.to_day = ParisIsoDay(*period.to - std::chrono::microseconds(1));
  q.limit = 50;
  access::CaseStore cases(ctx.s.pool, ctx.s.audit_log(), ctx.s.clock, ctx.s.random);
  return cases.List(q);
}

// ---- periods ----------------------------------------------------------------

// `du`/`au` (pages) or `from`/`to` (API): ParsePeriodBound (a Paris day,
// the end day included, or an RFC 3339 instant, `to` then exclusive).
Result<Period> ReadPeriod(HttpExchange& ex, const char* from_name, const char* to_name) {
  Period p;
  for (bool end : {false, true}) {
    auto v = ex.Query(end ? to_name : from_name);
    if (!v || v->empty()) continue;
    const std::optional<TimePoint> t = ParsePeriodBound(*v, end);
    if (!t) {
      return Status::InvalidArgument(
                 std::string(end ? to_name : from_name) +
                 " must be a day (JJ/MM/AAAA or AAAA-MM-JJ) or an RFC 3339 time")
          .WithReason("invalid_date");
    }
    (end ? p.to : p.from) = *t;
  }
  if (p.from && p.to && *p.to <= *p.from) {
    return Status::InvalidArgument("the period ends before it starts").WithReason("invalid_date");
  }
  return p;
}

// The period's date fields (Q_FROM, Q_TO): DateInputValue of its bounds.
void SetPeriodInputs(ctemplate::TemplateDictionary& d, const Period& p) {
  d.SetValue("Q_FROM", DateInputValue(p.from, false));
  d.SetValue("Q_TO", DateInputValue(p.to, true));
}

std::string PeriodText(const Period& p) {
  if (!p.from && !p.to) return "depuis le début du journal";
  if (p.from && !p.to) return "depuis le " + ParisTime(*p.from);
  if (!p.from) return "jusqu'au " + ParisTime(*p.to) + " (exclu)";
  return "du " + ParisTime(*p.from) + " au " + ParisTime(*p.to) + " (exclu)";
}

// ---- recording --------------------------------------------------------------

// Records the view as garant's own access event, before it is shown.
Status RecordView(AuditHttp& ctx, const HttpExchange& ex, const std::string& what,
                  const std::vector<std::string>& tokens = {}) {
  return RecordOwnRead(ctx.s, ex, what, access::Action::kView, tokens).status();
}

// ---- identity → tokens ------------------------------------------------------

struct TokenRequest {
  std::vector<std::string> tokens;
  std::vector<consent::FieldError> errors;  // invalid traits (French: FrenchFieldError)
  std::string problem;                      // other problem, French
  bool by_traits = false;
};

std::string Field(const std::map<std::string, std::string>& m, const char* k) {
  auto it = m.find(k);
  return it == m.end() ? std::string() : it->second;
}
bool Blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

// From the form's fields (or the API's object): either pasted tokens, or the
// identity traits, tokenised under the current and previous keys.
TokenRequest Tokens(AuditHttp& ctx, const std::map<std::string, std::string>& f) {
  TokenRequest out;
  std::string pasted = Field(f, "token");
  if (!Blank(pasted)) {
    std::string cur;
    std::set<std::string> seen;
    pasted += ' ';
    for (char c : pasted) {
      if (c == ' ' || c == ',' || c == '\n' || c == '\r' || c == '\t') {
        if (cur.empty()) continue;
        for (char& x : cur) x = static_cast<char>(std::tolower(static_cast<unsigned char>(x)));
        if (!access::IsLowerHex64(cur)) {
          out.problem = "Un jeton s'écrit avec 64 caractères hexadécimaux (0-9, a-f).";
          return out;
        }
        if (seen.insert(cur).second) out.tokens.push_back(cur);
        cur.clear();
      } else {
        cur += c;
      }
    }
    if (out.tokens.size() > kMaxPastedTokens) {
      out.problem = "Au plus 10 jetons à la fois.";
      out.tokens.clear();
    }
    return out;
  }
  out.by_traits = true;
  consent::IdentityTraits t;
  t.birth_name = Field(f, "birth_name");
  if (!Blank(Field(f, "used_name"))) t.used_name = Field(f, "used_name");
  t.given_names = Field(f, "given_names");
  // Typed as on the public forms: JJ/MM/AAAA (or AAAA-MM-JJ, 00 when unknown),
  // the carte Vitale's grouping for the INS.
  t.birth_date = consent::TypedBirthDate(Field(f, "birth_date"));
  t.sex = Field(f, "sex");
  if (!Blank(Field(f, "ins"))) t.ins = consent::TypedIns(Field(f, "ins"));
  const int year = consent::UtcYear(ctx.s.clock.Now());
  out.errors = consent::ValidateIdentity(t, year);
  if (!out.errors.empty()) return out;
  auto current = consent::ComputeTokens(ctx.s.keys.pseudonymisation, t, year);
  if (!current.ok()) {
    out.problem = "Les traits d'identité ne sont pas valides.";
    return out;
  }
  out.tokens = *current;
  if (ctx.s.keys.previous_pseudonymisation) {
    auto previous = consent::ComputeTokens(*ctx.s.keys.previous_pseudonymisation, t, year);
    if (previous.ok()) {
      for (auto& tok : *previous) out.tokens.push_back(std::move(tok));
    }
  }
  return out;
}

void FillTokenErrors(const TokenRequest& tr, ctemplate::TemplateDictionary& d) {
  if (!tr.problem.empty()) d.AddSectionDictionary("FORM_ERROR")->SetValue("MESSAGE", tr.problem);
  for (const auto& e : tr.errors) {
    auto* fe = d.AddSectionDictionary("FIELD_ERROR");
    fe->SetValue("FIELD", e.field);
    fe->SetValue("MESSAGE", FrenchFieldError(e));
  }
}

// ---- charts -----------------------------------------------------------------

// A horizontal bar chart (inline SVG, no script) with its title and
// description, and the same data as a table (audit_chart.tpl).
void AddChart(ctemplate::TemplateDictionary& d, const std::string& section, const std::string& id,
              const std::string& title, const std::vector<std::pair<std::string, int64_t>>& data) {
  auto* inc = d.AddIncludeDictionary(section);
  inc->SetFilename("audit_chart.tpl");
  inc->SetValue("ID", id);
  inc->SetValue("TITLE", title);
  constexpr int kRow = 22, kBar = 240;
  int64_t max = 1;
  size_t longest = 0;  // in characters (UTF-8 code points)
  std::string desc;
  for (const auto& [k, v] : data) {
    max = std::max(max, v);
    desc += (desc.empty() ? "" : " ; ") + k + " : " + std::to_string(v);
    const auto chars = static_cast<size_t>(
        std::count_if(k.begin(), k.end(), [](char c) { return (c & 0xC0) != 0x80; }));
    longest = std::max(longest, chars);
  }
  // The labels are right-aligned before the bars: their column is as wide
  // as the longest (about 6.6 px a character at 12 px), so none is cut on
  // the left; the SVG scales down to its box when it is wider.
  const int label_width = std::clamp(static_cast<int>(longest) * 33 / 5 + 12, 160, 460);
  inc->SetValue("DESC", data.empty() ? "aucune donnée sur la période" : desc);
  inc->SetIntValue("HEIGHT", std::max<int>(kRow, kRow * static_cast<int>(data.size())));
  inc->SetIntValue("WIDTH", label_width + kBar + 50);
  if (data.empty()) inc->ShowSection("EMPTY");
  int y = 0;
  for (const auto& [k, v] : data) {
    auto* b = inc->AddSectionDictionary("BAR");
    b->SetValue("LABEL", k);
    b->SetValue("COUNT", std::to_string(v));
    b->SetIntValue("Y", y + 4);
    b->SetIntValue("TY", y + 16);
    b->SetIntValue("X", label_width);
    b->SetIntValue("LX", label_width - 6);
    int w = static_cast<int>(kBar * v / max);
    b->SetIntValue("W", std::max(w, v > 0 ? 2 : 0));
    b->SetIntValue("VX", label_width + std::max(w, 2) + 6);
    y += kRow;
  }
}

std::vector<std::pair<std::string, int64_t>> Days(const std::vector<Count>& v) {
  std::vector<std::pair<std::string, int64_t>> out;
  for (const Count& c : v) out.emplace_back(FrenchDay(c.key), c.count);
  return out;
}
std::vector<std::pair<std::string, int64_t>> Labelled(const std::vector<Count>& v,
                                                      std::string (*label)(std::string_view)) {
  std::vector<std::pair<std::string, int64_t>> out;
  for (const Count& c : v) {
    out.emplace_back(c.key.empty() ? "(sans projet)" : label ? label(c.key) : c.key, c.count);
  }
  return out;
}

// ---- rows -------------------------------------------------------------------

void FillEntry(ctemplate::TemplateDictionary* r, const TrailEntry& e) {
  r->SetValue("TIME", ParisTime(e.occurred_at));
  r->SetValue("ACCOUNT", e.account);
  r->SetValue("ORGANISATION", e.organisation.value_or("—"));
  r->SetValue("ACTION", ActionLabel(e.action));
  r->SetValue("PROJECT", e.project.value_or("—"));
  if (e.project) r->AddSectionDictionary("PROJECT_LINK")->SetValue("REF", *e.project);
  r->SetValue("NO_PROJECT", e.project ? "" : "—");
  r->SetValue("DECISION", e.decision ? "n° " + std::to_string(*e.decision) : "—");
  r->SetValue("PURPOSE", e.purpose ? PurposeLabel(*e.purpose) : "—");
  r->SetValue("OUTCOME", OutcomeLabel(e.outcome));
  r->SetValue("PATIENTS", e.patient_count ? std::to_string(*e.patient_count) : "—");
  r->SetValue("INDEX", std::to_string(e.audit_index));
  r->SetValue("ID", e.id);
  std::string f;
  for (const auto& rule : e.findings) f += (f.empty() ? "" : ", ") + RuleLabel(rule);
  r->SetValue("FINDINGS", f.empty() ? "aucune" : f);
  if (!e.findings.empty()) r->ShowSection("HAS_FINDINGS");
  if (e.pruned_at) {
    // Retention removed the leaf: what came from it is no longer known.
    for (const char* k : {"ORGANISATION", "DECISION", "PURPOSE"}) r->SetValue(k, "supprimé");
    r->AddSectionDictionary("PRUNED")->SetValue("NOTICE",
                                                PrunedNoticeFr(*e.pruned_at, e.retention_days));
  }
}

boost::json::object EntryJsonOf(const TrailEntry& e) {
  boost::json::object o;
  o["id"] = e.id;
  o["index"] = e.audit_index;
  o["occurred_at"] = FormatRfc3339Utc(e.occurred_at);
  o["account"] = e.account;
  o["action"] = e.action;
  o["outcome"] = e.outcome;
  auto opt = [&](const char* k, const std::optional<std::string>& v) {
    o[k] = v ? boost::json::value(*v) : boost::json::value(nullptr);
  };
  opt("project", e.project);
  opt("organisation", e.organisation);
  opt("account_role", e.account_role);
  opt("purpose", e.purpose);
  o["decision"] = e.decision ? boost::json::value(*e.decision) : boost::json::value(nullptr);
  o["source"] = e.pruned_at ? boost::json::value(nullptr) : boost::json::value(e.source);
  o["patient_count"] =
      e.patient_count ? boost::json::value(*e.patient_count) : boost::json::value(nullptr);
  boost::json::array f;
  for (const auto& r : e.findings) f.emplace_back(r);
  o["findings"] = std::move(f);
  o["by_garant"] = e.by_garant;
  o["pruned"] = e.pruned_at.has_value();
  if (e.pruned_at) {
    o["pruned_at"] = FormatRfc3339Utc(*e.pruned_at);
    o["retention_days"] =
        e.retention_days ? boost::json::value(*e.retention_days) : boost::json::value(nullptr);
  }
  return o;
}
boost::json::array CountsJson(const std::vector<Count>& v) {
  boost::json::array a;
  for (const Count& c : v) a.push_back(boost::json::object{{"key", c.key}, {"count", c.count}});
  return a;
}
boost::json::value TimeJson(const std::optional<TimePoint>& t) {
  return t ? boost::json::value(FormatRfc3339Utc(*t)) : boost::json::value(nullptr);
}
boost::json::object PeriodJson(const Period& p) {
  return {{"from", TimeJson(p.from)}, {"to", TimeJson(p.to)}};
}

// ---- person -----------------------------------------------------------------

void FillPersonForm(ctemplate::TemplateDictionary& d, const HttpExchange& ex,
                    const std::string& action) {
  d.SetValue("CSRF_TOKEN", ex.principal().csrf_token);
  d.SetValue("ACTION", action);
}

void FillObjections(ctemplate::TemplateDictionary& d, const access::PersonTrail& t) {
  d.SetIntValue("OBJECTION_COUNT", static_cast<long>(t.objections.size()));
  if (t.objections.empty()) d.ShowSection("NO_OBJECTION");
  ctemplate::TemplateDictionary* table =
      t.objections.empty() ? nullptr : d.AddSectionDictionary("OBJECTIONS");
  for (const auto& o : t.objections) {
    auto* r = table->AddSectionDictionary("OBJECTION");
    r->SetValue("REFERENCE", o.reference);
    r->SetValue("SCOPE", AuditorScopeLabel(o.scope));
    r->SetValue("RECEIVED", ParisDate(o.received_at));
    r->SetValue("EFFECTIVE", ParisTime(o.effective_at));
    const auto status = consent::ParseObjectionStatus(o.status);
    r->SetValue("STATUS", status ? std::string(ObjectionStatusLabel(*status)) : o.status);
    r->SetValue("WITHDRAWN", o.withdrawn_at ? ParisTime(*o.withdrawn_at) : "—");
  }
}

Status ShowPersonForm(HttpExchange& ex) {
  ex.SendHtml(200, RenderPage("Suivi d'une personne", "audit_person.tpl", ex.principal(),
                              [&](ctemplate::TemplateDictionary& d) {
                                FillPersonForm(d, ex, "/audit/personne");
                              }));
  return Status::Ok();
}

Status PostPerson(HttpExchange& ex, AuditHttp& ctx) {
  GARANT_ASSIGN_OR_RETURN(auto fields, ex.FormBody());
  TokenRequest tr = Tokens(ctx, fields);
  fields.clear();  // the traits are not kept beyond this point
  if (tr.tokens.empty()) {
    if (tr.problem.empty() && tr.errors.empty()) tr.problem = "Saisissez les traits ou un jeton.";
    ex.SendHtml(400, RenderPage("Suivi d'une personne", "audit_person.tpl", ex.principal(),
                                [&](ctemplate::TemplateDictionary& d) {
                                  FillPersonForm(d, ex, "/audit/personne");
                                  FillTokenErrors(tr, d);
                                }));
    return Status::Ok();
  }
  GARANT_RETURN_IF_ERROR(RecordView(ctx, ex, "audit/personne", tr.tokens));
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, ctx.s.pool.Acquire());
  GARANT_ASSIGN_OR_RETURN(access::PersonTrail t, access::ReadPersonTrail(*conn, tr.tokens));
  ex.SendHtml(
      200, RenderPage(
               "Suivi d'une personne", "audit_person.tpl", ex.principal(),
               [&](ctemplate::TemplateDictionary& d) {
                 FillPersonForm(d, ex, "/audit/personne");
                 auto* res = d.AddSectionDictionary("RESULT");
                 res->SetValue("BY", tr.by_traits ? "les traits d'identité saisis"
                                                  : "le ou les jetons collés");
                 res->SetIntValue("TOKEN_COUNT", static_cast<long>(tr.tokens.size()));
                 int64_t accesses = 0, views = 0;
                 for (const TrailEntry& e : t.entries) {
                   auto* r = res->AddSectionDictionary(e.by_garant ? "VIEW" : "ACCESS");
                   FillEntry(r, e);
                   (e.by_garant ? views : accesses)++;
                   if (e.by_garant) continue;
                   std::string timing;
                   for (const auto& o : t.objections) {
                     timing += (timing.empty() ? "" : " ; ") + o.reference + " : " +
                               TimingLabel(access::TimingOf(e, o));
                   }
                   r->SetValue("TIMING", timing.empty() ? "—" : timing);
                   if (!t.objections.empty() &&
                       std::any_of(t.objections.begin(), t.objections.end(), [&](const auto& o) {
                         return access::TimingOf(e, o) == access::ObjectionTiming::kWhileEffective;
                       })) {
                     r->ShowSection("AFTER_OBJECTION");
                   }
                 }
                 res->SetIntValue("ACCESS_COUNT", accesses);
                 res->SetIntValue("VIEW_COUNT", views);
                 if (accesses == 0) res->ShowSection("NO_ACCESS");
                 FillObjections(*res, t);
               }));
  return Status::Ok();
}

Status ApiPersonTrail(HttpExchange& ex, AuditHttp& ctx) {
  GARANT_ASSIGN_OR_RETURN(boost::json::object body, ex.JsonBody());
  std::map<std::string, std::string> f;
  if (auto* tr = body.if_contains("traits"); tr && tr->is_object()) {
    for (const auto& [k, v] : tr->as_object()) {
      if (!v.is_string()) return Status::InvalidArgument("traits: every field is a string");
      f[std::string(k)] = std::string(v.as_string());
    }
  } else if (auto* toks = body.if_contains("tokens"); toks && toks->is_array()) {
    std::string joined;
    for (const auto& v : toks->as_array()) {
      if (!v.is_string()) return Status::InvalidArgument("tokens: an array of strings");
      joined += std::string(v.as_string()) + " ";
    }
    f["token"] = joined;
  } else {
    return Status::InvalidArgument("expected {\"traits\": {...}} or {\"tokens\": [...]}");
  }
  TokenRequest tr = Tokens(ctx, f);
  f.clear();
  if (!tr.errors.empty()) return ToStatus(tr.errors.front());
  if (tr.tokens.empty()) return Status::InvalidArgument("no valid token");
  GARANT_RETURN_IF_ERROR(RecordView(ctx, ex, "api/audit/person-trail", tr.tokens));
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, ctx.s.pool.Acquire());
  GARANT_ASSIGN_OR_RETURN(access::PersonTrail t, access::ReadPersonTrail(*conn, tr.tokens));
  boost::json::array entries, objections;
  for (const TrailEntry& e : t.entries) {
    boost::json::object o = EntryJsonOf(e);
    boost::json::array timing;
    for (const auto& ob : t.objections) {
      timing.push_back({{"reference", ob.reference},
                        {"timing", std::string(access::ToString(access::TimingOf(e, ob)))}});
    }
    o["objections"] = std::move(timing);
    entries.push_back(std::move(o));
  }
  for (const auto& o : t.objections) {
    objections.push_back({{"reference", o.reference},
                          {"scope", o.scope},
                          {"status", o.status},
                          {"received_at", FormatRfc3339Utc(o.received_at)},
                          {"effective_at", FormatRfc3339Utc(o.effective_at)},
                          {"withdrawn_at", TimeJson(o.withdrawn_at)}});
  }
  ex.SendJson(200, boost::json::object{{"token_count", tr.tokens.size()},
                                       {"entries", std::move(entries)},
                                       {"objections", std::move(objections)}});
  return Status::Ok();
}

// ---- account ----------------------------------------------------------------

bool ValidReference(const std::string& r) {
  return r.size() >= 3 && r.size() <= 32 && std::all_of(r.begin(), r.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
         });
}
Status BadReference() {
  return Status::InvalidArgument("a project reference is [A-Z0-9][A-Z0-9-]{2,31}")
      .WithReason("invalid_reference");
}

bool ValidAccount(const std::string& a) {
  return !a.empty() && a.size() <= 128 && std::all_of(a.begin(), a.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '@' ||
           c == ':' || c == '-';
  });
}

// The account grammar is governance's identifier: its reason's French text
// names it (http/reasons_fr.cc).
Status BadAccount() {
  return Status::InvalidArgument("an account is [A-Za-z0-9._@:-]{1,128}")
      .WithReason(governance::reason::kInvalidIdentifier);
}

Status ShowAccount(HttpExchange& ex, AuditHttp& ctx) {
  const std::string account = ex.params().at("account");
  if (!ValidAccount(account)) {
    return BadAccount();
  }
  GARANT_ASSIGN_OR_RETURN(Period period, ReadPeriod(ex, "du", "au"));
  GARANT_RETURN_IF_ERROR(RecordView(ctx, ex, "audit/compte/" + account));
  GARANT_ASSIGN_OR_RETURN(access::CasePage cases, AccountCases(ctx, account, period));
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, ctx.s.pool.Acquire());
  GARANT_ASSIGN_OR_RETURN(access::AccountTrail t, access::ReadAccountTrail(*conn, account, period));
  ex.SendHtml(
      200, RenderPage(
               "Suivi du compte " + account, "audit_account.tpl", ex.principal(),
               [&](ctemplate::TemplateDictionary& d) {
                 d.SetValue("ACCOUNT", account);
                 SetPeriodInputs(d, period);
                 d.SetValue("PERIOD", PeriodText(period));
                 d.SetIntValue("EVENTS", t.events);
                 d.SetIntValue("PATIENTS", t.patients);
                 d.SetIntValue("FINDING_COUNT", static_cast<long>(t.findings.size()));
                 AddChart(d, "DAY_CHART", "jours", "Accès par jour (heure de Paris)",
                          Days(t.per_day));
                 AddChart(d, "ACTION_CHART", "actions", "Accès par action",
                          Labelled(t.actions, [](std::string_view s) { return ActionLabel(s); }));
                 for (const Count& c : t.projects) {
                   auto* r = d.AddSectionDictionary("PROJECT");
                   r->SetValue("NO_LINK", c.key.empty() ? "(sans projet)" : "");
                   if (!c.key.empty()) r->AddSectionDictionary("LINK")->SetValue("REF", c.key);
                   r->SetValue("COUNT", std::to_string(c.count));
                 }
                 if (t.authorisations.empty()) d.ShowSection("NO_AUTHORISATION");
                 ctemplate::TemplateDictionary* auth_table =
                     t.authorisations.empty() ? nullptr : d.AddSectionDictionary("AUTHORISATIONS");
                 for (const auto& a : t.authorisations) {
                   auto* r = auth_table->AddSectionDictionary("AUTHORISATION");
                   r->SetValue("ID", std::to_string(a.id));
                   r->SetValue("PROJECT", a.project);
                   r->SetValue("DECISION", std::to_string(a.decision_id));
                   r->SetValue("FROM", ParisDate(a.valid_from));
                   r->SetValue("UNTIL", ParisDate(a.valid_until));
                   std::string dom;
                   for (const auto& x : a.domains) dom += (dom.empty() ? "" : ", ") + x;
                   r->SetValue("DOMAINS", dom);
                   r->SetValue("REVOKED", a.revoked_at ? ParisTime(*a.revoked_at) : "—");
                 }
                 if (t.findings.empty()) d.ShowSection("NO_FINDING");
                 ctemplate::TemplateDictionary* finding_table =
                     t.findings.empty() ? nullptr : d.AddSectionDictionary("FINDINGS");
                 for (const auto& f : t.findings) {
                   auto* r = finding_table->AddSectionDictionary("FINDING");
                   r->SetValue("TIME", ParisTime(f.occurred_at));
                   r->SetValue("RULE", RuleLabel(f.rule));
                   r->SetValue("SEVERITY", SeverityLabel(f.severity));
                   r->SetValue("PROJECT", f.project.value_or("—"));
                   r->SetValue("EXPLANATION", f.explanation);
                   r->SetValue("INDEX", std::to_string(f.event_index));
                 }
                 if (cases.cases.empty()) d.ShowSection("NO_CASE");
                 ctemplate::TemplateDictionary* case_table =
                     cases.cases.empty() ? nullptr : d.AddSectionDictionary("CASES");
                 for (const auto& c : cases.cases) {
                   auto* r = case_table->AddSectionDictionary("CASE");
                   r->SetValue("ID", c.id);
                   r->SetValue("DAY", FrenchDay(c.key.day));
                   r->SetValue("STATUS", CaseStatusLabel(c.status));
                   r->SetValue("SEVERITY", SeverityLabel(c.severity));
                   r->SetIntValue("FINDINGS", static_cast<long>(c.finding_count));
                   std::string rules;
                   for (const auto& x : c.rules)
                     rules += (rules.empty() ? "" : ", ") + RuleLabel(x);
                   r->SetValue("RULES", rules);
                 }
                 for (const auto& e : t.recent) FillEntry(d.AddSectionDictionary("ENTRY"), e);
               }));
  return Status::Ok();
}

Status ApiAccount(HttpExchange& ex, AuditHttp& ctx) {
  const std::string account = ex.params().at("account");
  if (!ValidAccount(account)) {
    return BadAccount();
  }
  GARANT_ASSIGN_OR_RETURN(Period period, ReadPeriod(ex, "from", "to"));
  GARANT_RETURN_IF_ERROR(RecordView(ctx, ex, "api/audit/accounts/" + account));
  GARANT_ASSIGN_OR_RETURN(access::CasePage cases, AccountCases(ctx, account, period));
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, ctx.s.pool.Acquire());
  GARANT_ASSIGN_OR_RETURN(access::AccountTrail t, access::ReadAccountTrail(*conn, account, period));
  boost::json::array findings, auths, recent;
  for (const auto& f : t.findings) {
    findings.push_back({{"rule", f.rule},
                        {"severity", f.severity},
                        {"project", f.project ? boost::json::value(*f.project) : nullptr},
                        {"occurred_at", FormatRfc3339Utc(f.occurred_at)},
                        {"index", f.event_index},
                        {"explanation", f.explanation}});
  }
  for (const auto& a : t.authorisations) {
    boost::json::array dom;
    for (const auto& x : a.domains) dom.emplace_back(x);
    auths.push_back({{"id", a.id},
                     {"project", a.project},
                     {"decision", a.decision_id},
                     {"domains", std::move(dom)},
                     {"valid_from", FormatRfc3339Utc(a.valid_from)},
                     {"valid_until", FormatRfc3339Utc(a.valid_until)},
                     {"revoked_at", TimeJson(a.revoked_at)}});
  }
  for (const auto& e : t.recent) recent.push_back(EntryJsonOf(e));
  boost::json::array case_list;
  for (const auto& c : cases.cases) {
    case_list.push_back({{"id", c.id},
                         {"day", c.key.day},
                         {"status", access::ToString(c.status)},
                         {"severity", c.severity},
                         {"finding_count", c.finding_count}});
  }
  ex.SendJson(200, boost::json::object{{"account", account},
                                       {"period", PeriodJson(period)},
                                       {"events", t.events},
                                       {"patients", t.patients},
                                       {"per_day", CountsJson(t.per_day)},
                                       {"actions", CountsJson(t.actions)},
                                       {"projects", CountsJson(t.projects)},
                                       {"findings", std::move(findings)},
                                       {"authorisations", std::move(auths)},
                                       {"cases", std::move(case_list)},
                                       {"recent", std::move(recent)}});
  return Status::Ok();
}

// ---- project ----------------------------------------------------------------

Status ShowProject(HttpExchange& ex, AuditHttp& ctx) {
  const std::string ref = ex.params().at("reference");
  if (!ValidReference(ref)) return BadReference();
  GARANT_ASSIGN_OR_RETURN(Period period, ReadPeriod(ex, "du", "au"));
  GARANT_RETURN_IF_ERROR(RecordView(ctx, ex, "audit/projet/" + ref));
  // The accesses outside an authorisation: the first kOutsideListed, all
  // with ?tout=1 (a year of an unnamed account can be thousands).
  const bool list_all = ex.Query("tout").value_or("") == "1";
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, ctx.s.pool.Acquire());
  GARANT_ASSIGN_OR_RETURN(
      access::ProjectReport r,
      access::ReadProjectReport(
          *conn, ref, period,
          list_all ? std::nullopt : std::optional<int64_t>(access::kOutsideListed)));
  ex.SendHtml(
      200,
      RenderPage(
          "Rapport d'audit du projet " + ref, "audit_project.tpl", ex.principal(),
          [&](ctemplate::TemplateDictionary& d) {
            const auto& p = r.project;
            d.SetValue("REFERENCE", p.reference);
            d.SetValue("TITLE", p.title);
            d.SetValue("ORGANISATION", p.organisation);
            d.SetValue("PURPOSE", PurposeLabel(p.purpose));
            d.SetValue("LEGAL_BASIS", p.legal_basis);
            d.SetValue("FORMALITY", FormalityLabel(p.formality));
            d.SetValue("FORMALITY_REFERENCE", p.formality_reference);
            // In French, as on the secretary's pages ("Terminé", not "closed").
            auto status = governance::ParseProjectStatus(p.status);
            d.SetValue("STATUS", status.ok() ? gov::StatusLabel(*status) : p.status);
            d.SetValue("PERIOD", PeriodText(period));
            SetPeriodInputs(d, period);
            d.SetValue("TODAY", ParisDate(ctx.s.clock.Now()));
            d.SetValue("AUTHOR", ex.principal().display_name);
            d.SetValue("EVENTS", FormatFrenchInteger(r.events));
            d.SetValue("PATIENTS", FormatFrenchInteger(r.patients));
            d.SetValue("COHORT", r.cohort_size ? FormatFrenchInteger(*r.cohort_size)
                                               : "non renseignée dans le registre");
            if (r.cohort_size && r.patients > *r.cohort_size) d.ShowSection("OVER_COHORT");
            for (const auto& a : r.authorisations) {
              auto* s = d.AddSectionDictionary("AUTHORISATION");
              s->SetValue("ID", std::to_string(a.authorisation.id));
              s->SetValue("DECISION", std::to_string(a.authorisation.decision_id));
              s->SetValue("FROM", ParisDate(a.authorisation.valid_from));
              s->SetValue("UNTIL", ParisDate(a.authorisation.valid_until));
              s->SetValue("REVOKED", a.authorisation.revoked_at
                                         ? "révoquée le " + ParisTime(*a.authorisation.revoked_at)
                                         : "non révoquée");
              std::string dom;
              for (const auto& x : a.authorisation.domains) dom += (dom.empty() ? "" : ", ") + x;
              s->SetValue("DOMAINS", dom);
              for (const auto& n : a.named) {
                auto* row = s->AddSectionDictionary("NAMED");
                row->SetValue("ACCOUNT", n.account);
                row->SetValue("EVENTS", std::to_string(n.events));
                row->SetValue("FIRST", n.first ? ParisTime(*n.first) : "—");
                row->SetValue("LAST", n.last ? ParisTime(*n.last) : "—");
                if (n.events == 0) row->ShowSection("NONE");
              }
            }
            if (r.authorisations.empty()) d.ShowSection("NO_AUTHORISATION");
            for (const auto& u : r.accessed) {
              auto* row = d.AddSectionDictionary("ACCESSED");
              row->SetValue("ACCOUNT", u.account);
              row->SetValue("EVENTS", std::to_string(u.events));
              row->SetValue("FIRST", u.first ? ParisTime(*u.first) : "—");
              row->SetValue("LAST", u.last ? ParisTime(*u.last) : "—");
              bool named =
                  std::find(r.unnamed.begin(), r.unnamed.end(), u.account) == r.unnamed.end();
              row->SetValue("NAMED", named ? "oui" : "non");
              if (!named) row->ShowSection("UNNAMED");
            }
            if (r.accessed.empty()) d.ShowSection("NO_ACCESS");
            if (r.outside.empty()) d.ShowSection("NO_OUTSIDE");
            ctemplate::TemplateDictionary* outside_table =
                r.outside.empty() ? nullptr : d.AddSectionDictionary("OUTSIDES");
            if (outside_table) {
              outside_table->SetValue("OUTSIDE_TOTAL", FormatFrenchInteger(r.outside_total));
            }
            if (std::ssize(r.outside) < r.outside_total) {
              auto* more = d.AddSectionDictionary("OUTSIDE_MORE");
              more->SetValue("SHOWN", FormatFrenchInteger(std::ssize(r.outside)));
              more->SetValue("TOTAL", FormatFrenchInteger(r.outside_total));
              std::string url = "/audit/projet/" + UrlEncode(ref) + "?";
              for (const char* q : {"du", "au"}) {
                if (auto v = ex.Query(q); v && !v->empty())
                  url += std::string(q) + "=" + UrlEncode(*v) + "&";
              }
              more->SetValue("ALL_URL", url + "tout=1#outside");
            }
            for (const auto& o : r.outside) {
              auto* row = outside_table->AddSectionDictionary("OUTSIDE");
              FillEntry(row, o.event);
              row->SetValue("RULE", RuleLabel(o.rule));
              row->SetValue("EXPLANATION", o.explanation);
            }
            if (r.exports.empty()) d.ShowSection("NO_EXPORT");
            ctemplate::TemplateDictionary* export_table =
                r.exports.empty() ? nullptr : d.AddSectionDictionary("EXPORTS");
            for (const auto& x : r.exports) {
              auto* row = export_table->AddSectionDictionary("EXPORT");
              FillEntry(row, x.event);
              const bool gone = x.event.pruned_at.has_value();
              row->SetValue("FILE", gone ? "supprimé" : x.file);
              // In groups of 16 characters, each a place where the line may
              // break (<wbr>): four lines in the narrow column of the page
              // and the letter, one string when copied.
              if (gone) {
                row->ShowSection("NO_SHA256");
              } else {
                auto* hash = row->AddSectionDictionary("SHA256");
                for (size_t i = 0; i < x.sha256.size(); i += kHashGroup) {
                  hash->AddSectionDictionary("PART")->SetValue("TEXT",
                                                               x.sha256.substr(i, kHashGroup));
                }
              }
              row->SetValue("BYTES", gone ? "—" : std::to_string(x.bytes));
              row->SetValue("DESTINATION", gone ? "supprimé" : x.destination);
            }
            if (r.reidentifications.empty()) d.ShowSection("NO_REID");
            ctemplate::TemplateDictionary* reid_table =
                r.reidentifications.empty() ? nullptr : d.AddSectionDictionary("REIDS");
            for (const auto& x : r.reidentifications) {
              auto* row = reid_table->AddSectionDictionary("REID");
              FillEntry(row, x.event);
              if (x.event.pruned_at) {  // the justification went with the leaf
                row->SetValue("JUSTIFICATION", "(supprimée)");
                continue;
              }
              row->SetValue("JUSTIFICATION", x.justification.value_or("(aucune justification)"));
              if (!x.justification) row->ShowSection("UNJUSTIFIED");
            }
            if (r.acks.empty()) d.ShowSection("NO_ACK");
            ctemplate::TemplateDictionary* ack_table =
                r.acks.empty() ? nullptr : d.AddSectionDictionary("ACKS");
            for (const auto& k : r.acks) {
              auto* row = ack_table->AddSectionDictionary("ACK");
              row->SetValue("CONSUMER", k.consumer);
              row->SetValue("VERSION", std::to_string(k.version));
              row->SetValue("ISSUED", ParisTime(k.issued_at));
              row->SetValue("APPLIED", ParisTime(k.applied_at));
              row->SetValue("PURGED", std::to_string(k.purged_count));
            }
          }));
  return Status::Ok();
}

Status ApiProject(HttpExchange& ex, AuditHttp& ctx) {
  const std::string ref = ex.params().at("reference");
  if (!ValidReference(ref)) return BadReference();
  GARANT_ASSIGN_OR_RETURN(Period period, ReadPeriod(ex, "from", "to"));
  // outside_limit: how many accesses outside an authorisation to list
  // (default kOutsideListed; "all" for every one); outside_total counts them.
  std::optional<int64_t> outside_limit = access::kOutsideListed;
  if (auto v = ex.Query("outside_limit"); v && !v->empty()) {
    if (*v == "all") {
      outside_limit = std::nullopt;
    } else if (auto n = ParseDecimal(*v, {.min = 0, .max = 1'000'000'000})) {
      outside_limit = *n;
    } else {
      return Status::InvalidArgument("outside_limit must be a number (0 or more) or all");
    }
  }
  GARANT_RETURN_IF_ERROR(RecordView(ctx, ex, "api/audit/projects/" + ref));
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, ctx.s.pool.Acquire());
  GARANT_ASSIGN_OR_RETURN(access::ProjectReport r,
                          access::ReadProjectReport(*conn, ref, period, outside_limit));
  auto use = [](const access::AccountUse& u) {
    return boost::json::object{{"account", u.account},
                               {"events", u.events},
                               {"first", TimeJson(u.first)},
                               {"last", TimeJson(u.last)}};
  };
  boost::json::array auths, accessed, unnamed, outside, exports, reids, acks;
  for (const auto& a : r.authorisations) {
    boost::json::array named;
    for (const auto& n : a.named) named.push_back(use(n));
    auths.push_back({{"id", a.authorisation.id},
                     {"decision", a.authorisation.decision_id},
                     {"valid_from", FormatRfc3339Utc(a.authorisation.valid_from)},
                     {"valid_until", FormatRfc3339Utc(a.authorisation.valid_until)},
                     {"revoked_at", TimeJson(a.authorisation.revoked_at)},
                     {"named", std::move(named)}});
  }
  for (const auto& u : r.accessed) accessed.push_back(use(u));
  for (const auto& u : r.unnamed) unnamed.emplace_back(u);
  for (const auto& o : r.outside) {
    boost::json::object j = EntryJsonOf(o.event);
    j["rule"] = o.rule;
    j["explanation"] = o.explanation;
    outside.push_back(std::move(j));
  }
  for (const auto& x : r.exports) {
    boost::json::object j = EntryJsonOf(x.event);
    if (x.event.pruned_at) {
      j["export"] = nullptr;  // what was exported went with the pruned leaf
    } else {
      j["export"] = {{"file", x.file},
                     {"sha256", x.sha256},
                     {"bytes", x.bytes},
                     {"destination", x.destination}};
    }
    exports.push_back(std::move(j));
  }
  for (const auto& x : r.reidentifications) {
    boost::json::object j = EntryJsonOf(x.event);
    j["justification"] =
        x.justification ? boost::json::value(*x.justification) : boost::json::value(nullptr);
    reids.push_back(std::move(j));
  }
  for (const auto& k : r.acks) {
    acks.push_back({{"consumer", k.consumer},
                    {"version", k.version},
                    {"issued_at", FormatRfc3339Utc(k.issued_at)},
                    {"applied_at", FormatRfc3339Utc(k.applied_at)},
                    {"purged_count", k.purged_count}});
  }
  ex.SendJson(200,
              boost::json::object{{"project",
                                   {{"reference", r.project.reference},
                                    {"title", r.project.title},
                                    {"organisation", r.project.organisation},
                                    {"purpose", r.project.purpose},
                                    {"legal_basis", r.project.legal_basis},
                                    {"formality", r.project.formality},
                                    {"status", r.project.status}}},
                                  {"period", PeriodJson(period)},
                                  {"events", r.events},
                                  {"patients", r.patients},
                                  {"cohort_size", r.cohort_size ? boost::json::value(*r.cohort_size)
                                                                : boost::json::value(nullptr)},
                                  {"authorisations", std::move(auths)},
                                  {"accessed", std::move(accessed)},
                                  {"unnamed", std::move(unnamed)},
                                  {"outside", std::move(outside)},
                                  {"outside_total", r.outside_total},
                                  {"exports", std::move(exports)},
                                  {"reidentifications", std::move(reids)},
                                  {"exclusion_acks", std::move(acks)}});
  return Status::Ok();
}

// ---- overview ---------------------------------------------------------------

Status ApiOverview(HttpExchange& ex, AuditHttp& ctx) {
  GARANT_ASSIGN_OR_RETURN(Period period, ReadPeriod(ex, "from", "to"));
  GARANT_RETURN_IF_ERROR(RecordView(ctx, ex, "api/audit/overview"));
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, ctx.s.pool.Acquire());
  GARANT_ASSIGN_OR_RETURN(access::Overview o, access::ReadOverview(*conn, period));
  boost::json::array findings;
  for (const auto& f : o.findings) {
    findings.push_back({{"rule", f.rule}, {"severity", f.severity}, {"count", f.count}});
  }
  boost::json::object cp = {{"size", nullptr}, {"signed_at", nullptr}};
  if (auto latest = audit::ReadLatestCheckpoint(*conn); latest.ok() && latest->has_value()) {
    cp = {{"size", (*latest)->checkpoint.head.size}, {"signed_at", (*latest)->signed_at}};
  }
  ex.SendJson(200, boost::json::object{{"period", PeriodJson(period)},
                                       {"events", o.events},
                                       {"garant_views", o.garant_views},
                                       {"per_day", CountsJson(o.per_day)},
                                       {"actions", CountsJson(o.actions)},
                                       {"projects", CountsJson(o.projects)},
                                       {"findings", std::move(findings)},
                                       {"log_size", o.log_size},
                                       {"checkpoint", std::move(cp)}});
  return Status::Ok();
}

// ---- the DPO's letter -------------------------------------------------------

std::string NewLetterReference(Random& random) {
  static const char* kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  std::vector<uint8_t> b = random.Bytes(8);
  std::string s = "DA-";
  for (size_t i = 0; i < 8; ++i) {
    if (i == 4) s += '-';
    s += kAlphabet[b[i] & 31];
  }
  return s;
}

// SendAccessTrailLetter (http.h), inside this namespace so that its helpers
// (ParisDate, the labels) are this file's.
void FillAddressLines(ctemplate::TemplateDictionary& d, const std::string& text) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") != std::string::npos) {
      d.AddSectionDictionary("LINE")->SetValue("TEXT", line);
    }
    start = end + 1;
  }
}

// The addressee block of the letter (NAME, BIRTH_NAME, ON_BEHALF, ADDRESS or
// NO_ADDRESS), as the objection and rights letters have it.
void FillAddressee(ctemplate::TemplateDictionary& l, const LetterAddressee& to) {
  l.SetValue("NAME", to.name);
  if (to.birth_name) l.AddSectionDictionary("BIRTH_NAME")->SetValue("TEXT", *to.birth_name);
  if (to.on_behalf) l.AddSectionDictionary("ON_BEHALF")->SetValue("PERSON", *to.on_behalf);
  if (to.contact && to.contact->find_first_not_of(" \t\r\n") != std::string::npos) {
    FillAddressLines(*l.AddSectionDictionary("ADDRESS"), *to.contact);
  } else {
    l.ShowSection("NO_ADDRESS");
  }
}

Status AccessTrailLetter(HttpExchange& ex, Services& s, const std::vector<std::string>& tokens,
                         const LetterAddressee& to) {
  const std::string reference = NewLetterReference(s.random);
  GARANT_RETURN_IF_ERROR(
      RecordOwnRead(s, ex, "rights/access-letter/" + reference, access::Action::kView, tokens)
          .status());
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, s.pool.Acquire());
  GARANT_ASSIGN_OR_RETURN(access::PersonTrail t, access::ReadPersonTrail(*conn, tokens));
  std::vector<std::string> refs;
  for (const auto& e : t.entries) {
    if (e.project && std::find(refs.begin(), refs.end(), *e.project) == refs.end()) {
      refs.push_back(*e.project);
    }
  }
  GARANT_ASSIGN_OR_RETURN(auto projects, access::ReadProjects(*conn, refs));
  std::vector<access::LetterLine> lines = access::LetterLines(t, projects);
  // The answer itself: a reference and counts, never an identity or a token.
  boost::json::object payload = {{"reference", reference},
                                 {"right", "access"},
                                 {"projects", lines.size()},
                                 {"objections", t.objections.size()}};
  GARANT_RETURN_IF_ERROR(audit::RecordAlone(s.pool, s.recorder(ex.principal().Actor()),
                                            "rights.answered", "rights/access/" + reference,
                                            boost::json::serialize(payload)));
  ex.SendHtml(200,
              RenderPage("Réponse à une demande d'accès", "dpo_access_letter.tpl", ex.principal(),
                         [&](ctemplate::TemplateDictionary& d) {
                           auto* l = d.AddSectionDictionary("LETTER");
                           l->SetValue("REFERENCE", reference);
                           l->SetValue("TODAY", ParisDate(s.clock.Now()));
                           l->SetValue("SIGNATORY", ex.principal().display_name);
                           FillAddressee(*l, to);
                           if (lines.empty()) l->ShowSection("NO_LINE");
                           for (const auto& line : lines) {
                             auto* r = l->AddSectionDictionary("LINE");
                             r->SetValue("PROJECT", line.project.value_or("(hors projet)"));
                             r->SetValue("TITLE", line.title.value_or(""));
                             std::string orgs, purposes, cats;
                             for (const auto& x : line.organisations) {
                               orgs += (orgs.empty() ? "" : ", ") + x;
                             }
                             for (const auto& x : line.purposes) {
                               purposes += (purposes.empty() ? "" : ", ") + PurposeLabel(x);
                             }
                             for (const auto& x : line.recipient_categories) {
                               cats += (cats.empty() ? "" : ", ") + x;
                             }
                             r->SetValue("ORGANISATIONS", orgs.empty() ? "non précisé" : orgs);
                             r->SetValue("PURPOSES", purposes.empty() ? "non précisée" : purposes);
                             r->SetValue("CATEGORIES", cats.empty() ? "équipe du projet" : cats);
                             r->SetValue("LEGAL_BASIS", line.legal_basis.value_or("non précisée"));
                             r->SetValue("FORMALITY",
                                         line.formality ? FormalityLabel(*line.formality) : "");
                             r->SetValue("FIRST", ParisDate(line.first));
                             r->SetValue("LAST", ParisDate(line.last));
                             r->SetValue("COUNT", std::to_string(line.accesses));
                           }
                           FillObjections(*l, t);
                         }));
  return Status::Ok();
}

Status ShowLetterForm(HttpExchange& ex) {
  ex.SendHtml(200, RenderPage("Demande d'accès d'une personne", "dpo_access_letter.tpl",
                              ex.principal(), [&](ctemplate::TemplateDictionary& d) {
                                FillPersonForm(d, ex, "/console/demandes/acces");
                                d.ShowSection("FORM");
                              }));
  return Status::Ok();
}

Status PostLetter(HttpExchange& ex, AuditHttp& ctx) {
  GARANT_ASSIGN_OR_RETURN(auto fields, ex.FormBody());
  TokenRequest tr = Tokens(ctx, fields);
  // The addressee, as typed (rendered in the letter only, never kept).
  LetterAddressee to;
  if (tr.by_traits) {
    const std::string used = Field(fields, "used_name");
    const std::string birth = Field(fields, "birth_name");
    to.name = Field(fields, "given_names") + " " + (Blank(used) ? birth : used);
    if (!Blank(used) && used != birth) to.birth_name = birth;
  }
  if (!Blank(Field(fields, "contact"))) to.contact = Field(fields, "contact").substr(0, 500);
  fields.clear();
  if (tr.tokens.empty()) {
    if (tr.problem.empty() && tr.errors.empty()) tr.problem = "Saisissez les traits ou un jeton.";
    ex.SendHtml(400, RenderPage("Demande d'accès d'une personne", "dpo_access_letter.tpl",
                                ex.principal(), [&](ctemplate::TemplateDictionary& d) {
                                  FillPersonForm(d, ex, "/console/demandes/acces");
                                  FillTokenErrors(tr, *d.AddSectionDictionary("FORM"));
                                }));
    return Status::Ok();
  }
  return AccessTrailLetter(ex, ctx.s, tr.tokens, to);
}

// /audit/compte?compte=x → /audit/compte/x (the overview's small forms).
// `reason` names the value's grammar, for the page's French text.
Status RedirectTo(HttpExchange& ex, const char* param, const std::string& base,
                  std::string_view reason) {
  std::string v = ex.Query(param).value_or("");
  if (v.empty()) return Status::InvalidArgument("missing " + std::string(param)).WithReason(reason);
  for (char c : v) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '@' ||
          c == ':' || c == '-')) {
      return Status::InvalidArgument(std::string(param) + ": unexpected character")
          .WithReason(reason);
    }
  }
  ex.Redirect(base + v);
  return Status::Ok();
}

}  // namespace

Status RecordDeskView(AuditHttp& ctx, const HttpExchange& ex, const std::string& what) {
  return RecordView(ctx, ex, what);
}

std::optional<int64_t> OpenCases(AuditHttp& ctx) {
  // Open cases today, whatever the period: the queue's work left.
  access::CaseStore cases(ctx.s.pool, ctx.s.audit_log(), ctx.s.clock, ctx.s.random);
  auto counts = cases.CountByStatus({});
  if (!counts.ok()) {
    spdlog::warn("overview: open cases unavailable: {}", counts.status().ToString());
    return std::nullopt;
  }
  return (*counts)[static_cast<size_t>(access::CaseStatus::kNew)] +
         (*counts)[static_cast<size_t>(access::CaseStatus::kUnderReview)];
}

void FillOverview(AuditHttp& ctx, db::Connection& conn, const OverviewPeriodQuery& query,
                  std::optional<int64_t> open_cases, ctemplate::TemplateDictionary& d) {
  auto* inc = d.AddIncludeDictionary("OVERVIEW");
  inc->SetFilename("audit_overview.tpl");
  SetPeriodInputs(*inc, query.asked);
  const Period& period = query.read;
  auto o = access::ReadOverview(conn, period);
  if (!o.ok()) {
    inc->AddSectionDictionary("OVERVIEW_ERROR")->SetValue("MESSAGE", o.status().message());
    return;
  }
  inc->SetValue("PERIOD", PeriodText(period));
  // Says so only when the 30 days were not asked for but applied.
  if (!query.asked.from && !query.asked.to) inc->ShowSection("DEFAULT_PERIOD");
  inc->SetIntValue("EVENTS", o->events);
  inc->SetIntValue("VIEWS", o->garant_views);
  inc->SetValue("LOG_SIZE", std::to_string(o->log_size));
  int64_t findings = 0;
  for (const auto& f : o->findings) findings += f.count;
  inc->SetIntValue("FINDINGS", findings);
  if (open_cases) inc->AddSectionDictionary("OPEN_CASES")->SetIntValue("COUNT", *open_cases);
  if (auto latest = audit::ReadLatestCheckpoint(conn); latest.ok() && latest->has_value()) {
    auto* c = inc->AddSectionDictionary("LAST_CHECKPOINT");
    c->SetValue("SIZE", std::to_string((*latest)->checkpoint.head.size));
    TimePoint signed_at;
    c->SetValue("SIGNED_AT", ParseRfc3339((*latest)->signed_at, &signed_at) ? ParisTime(signed_at)
                                                                            : (*latest)->signed_at);
  } else {
    inc->ShowSection("NO_LAST_CHECKPOINT");
  }
  // The witnesses (docs/audit-log.md, "Witnesses"): a refusal is an alert here.
  if (ctx.s.witnesses != nullptr) {
    auto* list = inc->AddSectionDictionary("WITNESSES");
    for (const WitnessCollector::WitnessStatus& st : ctx.s.witnesses->Statuses()) {
      auto* w = list->AddSectionDictionary("WITNESS");
      w->SetValue("NAME", st.label.empty() ? st.name : st.label);
      std::string state = "pas encore interrogé";
      if (st.refusing) {
        state = st.last == "refused" ? "REFUSE de cosigner : il a vu une autre histoire du journal"
                                     : "REFUSE de cosigner : il ne reconnaît pas ce journal";
        inc->ShowSection("WITNESS_ALERT");
      } else if (st.last == "unreachable") {
        state = "injoignable pour l'instant";
      } else if (st.cosigned_size) {
        state =
            "a cosigné le point de contrôle de " + std::to_string(*st.cosigned_size) + " entrées";
      }
      w->SetValue("STATE", state);
    }
  }
  AddChart(*inc, "DAY_CHART", "jours", "Accès par jour (heure de Paris)", Days(o->per_day));
  AddChart(*inc, "ACTION_CHART", "actions", "Accès par action",
           Labelled(o->actions, [](std::string_view s) { return ActionLabel(s); }));
  AddChart(*inc, "PROJECT_CHART", "projets", "Accès par projet", Labelled(o->projects, nullptr));
  std::vector<std::pair<std::string, int64_t>> rules;
  for (const auto& f : o->findings) rules.emplace_back(RuleLabel(f.rule), f.count);
  AddChart(*inc, "RULE_CHART", "regles", "Anomalies par règle", rules);
}

Result<OverviewPeriodQuery> OverviewPeriod(HttpExchange& ex, TimePoint now) {
  GARANT_ASSIGN_OR_RETURN(Period p, ReadPeriod(ex, "periode_du", "periode_au"));
  OverviewPeriodQuery q{.asked = p, .read = p};
  if (!p.from && !p.to) q.read.from = now - std::chrono::hours(24 * 30);
  return q;
}

std::string DateInputValue(const std::optional<TimePoint>& bound, bool end) {
  if (!bound) return "";
  return ParisIsoDay(end ? *bound - std::chrono::microseconds(1) : *bound);
}

void AddAuditDeskRoutes(Router& router, std::shared_ptr<AuditHttp> ctx) {
  router.Add({.method = "GET",
              .pattern = "/audit/personne",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kDeskRoles,
              .csrf = CsrfRule::kNone,
              .handler = [](HttpExchange& ex) -> Status { return ShowPersonForm(ex); }});
  router.Add({.method = "POST",
              .pattern = "/audit/personne",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kDeskRoles,
              .csrf = CsrfRule::kSession,
              .handler = [ctx](HttpExchange& ex) -> Status { return PostPerson(ex, *ctx); }});
  router.Add({.method = "GET",
              .pattern = "/audit/compte",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kDeskRoles,
              .csrf = CsrfRule::kNone,
              .handler = [](HttpExchange& ex) -> Status {
                return RedirectTo(ex, "compte", "/audit/compte/",
                                  governance::reason::kInvalidIdentifier);
              }});
  router.Add({.method = "GET",
              .pattern = "/audit/compte/{account}",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kDeskRoles,
              .csrf = CsrfRule::kNone,
              .handler = [ctx](HttpExchange& ex) -> Status { return ShowAccount(ex, *ctx); }});
  router.Add({.method = "GET",
              .pattern = "/audit/projet",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kDeskRoles,
              .csrf = CsrfRule::kNone,
              .handler = [](HttpExchange& ex) -> Status {
                return RedirectTo(ex, "reference", "/audit/projet/",
                                  governance::reason::kInvalidReference);
              }});
  router.Add({.method = "GET",
              .pattern = "/audit/projet/{reference}",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kDeskRoles,
              .csrf = CsrfRule::kNone,
              .handler = [ctx](HttpExchange& ex) -> Status { return ShowProject(ex, *ctx); }});
  router.Add({.method = "GET",
              .pattern = "/console/demandes/acces",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kLetterRoles,
              .csrf = CsrfRule::kNone,
              .handler = [](HttpExchange& ex) -> Status { return ShowLetterForm(ex); }});
  router.Add({.method = "POST",
              .pattern = "/console/demandes/acces",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kLetterRoles,
              .csrf = CsrfRule::kSession,
              .handler = [ctx](HttpExchange& ex) -> Status { return PostLetter(ex, *ctx); }});
  router.Add({.method = "POST",
              .pattern = "/api/v1/audit/person-trail",
              .kind = ResponseKind::kJson,
              .access = Access::kRoles,
              .roles = kDeskRoles,
              .csrf = CsrfRule::kSession,
              .handler = [ctx](HttpExchange& ex) -> Status { return ApiPersonTrail(ex, *ctx); }});
  router.Add({.method = "GET",
              .pattern = "/api/v1/audit/accounts/{account}",
              .kind = ResponseKind::kJson,
              .access = Access::kRoles,
              .roles = kDeskRoles,
              .csrf = CsrfRule::kNone,
              .handler = [ctx](HttpExchange& ex) -> Status { return ApiAccount(ex, *ctx); }});
  router.Add({.method = "GET",
              .pattern = "/api/v1/audit/projects/{reference}",
              .kind = ResponseKind::kJson,
              .access = Access::kRoles,
              .roles = kDeskRoles,
              .csrf = CsrfRule::kNone,
              .handler = [ctx](HttpExchange& ex) -> Status { return ApiProject(ex, *ctx); }});
  router.Add({.method = "GET",
              .pattern = "/api/v1/audit/overview",
              .kind = ResponseKind::kJson,
              .access = Access::kRoles,
              .roles = kDeskRoles,
              .csrf = CsrfRule::kNone,
              .handler = [ctx](HttpExchange& ex) -> Status { return ApiOverview(ex, *ctx); }});
}

Status SendAccessTrailLetter(HttpExchange& ex, Services& s, const std::vector<std::string>& tokens,
                             const LetterAddressee& to) {
  return AccessTrailLetter(ex, s, tokens, to);
}

}  // namespace garant::server
