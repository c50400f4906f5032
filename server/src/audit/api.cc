// The audit API (JSON):
//   GET  /api/v1/audit/entries                 search (type, actor, object, from, to), paginated
//   GET  /api/v1/audit/entries/{index}         one entry, decoded, with its inclusion proof
//   GET  /api/v1/audit/proof/inclusion         ?index=&size=
//   GET  /api/v1/audit/proof/consistency       ?old=&new=
//   GET  /api/v1/audit/receipt/{index}         C2SP tlog-proof (text)
//   POST /api/v1/audit/events                  services report events, ≤ 10,000 per batch
// Reading is for auditors (auditor, dpo, admin); reporting for the warehouse
// and ingestion services, whose token id is the actor of every event they send.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "audit/http.h"
#include "garant/audit/leaf.h"
#include "garant/audit/merkle.h"
#include "garant/audit/tile.h"
#include "garant/audit/tlog_proof.h"
#include "garant/core/clock.h"
#include "garant/core/json.h"

namespace garant::server {
namespace {

using db::Param;

constexpr size_t kMaxBatch = 10000;
constexpr int64_t kMaxBatchBody = 64LL << 20;  // 64 MiB for a full batch
constexpr int kDefaultLimit = 100;
constexpr int kMaxLimit = 500;

Param Int(uint64_t v) { return Param(static_cast<int64_t>(v)); }

// An optional query parameter as RFC 3339 → leaf time text (for ::timestamptz).
Result<std::optional<std::string>> TimeQuery(HttpExchange& ex, const std::string& name) {
  auto v = ex.Query(name);
  if (!v || v->empty()) return std::optional<std::string>();
  TimePoint t;
  if (!ParseRfc3339(*v, &t)) {
    return Status::InvalidArgument("'" + name +
                                   "' must be an RFC 3339 time, e.g. "
                                   "2026-11-28T17:20:51Z");
  }
  return std::optional<std::string>(audit::FormatLeafTime(t));
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

void SearchEntries(HttpExchange& ex, AuditHttp& ctx) {
  auto type = TextQuery(ex, "type", audit::kMaxTypeSize);
  if (!type.ok()) return ex.SendError(type.status());
  auto actor = TextQuery(ex, "actor", 80);
  if (!actor.ok()) return ex.SendError(actor.status());
  auto object = TextQuery(ex, "object", audit::kMaxObjectSize);
  if (!object.ok()) return ex.SendError(object.status());
  auto from = TimeQuery(ex, "from");
  if (!from.ok()) return ex.SendError(from.status());
  auto to = TimeQuery(ex, "to");
  if (!to.ok()) return ex.SendError(to.status());
  int64_t limit = kDefaultLimit;
  if (auto l = ex.Query("limit"); l && !l->empty()) {
    auto v = ParseLogIndex(*l, "limit");
    if (!v.ok() || *v < 1 || *v > static_cast<uint64_t>(kMaxLimit)) {
      return ex.SendError(400, "invalid_argument", "'limit' must be between 1 and 500");
    }
    limit = static_cast<int64_t>(*v);
  }
  AuditQuery q;
  q.type = *type;
  q.actor = *actor;
  q.object = *object;
  q.from = *from;
  q.to = *to;
  q.limit = limit;
  if (auto c = ex.Query("cursor"); c && !c->empty()) {
    auto v = ParseLogIndex(*c, "cursor");
    if (!v.ok()) return ex.SendError(v.status());
    q.before = *v;
  }
  auto conn = ctx.s.pool.Acquire();
  if (!conn.ok()) return ex.SendError(conn.status());
  auto rows = SearchAuditEntries(**conn, q);
  if (!rows.ok()) return ex.SendError(rows.status());
  auto head = audit::ReadTreeHead(**conn);
  if (!head.ok()) return ex.SendError(head.status());
  auto signed_size = audit::LatestCheckpointSize(**conn);
  if (!signed_size.ok()) return ex.SendError(signed_size.status());
  boost::json::array entries;
  for (const AuditRow& row : *rows) {
    boost::json::object e = EntryJson(row.index, row.leaf, row.leaf_hash);
    e["signed"] = signed_size->has_value() && row.index < **signed_size;
    entries.emplace_back(std::move(e));
  }
  boost::json::object out;
  out["entries"] = std::move(entries);
  out["tree_size"] = head->size;
  out["signed_size"] = signed_size->has_value() ? boost::json::value(**signed_size) : nullptr;
  if (static_cast<int64_t>(rows->size()) == limit && !rows->empty()) {
    out["next_cursor"] = std::to_string(rows->back().index);
  } else {
    out["next_cursor"] = nullptr;
  }
  ex.SendJson(200, out);
}

void GetEntry(HttpExchange& ex, AuditHttp& ctx) {
  auto index = ParseLogIndex(ex.params().at("index"), "index");
  if (!index.ok()) return ex.SendError(index.status());
  auto conn = ctx.s.pool.Acquire();
  if (!conn.ok()) return ex.SendError(conn.status());
  auto rows = (*conn)->Exec("SELECT leaf, leaf_hash, chain FROM audit_entries WHERE idx = $1",
                            {Int(*index)});
  if (!rows.ok()) return ex.SendError(rows.status());
  if (rows->empty()) return ex.SendError(404, "not_found", "no entry at this index");
  Bytes leaf = rows->Bytea(0, 0);
  boost::json::object out = EntryJson(*index, leaf, rows->Bytea(0, 1));
  out["chain"] = HexEncode(rows->Bytea(0, 2));
  out["leaf"] = std::string(AsString(leaf));
  auto latest = ReadLatestCheckpoint(**conn);
  if (!latest.ok()) return ex.SendError(latest.status());
  if (!latest->has_value() || *index >= (*latest)->checkpoint.head.size) {
    out["signed"] = false;
    out["inclusion_proof"] = nullptr;
    out["checkpoint"] = nullptr;
    return ex.SendJson(200, out);
  }
  const audit::TreeHead& head = (*latest)->checkpoint.head;
  audit::PgTileReader tiles(**conn);
  audit::TileHashReader reader(head.size, tiles);
  auto proof = audit::ProveRecord(head.size, *index, reader);
  if (!proof.ok()) return ex.SendError(proof.status());
  out["signed"] = true;
  out["inclusion_proof"] = DigestsJson(*proof);
  boost::json::object cp;
  cp["size"] = head.size;
  cp["root"] = Base64Encode(head.root);
  cp["note"] = (*latest)->note;
  cp["signed_at"] = (*latest)->signed_at;
  out["checkpoint"] = std::move(cp);
  ex.SendJson(200, out);
}

void InclusionProof(HttpExchange& ex, AuditHttp& ctx) {
  auto index = ParseLogIndex(ex.Query("index").value_or(""), "index");
  if (!index.ok()) return ex.SendError(index.status());
  auto size = ParseLogIndex(ex.Query("size").value_or(""), "size");
  if (!size.ok()) return ex.SendError(size.status());
  auto conn = ctx.s.pool.Acquire();
  if (!conn.ok()) return ex.SendError(conn.status());
  auto head = audit::ReadTreeHead(**conn);
  if (!head.ok()) return ex.SendError(head.status());
  if (*size > head->size) {
    return ex.SendError(400, "invalid_argument",
                        "size is beyond the tree size " + std::to_string(head->size));
  }
  if (*index >= *size) return ex.SendError(400, "invalid_argument", "index must be below size");
  audit::PgTileReader tiles(**conn);
  audit::TileHashReader reader(*size, tiles);
  auto proof = audit::ProveRecord(*size, *index, reader);
  if (!proof.ok()) return ex.SendError(proof.status());
  auto root = audit::TreeHash(*size, reader);
  if (!root.ok()) return ex.SendError(root.status());
  auto leaf = reader.Hash(0, *index);
  if (!leaf.ok()) return ex.SendError(leaf.status());
  boost::json::object out;
  out["index"] = *index;
  out["size"] = *size;
  out["leaf_hash"] = Base64Encode(*leaf);
  out["root"] = Base64Encode(*root);
  out["proof"] = DigestsJson(*proof);
  ex.SendJson(200, out);
}

void ConsistencyProof(HttpExchange& ex, AuditHttp& ctx) {
  auto old_size = ParseLogIndex(ex.Query("old").value_or(""), "old");
  if (!old_size.ok()) return ex.SendError(old_size.status());
  auto new_size = ParseLogIndex(ex.Query("new").value_or(""), "new");
  if (!new_size.ok()) return ex.SendError(new_size.status());
  auto conn = ctx.s.pool.Acquire();
  if (!conn.ok()) return ex.SendError(conn.status());
  auto head = audit::ReadTreeHead(**conn);
  if (!head.ok()) return ex.SendError(head.status());
  if (*new_size > head->size) {
    return ex.SendError(400, "invalid_argument",
                        "new is beyond the tree size " + std::to_string(head->size));
  }
  if (*old_size > *new_size) return ex.SendError(400, "invalid_argument", "old must be <= new");
  audit::PgTileReader tiles(**conn);
  audit::TileHashReader reader(*new_size, tiles);
  auto proof = audit::ProveTree(*new_size, *old_size, reader);
  if (!proof.ok()) return ex.SendError(proof.status());
  auto new_root = audit::TreeHash(*new_size, reader);
  if (!new_root.ok()) return ex.SendError(new_root.status());
  audit::TileHashReader old_reader(*old_size, tiles);
  auto old_root = audit::TreeHash(*old_size, old_reader);
  if (!old_root.ok()) return ex.SendError(old_root.status());
  boost::json::object out;
  out["old"] = *old_size;
  out["new"] = *new_size;
  out["old_root"] = Base64Encode(*old_root);
  out["new_root"] = Base64Encode(*new_root);
  out["proof"] = DigestsJson(*proof);
  ex.SendJson(200, out);
}

void Receipt(HttpExchange& ex, AuditHttp& ctx) {
  auto index = ParseLogIndex(ex.params().at("index"), "index");
  if (!index.ok()) return ex.SendError(index.status());
  auto conn = ctx.s.pool.Acquire();
  if (!conn.ok()) return ex.SendError(conn.status());
  auto exists = (*conn)->Exec("SELECT 1 FROM audit_entries WHERE idx = $1", {Int(*index)});
  if (!exists.ok()) return ex.SendError(exists.status());
  if (exists->empty()) return ex.SendError(404, "not_found", "no entry at this index");
  auto latest = ReadLatestCheckpoint(**conn);
  if (!latest.ok()) return ex.SendError(latest.status());
  if (!latest->has_value() || *index >= (*latest)->checkpoint.head.size) {
    ex.SetHeader("Retry-After", "2");
    return ex.SendError(503, "unavailable",
                        "the entry is not in a signed checkpoint yet; retry in a moment");
  }
  audit::PgTileReader tiles(**conn);
  audit::TileHashReader reader((*latest)->checkpoint.head.size, tiles);
  auto proof = audit::BuildTlogProof(*index, (*latest)->note, reader);
  if (!proof.ok()) return ex.SendError(proof.status());
  ex.SetHeader("Content-Disposition",
               "attachment; filename=\"audit-" + std::to_string(*index) + ".tlog-proof\"");
  ex.SendText(200, "text/plain; charset=utf-8", audit::FormatTlogProof(*proof));
}

// One event of a batch; actor is the caller's, never the body's.
Result<audit::Event> ReadEvent(const boost::json::value& v, const std::string& actor) {
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
  return e;
}

void PostEvents(HttpExchange& ex, AuditHttp& ctx) {
  if (ctx.s.appender == nullptr) {
    return ex.SendError(503, "unavailable", "the audit log is not running");
  }
  ex.set_max_body_bytes(std::max<int64_t>(ctx.s.config.max_body_bytes, kMaxBatchBody));
  auto body = ex.JsonBody();
  if (!body.ok()) return ex.SendError(body.status());
  for (const auto& kv : *body) {
    if (kv.key() != "events") {
      return ex.SendError(400, "invalid_argument", "unknown field '" + std::string(kv.key()) + "'");
    }
  }
  const boost::json::value* list = body->if_contains("events");
  if (list == nullptr || !list->is_array()) {
    return ex.SendError(400, "invalid_argument", "field 'events' must be an array");
  }
  const boost::json::array& items = list->as_array();
  if (items.empty()) return ex.SendError(400, "invalid_argument", "'events' is empty");
  if (items.size() > kMaxBatch) {
    return ex.SendError(
        413, "too_large",
        "at most 10000 events per batch (got " + std::to_string(items.size()) + ")");
  }
  const std::string actor = ex.principal().Actor();
  std::vector<audit::Event> events;
  events.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    auto e = ReadEvent(items[i], actor);
    if (!e.ok()) {
      const Status& st = e.status();
      return ex.SendError(HttpStatusFor(st.code()), CodeName(st.code()),
                          "events[" + std::to_string(i) + "]: " + st.message());
    }
    events.push_back(std::move(*e));
  }
  auto indexes = ctx.s.appender->Append(std::move(events));
  if (!indexes.ok()) {
    const Status& st = indexes.status();
    if (st.code() == Code::kAlreadyExists) {
      return ex.SendError(409, "already_exists", st.message());
    }
    spdlog::error("audit events from {} not appended: {}", actor, st.ToString());
    return ex.SendError(st);
  }
  boost::json::array out_indexes;
  for (uint64_t i : *indexes) out_indexes.emplace_back(i);
  boost::json::object out;
  out["count"] = indexes->size();
  out["indexes"] = std::move(out_indexes);
  ex.SendJson(200, out);
}

}  // namespace

void AddAuditApiRoutes(Router& router, std::shared_ptr<AuditHttp> ctx) {
  router.Add({"GET", "/api/v1/audit/entries", ResponseKind::kJson, Access::kRoles, kAuditReadRoles,
              CsrfRule::kNone, [ctx](HttpExchange& ex) { SearchEntries(ex, *ctx); }});
  router.Add({"GET", "/api/v1/audit/entries/{index}", ResponseKind::kJson, Access::kRoles,
              kAuditReadRoles, CsrfRule::kNone, [ctx](HttpExchange& ex) { GetEntry(ex, *ctx); }});
  router.Add({"GET", "/api/v1/audit/proof/inclusion", ResponseKind::kJson, Access::kRoles,
              kAuditReadRoles, CsrfRule::kNone,
              [ctx](HttpExchange& ex) { InclusionProof(ex, *ctx); }});
  router.Add({"GET", "/api/v1/audit/proof/consistency", ResponseKind::kJson, Access::kRoles,
              kAuditReadRoles, CsrfRule::kNone,
              [ctx](HttpExchange& ex) { ConsistencyProof(ex, *ctx); }});
  router.Add({"GET", "/api/v1/audit/receipt/{index}", ResponseKind::kText, Access::kRoles,
              kAuditReadRoles, CsrfRule::kNone, [ctx](HttpExchange& ex) { Receipt(ex, *ctx); }});
  router.Add({"POST", "/api/v1/audit/events", ResponseKind::kJson, Access::kRoles, kAuditWriteRoles,
              CsrfRule::kNone, [ctx](HttpExchange& ex) { PostEvents(ex, *ctx); }});
}

}  // namespace garant::server
