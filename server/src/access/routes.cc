// The access trail over HTTP (docs/access-events.md):
//   POST /api/v1/access-events            the warehouse reports accesses, ≤ 10,000 per batch
//   PUT  /api/v1/patient-sets/{sha256}    a patient set, one token per line, streamed
//   GET  /api/v1/findings                 what the checks concluded (auditor, dpo, admin)
//   /api/v1/cases…, /audit/alertes…        their review (access/cases.h, cases_*.cc)
// and the access worker (the patients' rollup, the retries of check_failed
// events: worker.h).
// Handlers return a Status (Ok once they have responded); the local adapter
// sends the error of a failed one.
#include "http/routes.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <istream>
#include <memory>

#include "access/cases.h"
#include "access/own_events.h"
#include "access/worker.h"
#include "garant/access/event.h"
#include "garant/access/rules.h"
#include "garant/access/store.h"
#include "garant/core/clock.h"
#include "garant/governance/rules.h"

namespace garant::server {
namespace {

constexpr int64_t kMaxBatchBody = 64LL << 20;  // 64 MiB for a full batch
constexpr size_t kMaxLine = 128;               // a token line, with room for a bad one
constexpr int64_t kDefaultLimit = 100;
constexpr int64_t kMaxLimit = 500;

const std::vector<std::string> kWarehouse = {kRoleWarehouse};
const std::vector<std::string> kFindingReaders = {kRoleAuditor, kRoleDpo, kRoleAdmin};

// The rules' settings from the config file's [access.rules.*] sections
// (GarantServer::Start has refused a bad one before the routes are built).
access::RuleConfig Rules(const Config& c) {
  auto rules = access::RuleConfigFromSections(c.sections);
  if (!rules.ok()) {
    spdlog::error("access rules: {} (defaults used)", rules.status().ToString());
    return access::RuleConfig::Defaults();
  }
  return *rules;
}

struct AccessServices {
  AccessServices(Services& svc, const access::RuleConfig& rules)
      : s(svc), store(svc.pool, svc.audit_log(), svc.clock, svc.random, rules) {}
  Services& s;
  access::AccessStore store;
};

Status PostAccessEvents(HttpExchange& ex, AccessServices& a) {
  ex.set_max_body_bytes(std::max<int64_t>(a.s.config.max_body_bytes, kMaxBatchBody));
  GARANT_ASSIGN_OR_RETURN(boost::json::object body, ex.JsonBody());
  GARANT_ASSIGN_OR_RETURN(std::vector<access::AccessEvent> events,
                          access::ParseBatch(body, a.s.clock.Now()));
  const std::string actor = ex.principal().Actor();
  auto recorded = a.store.RecordBatch(actor, events);
  if (!recorded.ok()) {
    if (recorded.status().code() != Code::kAlreadyExists &&
        recorded.status().code() != Code::kInvalidArgument) {
      spdlog::error("access events from {} not recorded: {}", actor, recorded.status().ToString());
    }
    return recorded.status();
  }
  boost::json::array out;
  for (const auto& r : *recorded) {
    boost::json::object o;
    o["id"] = r.id;
    o["index"] = r.index;
    boost::json::array f;
    for (const auto& rule : r.findings) f.emplace_back(rule);
    o["findings"] = std::move(f);
    out.push_back(std::move(o));
  }
  boost::json::object answer;
  answer["recorded"] = recorded->size();
  answer["events"] = std::move(out);
  ex.SendJson(200, answer);
  return Status::Ok();
}

boost::json::object SetJson(const access::PatientSetInfo& i) {
  boost::json::object o;
  o["digest"] = i.digest;
  o["token_count"] = i.token_count;
  o["index"] = i.audit_index;
  o["created"] = i.created;
  return o;
}

Status PutPatientSet(HttpExchange& ex, AccessServices& a) {
  const std::string digest = ex.params().at("sha256");
  if (!access::IsLowerHex64(digest)) {
    ex.AbandonBody();
    return Status::InvalidArgument("a patient set is named by its SHA-256 in 64 lowercase hex");
  }
  GARANT_ASSIGN_OR_RETURN(std::optional<access::PatientSetInfo> existing,
                          a.store.FindPatientSet(digest));
  if (existing) {  // content-addressed: stored once, a second upload is a no-op
    ex.AbandonBody();
    ex.SendJson(200, SetJson(*existing));
    return Status::Ok();
  }
  GARANT_ASSIGN_OR_RETURN(std::unique_ptr<access::PatientSetUpload> upload,
                          a.store.BeginPatientSet(ex.principal().Actor(), digest));
  std::istream& in = ex.BodyStream();
  std::string line;
  bool too_long = false;
  char buf[65536];
  auto take = [&]() -> Status {
    if (too_long) {
      return Status::InvalidArgument("a line is longer than a token (64 lowercase hex)");
    }
    Status st = upload->Add(line);
    line.clear();
    return st;
  };
  while (in.good()) {
    in.read(buf, sizeof buf);
    std::streamsize n = in.gcount();
    if (n <= 0) break;
    for (std::streamsize i = 0; i < n; ++i) {
      char c = buf[i];
      if (c != '\n') {
        if (line.size() < kMaxLine) {
          line += c;
        } else {
          too_long = true;
        }
        continue;
      }
      if (Status st = take(); !st.ok()) {
        ex.AbandonBody();
        return st;
      }
    }
  }
  if (!line.empty() || too_long) {  // a last line without its newline
    if (Status st = take(); !st.ok()) return st;
  }
  GARANT_ASSIGN_OR_RETURN(access::PatientSetInfo info, upload->Finish());
  ex.SendJson(info.created ? 201 : 200, SetJson(info));
  return Status::Ok();
}

Result<std::optional<std::string>> Filter(HttpExchange& ex, const std::string& name,
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

Result<std::optional<TimePoint>> TimeFilter(HttpExchange& ex, const std::string& name) {
  auto v = ex.Query(name);
  if (!v || v->empty()) return std::optional<TimePoint>();
  TimePoint t;
  if (!ParseRfc3339(*v, &t)) {
    return Status::InvalidArgument("'" + name + "' must be an RFC 3339 time");
  }
  return std::optional<TimePoint>(t);
}

Result<int64_t> IntFilter(HttpExchange& ex, const std::string& name, int64_t dflt, int64_t min,
                          int64_t max) {
  auto v = ex.Query(name);
  if (!v || v->empty()) return dflt;
  if (v->size() > 18 ||
      !std::all_of(v->begin(), v->end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return Status::InvalidArgument("'" + name + "' must be an integer");
  }
  int64_t n = std::stoll(*v);
  if (n < min || n > max) {
    return Status::InvalidArgument("'" + name + "' must be between " + std::to_string(min) +
                                   " and " + std::to_string(max));
  }
  return n;
}

Status GetFindings(HttpExchange& ex, AccessServices& a) {
  access::FindingQuery q;
  GARANT_ASSIGN_OR_RETURN(q.rule, Filter(ex, "rule", KnownRule));
  GARANT_ASSIGN_OR_RETURN(q.account, Filter(ex, "account", governance::ValidIdentifier));
  GARANT_ASSIGN_OR_RETURN(q.project, Filter(ex, "project", ProjectRef));
  GARANT_ASSIGN_OR_RETURN(q.from, TimeFilter(ex, "from"));
  GARANT_ASSIGN_OR_RETURN(q.to, TimeFilter(ex, "to"));
  GARANT_ASSIGN_OR_RETURN(q.status, Filter(ex, "status", [](std::string_view s) {
                            return access::ParseCaseStatus(s).has_value();
                          }));
  GARANT_ASSIGN_OR_RETURN(q.limit, IntFilter(ex, "limit", kDefaultLimit, 1, kMaxLimit));
  if (ex.Query("cursor") && !ex.Query("cursor")->empty()) {
    GARANT_ASSIGN_OR_RETURN(int64_t c, IntFilter(ex, "cursor", 0, 1, INT64_MAX / 2));
    q.before_seq = c;
  }
  GARANT_ASSIGN_OR_RETURN(access::FindingPage page, a.store.ListFindings(q));
  GARANT_RETURN_IF_ERROR(RecordOwnRead(a.s, ex, "api/findings").status());
  boost::json::array list;
  for (const auto& f : page.findings) {
    boost::json::object o;
    o["id"] = f.id;
    o["rule"] = f.rule;
    o["severity"] = f.severity;
    o["event_id"] = f.event_id;
    o["index"] = f.event_index;
    o["account"] = f.account;
    o["project"] = f.project ? boost::json::value(*f.project) : boost::json::value(nullptr);
    o["case_id"] = f.case_id;
    o["status"] = f.status;
    o["occurred_at"] = FormatRfc3339Utc(f.occurred_at);
    o["raised_at"] = FormatRfc3339Utc(f.raised_at);
    o["explanation"] = f.explanation;
    boost::system::error_code ec;
    boost::json::value facts = boost::json::parse(f.facts, ec);
    o["facts"] = ec ? boost::json::value(boost::json::object()) : std::move(facts);
    o["finding_index"] = f.audit_index;
    list.push_back(std::move(o));
  }
  boost::json::object out;
  out["findings"] = std::move(list);
  out["next_cursor"] = page.next_cursor ? boost::json::value(std::to_string(*page.next_cursor))
                                        : boost::json::value(nullptr);
  ex.SendJson(200, out);
  return Status::Ok();
}

}  // namespace

// GET /api/v1/audit/trail (trail_routes.cc).
void AddTrailRoutes(Router& router, Services& services);

void AddAccessRoutes(Router& router, Services& services) {
  AddTrailRoutes(router, services);
  const access::RuleConfig rules = Rules(services.config);
  auto a = std::make_shared<AccessServices>(services, rules);
  AddAccessWorker(services, rules);
  auto bind = [a](Status (*h)(HttpExchange&, AccessServices&)) -> Handler {
    return [a, h](HttpExchange& ex) { return h(ex, *a); };
  };
  router.Add({.method = "POST",
              .pattern = "/api/v1/access-events",
              .kind = ResponseKind::kJson,
              .access = Access::kRoles,
              .roles = kWarehouse,
              .csrf = CsrfRule::kNone,
              .handler = bind(PostAccessEvents)});
  router.Add({.method = "PUT",
              .pattern = "/api/v1/patient-sets/{sha256}",
              .kind = ResponseKind::kJson,
              .access = Access::kRoles,
              .roles = kWarehouse,
              .csrf = CsrfRule::kNone,
              .handler = bind(PutPatientSet)});
  router.Add({.method = "GET",
              .pattern = "/api/v1/findings",
              .kind = ResponseKind::kJson,
              .access = Access::kRoles,
              .roles = kFindingReaders,
              .csrf = CsrfRule::kNone,
              .handler = bind(GetFindings)});
  AddCaseRoutes(router, services);
}

}  // namespace garant::server
