// The case API (docs/cases.md): the queue, a case with its findings, events
// and history, and the three changes (transition, note, assignment). Handlers
// return a Status; errors are sent by the dispatcher.
#include <algorithm>
#include <boost/json.hpp>

#include "access/cases.h"
#include "access/own_events.h"
#include "garant/access/rules.h"
#include "garant/core/json.h"
#include "garant/governance/rules.h"

namespace garant::server {

const std::vector<std::string> kCaseRoles = {kRoleAuditor, kRoleDpo};

Result<int64_t> ReviewerId(const Principal& p) {
  if (p.kind != Principal::Kind::kStaff) {
    return Status::PermissionDenied("only a staff auditor or DPO reviews cases");
  }
  int64_t id = 0;
  for (char c : p.id) {
    if (c < '0' || c > '9' || id > INT64_MAX / 10 - 10) {
      return Status::Internal("staff principal without a numeric id");
    }
    id = id * 10 + (c - '0');
  }
  return id;
}

namespace {

constexpr int64_t kDefaultLimit = 100;
constexpr int64_t kMaxLimit = 500;

boost::json::value Opt(const std::optional<std::string>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

boost::json::value StaffJson(const std::optional<access::StaffRef>& s) {
  if (!s) return nullptr;
  boost::json::object o;
  o["username"] = s->username;
  o["display_name"] = s->display_name;
  return o;
}

boost::json::array Strings(const std::vector<std::string>& v) {
  boost::json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

boost::json::object CaseJson(const access::CaseSummary& c) {
  boost::json::object o;
  o["id"] = c.id;
  o["account"] = c.key.account;
  o["day"] = c.key.day;
  o["status"] = access::ToString(c.status);
  o["assignee"] = StaffJson(c.assignee);
  o["finding_count"] = c.finding_count;
  o["severity"] = c.severity;
  o["rules"] = Strings(c.rules);
  o["projects"] = Strings(c.projects);
  o["first_occurred_at"] = FormatRfc3339Utc(c.first_occurred_at);
  o["last_occurred_at"] = FormatRfc3339Utc(c.last_occurred_at);
  o["last_raised_at"] = FormatRfc3339Utc(c.last_raised_at);
  o["raised_since_closed"] = c.raised_since_closed;
  o["updated_at"] = c.updated_at ? boost::json::value(FormatRfc3339Utc(*c.updated_at))
                                 : boost::json::value(nullptr);
  return o;
}

boost::json::object FindingJson(const access::StoredFinding& f) {
  boost::json::object o;
  o["id"] = f.id;
  o["rule"] = f.rule;
  o["severity"] = f.severity;
  o["event_id"] = f.event_id;
  o["index"] = f.event_index;
  o["account"] = f.account;
  o["project"] = Opt(f.project);
  o["case_id"] = f.case_id;
  o["status"] = f.status;
  o["occurred_at"] = FormatRfc3339Utc(f.occurred_at);
  o["raised_at"] = FormatRfc3339Utc(f.raised_at);
  o["explanation"] = f.explanation;
  boost::system::error_code ec;
  boost::json::value facts = boost::json::parse(f.facts, ec);
  o["facts"] = ec ? boost::json::value(boost::json::object()) : std::move(facts);
  o["finding_index"] = f.audit_index;
  return o;
}

boost::json::object ChangeJson(const access::CaseChange& c) {
  boost::json::object o;
  o["case"] = CaseJson(c.summary);
  boost::json::array entries;
  for (uint64_t i : c.leaves) entries.emplace_back(i);
  o["entries"] = std::move(entries);
  return o;
}

Result<std::optional<std::string>> Param(HttpExchange& ex, const std::string& name,
                                         bool (*valid)(std::string_view)) {
  auto v = ex.Query(name);
  if (!v || v->empty()) return std::optional<std::string>();
  if (!valid(*v)) return Status::InvalidArgument("'" + name + "' is not valid");
  return v;
}

bool KnownRule(std::string_view s) {
  const auto& names = access::RuleNames();
  return std::find(names.begin(), names.end(), s) != names.end();
}
bool ProjectRef(std::string_view s) {
  return s.size() >= 3 && s.size() <= 32 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
         });
}
bool Short(std::string_view s) { return s.size() <= 64; }

}  // namespace

// Shared with the console: the query parameters of the queue (bad values:
// kInvalidArgument; the store checks severity, status and days).
Result<access::CaseQuery> CaseQueryFrom(HttpExchange& ex) {
  access::CaseQuery q;
  GARANT_ASSIGN_OR_RETURN(q.rule, Param(ex, "rule", KnownRule));
  GARANT_ASSIGN_OR_RETURN(q.severity, Param(ex, "severity", Short));
  GARANT_ASSIGN_OR_RETURN(q.account, Param(ex, "account", governance::ValidIdentifier));
  GARANT_ASSIGN_OR_RETURN(q.project, Param(ex, "project", ProjectRef));
  GARANT_ASSIGN_OR_RETURN(q.status, Param(ex, "status", Short));
  GARANT_ASSIGN_OR_RETURN(q.from_day, Param(ex, "from", Short));
  GARANT_ASSIGN_OR_RETURN(q.to_day, Param(ex, "to", Short));
  GARANT_ASSIGN_OR_RETURN(q.cursor, Param(ex, "cursor", Short));
  if (auto v = ex.Query("limit"); v && !v->empty()) {
    if (v->size() > 3 ||
        !std::all_of(v->begin(), v->end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return Status::InvalidArgument("'limit' must be an integer between 1 and 500");
    }
    q.limit = std::stoll(*v);
    if (q.limit < 1 || q.limit > kMaxLimit) {
      return Status::InvalidArgument("'limit' must be an integer between 1 and 500");
    }
  } else {
    q.limit = kDefaultLimit;
  }
  return q;
}

namespace {

Status ListCases(HttpExchange& ex, CaseHttp& c) {
  GARANT_ASSIGN_OR_RETURN(access::CaseQuery q, CaseQueryFrom(ex));
  GARANT_ASSIGN_OR_RETURN(access::CasePage page, c.cases.List(q));
  GARANT_ASSIGN_OR_RETURN(auto counts, c.cases.CountByStatus(q));
  GARANT_RETURN_IF_ERROR(RecordOwnRead(c.s, ex, "api/cases").status());
  boost::json::array list;
  for (const auto& s : page.cases) list.push_back(CaseJson(s));
  boost::json::object by_status;
  for (access::CaseStatus st : access::kCaseStatuses) {
    by_status[access::ToString(st)] = counts[static_cast<size_t>(st)];
  }
  boost::json::object out;
  out["cases"] = std::move(list);
  out["counts"] = std::move(by_status);
  out["next_cursor"] = Opt(page.next_cursor);
  ex.SendJson(200, out);
  return Status::Ok();
}

Status GetCase(HttpExchange& ex, CaseHttp& c) {
  GARANT_ASSIGN_OR_RETURN(access::CaseDetail d, c.cases.Get(ex.params().at("id")));
  GARANT_RETURN_IF_ERROR(RecordOwnRead(c.s, ex, "api/cases/" + d.summary.id).status());
  boost::json::object out;
  out["case"] = CaseJson(d.summary);
  boost::json::array findings;
  for (const auto& f : d.findings) findings.push_back(FindingJson(f));
  out["findings"] = std::move(findings);
  boost::json::array events;
  for (const auto& e : d.events) {
    boost::json::object o;
    o["id"] = e.id;
    o["index"] = e.index;
    o["occurred_at"] = FormatRfc3339Utc(e.occurred_at);
    o["recorded_at"] = FormatRfc3339Utc(e.recorded_at);
    o["action"] = e.action;
    o["outcome"] = e.outcome;
    o["project"] = Opt(e.project);
    o["patient_count"] =
        e.patient_count ? boost::json::value(*e.patient_count) : boost::json::value(nullptr);
    events.push_back(std::move(o));
  }
  out["events"] = std::move(events);
  boost::json::array history;
  for (const auto& h : d.history) {
    boost::json::object o;
    o["id"] = h.id;
    o["kind"] = h.kind;
    if (h.kind == "transition") {
      o["from"] = access::ToString(*h.from);
      o["to"] = access::ToString(*h.to);
    }
    if (h.kind == "assignment") o["assignee"] = StaffJson(h.assignee);
    o["note"] = Opt(h.note);
    o["actor"] = StaffJson(h.actor);
    o["at"] = FormatRfc3339Utc(h.at);
    o["index"] = h.audit_index;
    history.push_back(std::move(o));
  }
  out["history"] = std::move(history);
  ex.SendJson(200, out);
  return Status::Ok();
}

Result<access::CaseStatus> StatusField(JsonFields& f, const char* name) {
  GARANT_ASSIGN_OR_RETURN(std::string v, f.RequiredString(name, 32));
  auto st = access::ParseCaseStatus(v);
  if (!st) {
    return Status::InvalidArgument(std::string("field '") + name +
                                   "' must be new, under_review, justified or incident");
  }
  return *st;
}

Status PostTransition(HttpExchange& ex, CaseHttp& c) {
  GARANT_ASSIGN_OR_RETURN(int64_t actor, ReviewerId(ex.principal()));
  GARANT_ASSIGN_OR_RETURN(boost::json::object body, ex.JsonBody());
  JsonFields f(body);
  GARANT_ASSIGN_OR_RETURN(access::CaseStatus from, StatusField(f, "from"));
  GARANT_ASSIGN_OR_RETURN(access::CaseStatus to, StatusField(f, "to"));
  GARANT_ASSIGN_OR_RETURN(std::optional<std::string> note,
                          f.OptionalString("note", access::kMaxNoteBytes));
  GARANT_RETURN_IF_ERROR(f.RejectUnknown());
  GARANT_ASSIGN_OR_RETURN(access::CaseChange ch,
                          c.cases.Transition(ex.params().at("id"), from, to, note, actor));
  ex.SendJson(200, ChangeJson(ch));
  return Status::Ok();
}

Status PostNote(HttpExchange& ex, CaseHttp& c) {
  GARANT_ASSIGN_OR_RETURN(int64_t actor, ReviewerId(ex.principal()));
  GARANT_ASSIGN_OR_RETURN(boost::json::object body, ex.JsonBody());
  JsonFields f(body);
  GARANT_ASSIGN_OR_RETURN(std::string note, f.RequiredString("note", access::kMaxNoteBytes));
  GARANT_RETURN_IF_ERROR(f.RejectUnknown());
  GARANT_ASSIGN_OR_RETURN(access::CaseChange ch,
                          c.cases.AddNote(ex.params().at("id"), note, actor));
  ex.SendJson(201, ChangeJson(ch));
  return Status::Ok();
}

Status PostAssignment(HttpExchange& ex, CaseHttp& c) {
  GARANT_ASSIGN_OR_RETURN(int64_t actor, ReviewerId(ex.principal()));
  GARANT_ASSIGN_OR_RETURN(boost::json::object body, ex.JsonBody());
  if (!body.contains("assignee")) {
    return Status::InvalidArgument("field 'assignee' is required (a username, or null)");
  }
  JsonFields f(body);
  GARANT_ASSIGN_OR_RETURN(std::optional<std::string> assignee, f.OptionalString("assignee", 64));
  GARANT_RETURN_IF_ERROR(f.RejectUnknown());
  GARANT_ASSIGN_OR_RETURN(access::CaseChange ch,
                          c.cases.Assign(ex.params().at("id"), assignee, actor));
  ex.SendJson(200, ChangeJson(ch));
  return Status::Ok();
}

}  // namespace

void AddCaseApiRoutes(Router& router, std::shared_ptr<CaseHttp> ctx) {
  auto bind = [ctx](Status (*h)(HttpExchange&, CaseHttp&)) -> Handler {
    return [ctx, h](HttpExchange& ex) { return h(ex, *ctx); };
  };
  router.Add({.method = "GET",
              .pattern = "/api/v1/cases",
              .kind = ResponseKind::kJson,
              .access = Access::kRoles,
              .roles = kCaseRoles,
              .csrf = CsrfRule::kNone,
              .handler = bind(ListCases)});
  router.Add({.method = "GET",
              .pattern = "/api/v1/cases/{id}",
              .kind = ResponseKind::kJson,
              .access = Access::kRoles,
              .roles = kCaseRoles,
              .csrf = CsrfRule::kNone,
              .handler = bind(GetCase)});
  const std::pair<const char*, Status (*)(HttpExchange&, CaseHttp&)> changes[] = {
      {"/api/v1/cases/{id}/transitions", PostTransition},
      {"/api/v1/cases/{id}/notes", PostNote},
      {"/api/v1/cases/{id}/assignment", PostAssignment}};
  for (const auto& [pattern, handler] : changes) {
    router.Add({.method = "POST",
                .pattern = pattern,
                .kind = ResponseKind::kJson,
                .access = Access::kRoles,
                .roles = kCaseRoles,
                .csrf = CsrfRule::kSession,
                .handler = bind(handler)});
  }
}

void AddCaseRoutes(Router& router, Services& services) {
  auto ctx = std::make_shared<CaseHttp>(services);
  AddCaseApiRoutes(router, ctx);
  AddCaseConsoleRoutes(router, ctx);
}

}  // namespace garant::server
