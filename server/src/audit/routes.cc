// The audit log over HTTP: C2SP tlog-tiles under /tlog/ (audit_tlog.cc), the
// auditor and event API under /api/v1/audit/ (audit_api.cc), and the
// auditor console /audit (audit_console.cc).
#include "http/routes.h"

#include <spdlog/spdlog.h>

#include "audit/http.h"
#include "garant/audit/hash.h"
#include "garant/audit/leaf.h"
#include "garant/core/clock.h"
#include "garant/core/decimal.h"

namespace garant::server {

const std::vector<std::string> kAuditReadRoles = {kRoleAuditor, kRoleDpo, kRoleAdmin};
const std::vector<std::string> kAuditWriteRoles = {kRoleWarehouse, kRoleIngestion};

Result<std::optional<LatestCheckpoint>> ReadLatestCheckpoint(db::Connection& conn) {
  GARANT_ASSIGN_OR_RETURN(db::Rows rows, conn.Exec("SELECT note, signed_at FROM audit_checkpoints "
                                                   "ORDER BY size DESC LIMIT 1"));
  if (rows.empty()) return std::optional<LatestCheckpoint>();
  LatestCheckpoint out;
  out.note = rows.Str(0, 0);
  out.signed_at = FormatRfc3339UtcSeconds(rows.Time(0, 1));
  GARANT_ASSIGN_OR_RETURN(audit::Note note, audit::ParseNote(out.note));
  GARANT_ASSIGN_OR_RETURN(out.checkpoint, audit::ParseCheckpoint(note.text));
  return std::optional<LatestCheckpoint>(std::move(out));
}

Result<uint64_t> ParseLogIndex(std::string_view s, std::string_view what) {
  auto bad = [&] {
    return Status::InvalidArgument(std::string(what) + " must be a non-negative integer");
  };
  std::optional<int64_t> v = ParseDecimal(s, {.max = static_cast<int64_t>(audit::kMaxTreeSize)});
  if (!v) return bad();
  return static_cast<uint64_t>(*v);
}

boost::json::object EntryJson(uint64_t index, ByteView leaf, ByteView leaf_hash) {
  boost::json::object o;
  o["index"] = index;
  o["leaf_hash"] = HexEncode(leaf_hash);
  auto e = audit::DecodeLeaf(leaf);
  if (!e.ok()) {
    o["decode_error"] = e.status().message();
    return o;
  }
  o["id"] = e->id;
  o["type"] = e->type;
  o["time"] = audit::FormatLeafTime(e->time);
  o["actor"] = e->actor;
  o["object"] = e->object;
  boost::system::error_code ec;
  boost::json::value payload = boost::json::parse(e->payload, ec);
  if (ec) {
    o["payload_text"] = e->payload;
  } else {
    o["payload"] = std::move(payload);
  }
  return o;
}

Result<std::vector<AuditRow>> SearchAuditEntries(db::Connection& conn, const AuditQuery& q) {
  std::optional<std::string> before;
  if (q.before) before = std::to_string(*q.before);
  // Unnamed statements are planned with their parameter values, so the
  // "$n IS NULL OR ..." filters cost nothing when unused.
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      conn.Exec("SELECT idx, leaf, leaf_hash FROM audit_entries "
                "WHERE ($1::text IS NULL OR event_type = $1) "
                "AND ($2::text IS NULL OR actor = $2) "
                "AND ($3::text IS NULL OR object = $3) "
                "AND ($4::timestamptz IS NULL OR event_time >= $4::timestamptz) "
                "AND ($5::timestamptz IS NULL OR event_time < $5::timestamptz) "
                "AND ($6::bigint IS NULL OR idx < $6::bigint) "
                "ORDER BY idx DESC LIMIT $7",
                {db::Param::Optional(q.type), db::Param::Optional(q.actor),
                 db::Param::Optional(q.object), db::Param::Optional(q.from),
                 db::Param::Optional(q.to), db::Param::Optional(before), db::Param(q.limit)}));
  std::vector<AuditRow> out;
  out.reserve(static_cast<size_t>(rows.size()));
  for (int r = 0; r < rows.size(); ++r) {
    out.push_back({static_cast<uint64_t>(rows.Int(r, 0)), rows.Bytea(r, 1), rows.Bytea(r, 2)});
  }
  return out;
}

boost::json::array DigestsJson(const std::vector<audit::Digest>& digests) {
  boost::json::array a;
  for (const auto& d : digests) a.emplace_back(Base64Encode(d));
  return a;
}

void AddAuditRoutes(Router& router, Services& services) {
  crypto::Ed25519Seed seed{};
  std::copy(services.keys.signing_seed.begin(), services.keys.signing_seed.end(), seed.begin());
  const std::string& origin = services.config.audit_origin;
  auto signer = audit::NoteSigner::Ed25519(origin, seed);
  if (!signer.ok()) {
    // The server refuses to start earlier on a bad origin; keep the routes off.
    spdlog::error("audit routes disabled: {}", signer.status().ToString());
    return;
  }
  auto ctx = std::make_shared<AuditHttp>(AuditHttp{services, origin, signer->Verifier()});
  AddAuditTlogRoutes(router, ctx);
  AddAuditApiRoutes(router, ctx);
  AddAuditConsoleRoutes(router, ctx);
}

}  // namespace garant::server
