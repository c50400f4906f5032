// The audit API (JSON):
//   GET  /api/v1/audit/entries                 search (type, actor, object, from, to), paginated
//   GET  /api/v1/audit/entries/{index}         one entry, decoded, with its inclusion proof
//                                              (a pruned entry: "pruned": true, no content,
//                                              its proof still given)
//   GET  /api/v1/audit/proof/inclusion         ?index=&size=
//   GET  /api/v1/audit/proof/consistency       ?old=&new=
//   GET  /api/v1/audit/receipt/{index}         C2SP tlog-proof (text)
//   POST /api/v1/audit/events                  services report events, ≤ 10,000 per batch
// Reading is for auditors (auditor, dpo, admin, and auditor service tokens);
// reporting for the warehouse and ingestion services, whose token id is the
// actor of every event they send. Reported events may not use garant's own
// type roots nor be dated more than 5 minutes ahead (audit/reported_events.h):
// one such event refuses the whole batch (400 with a reason), nothing written.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "access/own_events.h"
#include "audit/http.h"
#include "audit/reported_events.h"
#include "garant/audit/leaf.h"
#include "garant/audit/log_queries.h"
#include "garant/audit/tlog_proof.h"
#include "garant/core/clock.h"
#include "garant/core/json.h"

namespace garant::server {
namespace {

constexpr size_t kMaxBatch = 10000;
constexpr int64_t kMaxBatchBody = 64LL << 20;  // 64 MiB for a full batch
constexpr int kDefaultLimit = 100;
constexpr int kMaxLimit = 500;

// An optional query parameter as RFC 3339.
Result<std::optional<TimePoint>> TimeQuery(HttpExchange& ex, const std::string& name) {
  auto v = ex.Query(name);
  if (!v || v->empty()) return std::optional<TimePoint>();
  TimePoint t;
  if (!ParseRfc3339(*v, &t)) {
    return Status::InvalidArgument("'" + name +
                                   "' must be an RFC 3339 time, e.g. "
                                   "2026-11-28T17:20:51Z");
  }
  return std::optional<TimePoint>(t);
}

Result<std::optional<std::string>> TextQuery(HttpExchange& ex, const std::string& name,
                                             size_t max_len) {
  auto v = ex.Query(name);
  if (!v || v->empty()) return std::optional<std::string>();
  if (v->size() > max_len || !IsValidUtf8(*v) || v->find('\0') != std::string::npos) {
    return Status::InvalidArgument("'" + name + "' is too long or not valid text");
  }
  return v;
}

Result<audit::EntryFilter> ReadFilter(HttpExchange& ex) {
  audit::EntryFilter f;
  GARANT_ASSIGN_OR_RETURN(f.type, TextQuery(ex, "type", audit::kMaxTypeSize));
  GARANT_ASSIGN_OR_RETURN(f.actor, TextQuery(ex, "actor", 80));
  GARANT_ASSIGN_OR_RETURN(f.object, TextQuery(ex, "object", audit::kMaxObjectSize));
  GARANT_ASSIGN_OR_RETURN(f.from, TimeQuery(ex, "from"));
  GARANT_ASSIGN_OR_RETURN(f.to, TimeQuery(ex, "to"));
  f.limit = kDefaultLimit;
  if (auto l = ex.Query("limit"); l && !l->empty()) {
    auto v = ParseLogIndex(*l, "limit");
    if (!v.ok() || *v < 1 || *v > static_cast<uint64_t>(kMaxLimit)) {
      return Status::InvalidArgument("'limit' must be between 1 and 500");
    }
    f.limit = static_cast<int64_t>(*v);
  }
  if (auto c = ex.Query("cursor"); c && !c->empty()) {
    GARANT_ASSIGN_OR_RETURN(f.before, ParseLogIndex(*c, "cursor"));
  }
  return f;
}

boost::json::value OptionalJson(const std::optional<uint64_t>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

Status SearchEntries(HttpExchange& ex, AuditHttp& ctx) {
  auto filter = ReadFilter(ex);
  if (!filter.ok()) return filter.status();
  // Reading the log is recorded first (no connection held meanwhile).
  GARANT_RETURN_IF_ERROR(RecordOwnRead(ctx.s, ex, "api/audit/entries").status());
  auto conn = ctx.s.pool.Acquire();
  if (!conn.ok()) return conn.status();
  auto page = audit::SearchEntries(**conn, *filter);
  if (!page.ok()) return page.status();
  boost::json::array entries;
  for (const audit::EntryRow& row : page->entries) {
    boost::json::object e = EntryJson(row.index, row.leaf, row.leaf_hash, row.pruned);
    e["signed"] = row.is_signed;
    entries.emplace_back(std::move(e));
  }
  boost::json::object out;
  out["entries"] = std::move(entries);
  out["tree_size"] = page->tree_size;
  out["signed_size"] = OptionalJson(page->signed_size);
  out["next_cursor"] = page->next_cursor ? boost::json::value(std::to_string(*page->next_cursor))
                                         : boost::json::value(nullptr);
  ex.SendJson(200, out);
  return Status::Ok();
}

Status GetEntry(HttpExchange& ex, AuditHttp& ctx) {
  auto index = ParseLogIndex(ex.params().at("index"), "index");
  if (!index.ok()) return index.status();
  GARANT_RETURN_IF_ERROR(
      RecordOwnRead(ctx.s, ex, "api/audit/entries/" + std::to_string(*index)).status());
  auto conn = ctx.s.pool.Acquire();
  if (!conn.ok()) return conn.status();
  auto entry = audit::ReadEntryWithProof(**conn, *index);
  if (!entry.ok()) return entry.status();
  boost::json::object out = EntryJson(*index, entry->leaf, entry->leaf_hash, entry->pruned);
  out["chain"] = HexEncode(entry->chain);
  out["leaf"] = entry->pruned ? boost::json::value(nullptr)
                              : boost::json::value(std::string(AsString(entry->leaf)));
  out["signed"] = entry->checkpoint.has_value();
  out["inclusion_proof"] = nullptr;
  out["checkpoint"] = nullptr;
  if (const auto& latest = entry->checkpoint) {
    out["inclusion_proof"] = DigestsJson(entry->inclusion_proof);
    boost::json::object cp;
    cp["size"] = latest->checkpoint.head.size;
    cp["root"] = Base64Encode(latest->checkpoint.head.root);
    cp["note"] = latest->note;
    cp["signed_at"] = latest->signed_at;
    out["checkpoint"] = std::move(cp);
  }
  ex.SendJson(200, out);
  return Status::Ok();
}

Status InclusionProof(HttpExchange& ex, AuditHttp& ctx) {
  auto index = ParseLogIndex(ex.Query("index").value_or(""), "index");
  if (!index.ok()) return index.status();
  auto size = ParseLogIndex(ex.Query("size").value_or(""), "size");
  if (!size.ok()) return size.status();
  auto conn = ctx.s.pool.Acquire();
  if (!conn.ok()) return conn.status();
  auto proof = audit::ProveInclusionAt(**conn, *index, *size);
  if (!proof.ok()) return proof.status();
  boost::json::object out;
  out["index"] = *index;
  out["size"] = *size;
  out["leaf_hash"] = Base64Encode(proof->leaf_hash);
  out["root"] = Base64Encode(proof->root);
  out["proof"] = DigestsJson(proof->proof);
  ex.SendJson(200, out);
  return Status::Ok();
}

Status ConsistencyProof(HttpExchange& ex, AuditHttp& ctx) {
  auto old_size = ParseLogIndex(ex.Query("old").value_or(""), "old");
  if (!old_size.ok()) return old_size.status();
  auto new_size = ParseLogIndex(ex.Query("new").value_or(""), "new");
  if (!new_size.ok()) return new_size.status();
  auto conn = ctx.s.pool.Acquire();
  if (!conn.ok()) return conn.status();
  auto proof = audit::ProveConsistencyBetween(**conn, *old_size, *new_size);
  if (!proof.ok()) return proof.status();
  boost::json::object out;
  out["old"] = *old_size;
  out["new"] = *new_size;
  out["old_root"] = Base64Encode(proof->old_root);
  out["new_root"] = Base64Encode(proof->new_root);
  out["proof"] = DigestsJson(proof->proof);
  ex.SendJson(200, out);
  return Status::Ok();
}

Status Receipt(HttpExchange& ex, AuditHttp& ctx) {
  auto index = ParseLogIndex(ex.params().at("index"), "index");
  if (!index.ok()) return index.status();
  auto conn = ctx.s.pool.Acquire();
  if (!conn.ok()) return conn.status();
  auto proof = audit::ReceiptFor(**conn, *index);
  if (!proof.ok()) {
    if (proof.status().code() == Code::kUnavailable) ex.SetHeader("Retry-After", "2");
    return proof.status();
  }
  ex.SetHeader("Content-Disposition",
               "attachment; filename=\"audit-" + std::to_string(*index) + ".tlog-proof\"");
  ex.SendText(200, "text/plain; charset=utf-8", audit::FormatTlogProof(*proof));
  return Status::Ok();
}

// One event of a batch; actor is the caller's, never the body's. `now`:
// garant's clock, for the future bound (audit/reported_events.h).
Result<audit::Event> ReadEvent(const boost::json::value& v, const std::string& actor,
                               TimePoint now) {
  if (!v.is_object()) return Status::InvalidArgument("must be an object");
  const boost::json::object& o = v.as_object();
  JsonFields f(o);
  audit::Event e;
  GARANT_ASSIGN_OR_RETURN(e.id, f.RequiredString("id", 64));
  for (char& c : e.id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  GARANT_ASSIGN_OR_RETURN(e.type, f.RequiredString("type", audit::kMaxTypeSize));
  GARANT_ASSIGN_OR_RETURN(std::string time, f.RequiredString("time", 64));
  if (auto t = audit::ParseLeafTime(time); t.ok()) {
    e.time = *t;
  } else if (!ParseRfc3339(time, &e.time)) {
    return Status::InvalidArgument("field 'time' must be an RFC 3339 UTC time");
  }
  GARANT_ASSIGN_OR_RETURN(std::optional<std::string> object,
                          f.OptionalString("object", audit::kMaxObjectSize));
  e.object = object.value_or("");
  if (o.contains("payload") && !o.at("payload").is_null()) {
    GARANT_ASSIGN_OR_RETURN(const boost::json::object* payload, f.RequiredObject("payload"));
    e.payload = boost::json::serialize(*payload);
  } else {
    (void)f.OptionalString("payload", 0);  // marks it known (absent or null)
    e.payload = "{}";
  }
  GARANT_RETURN_IF_ERROR(f.RejectUnknown());
  e.actor = actor;
  GARANT_RETURN_IF_ERROR(audit::ValidateEvent(e));
  GARANT_RETURN_IF_ERROR(CheckReportedEvent(e, now));
  return e;
}

Status PostEvents(HttpExchange& ex, AuditHttp& ctx) {
  if (ctx.s.appender == nullptr) {
    return Status::Unavailable("the audit log is not running");
  }
  ex.set_max_body_bytes(std::max<int64_t>(ctx.s.config.max_body_bytes, kMaxBatchBody));
  auto body = ex.JsonBody();
  if (!body.ok()) return body.status();
  for (const auto& kv : *body) {
    if (kv.key() != "events") {
      return Status::InvalidArgument("unknown field '" + std::string(kv.key()) + "'");
    }
  }
  const boost::json::value* list = body->if_contains("events");
  if (list == nullptr || !list->is_array()) {
    return Status::InvalidArgument("field 'events' must be an array");
  }
  const boost::json::array& items = list->as_array();
  if (items.empty()) return Status::InvalidArgument("'events' is empty");
  if (items.size() > kMaxBatch) {
    return Status::TooLarge("at most 10000 events per batch (got " + std::to_string(items.size()) +
                            ")");
  }
  const std::string actor = ex.principal().Actor();
  const TimePoint now = ctx.s.clock.Now();
  std::vector<audit::Event> events;
  events.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    auto e = ReadEvent(items[i], actor, now);
    if (!e.ok()) {
      const Status& st = e.status();
      return Status(st.code(), "events[" + std::to_string(i) + "]: " + st.message(), st.reason());
    }
    events.push_back(std::move(*e));
  }
  auto indexes = ctx.s.appender->Append(std::move(events));
  if (!indexes.ok()) {
    const Status& st = indexes.status();
    if (st.code() == Code::kAlreadyExists) {
      return Status::AlreadyExists(st.message());
    }
    spdlog::error("audit events from {} not appended: {}", actor, st.ToString());
    return st;
  }
  boost::json::array out_indexes;
  for (uint64_t i : *indexes) out_indexes.emplace_back(i);
  boost::json::object out;
  out["count"] = indexes->size();
  out["indexes"] = std::move(out_indexes);
  ex.SendJson(200, out);
  return Status::Ok();
}

}  // namespace

void AddAuditApiRoutes(Router& router, std::shared_ptr<AuditHttp> ctx) {
  router.Add({.method = "GET",
              .pattern = "/api/v1/audit/entries",
              .kind = ResponseKind::kJson,
              .access = Access::kRoles,
              .roles = kAuditReadRoles,
              .csrf = CsrfRule::kNone,
              .handler = [ctx](HttpExchange& ex) -> Status { return SearchEntries(ex, *ctx); }});
  router.Add({.method = "GET",
              .pattern = "/api/v1/audit/entries/{index}",
              .kind = ResponseKind::kJson,
              .access = Access::kRoles,
              .roles = kAuditReadRoles,
              .csrf = CsrfRule::kNone,
              .handler = [ctx](HttpExchange& ex) -> Status { return GetEntry(ex, *ctx); }});
  router.Add({.method = "GET",
              .pattern = "/api/v1/audit/proof/inclusion",
              .kind = ResponseKind::kJson,
              .access = Access::kRoles,
              .roles = kAuditReadRoles,
              .csrf = CsrfRule::kNone,
              .handler = [ctx](HttpExchange& ex) -> Status { return InclusionProof(ex, *ctx); }});
  router.Add({.method = "GET",
              .pattern = "/api/v1/audit/proof/consistency",
              .kind = ResponseKind::kJson,
              .access = Access::kRoles,
              .roles = kAuditReadRoles,
              .csrf = CsrfRule::kNone,
              .handler = [ctx](HttpExchange& ex) -> Status { return ConsistencyProof(ex, *ctx); }});
  router.Add({.method = "GET",
              .pattern = "/api/v1/audit/receipt/{index}",
              .kind = ResponseKind::kText,
              .access = Access::kRoles,
              .roles = kAuditReadRoles,
              .csrf = CsrfRule::kNone,
              .handler = [ctx](HttpExchange& ex) -> Status { return Receipt(ex, *ctx); }});
  router.Add({.method = "POST",
              .pattern = "/api/v1/audit/events",
              .kind = ResponseKind::kJson,
              .access = Access::kRoles,
              .roles = kAuditWriteRoles,
              .csrf = CsrfRule::kNone,
              .handler = [ctx](HttpExchange& ex) -> Status { return PostEvents(ex, *ctx); }});
}

}  // namespace garant::server
