// The audit log over HTTP: C2SP tlog-tiles under /tlog/ (tlog.cc), the
// auditor and event API under /api/v1/audit/ (api.cc), and the auditor
// console /audit (console.cc). What they read comes from
// garant/audit/log_queries.h.
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

Result<uint64_t> ParseLogIndex(std::string_view s, std::string_view what) {
  auto bad = [&] {
    return Status::InvalidArgument(std::string(what) + " must be a non-negative integer");
  };
  std::optional<int64_t> v = ParseDecimal(s, {.max = static_cast<int64_t>(audit::kMaxTreeSize)});
  if (!v) return bad();
  return static_cast<uint64_t>(*v);
}

boost::json::object EntryJson(uint64_t index, ByteView leaf, ByteView leaf_hash,
                              const std::optional<audit::PrunedEntry>& pruned) {
  boost::json::object o;
  o["index"] = index;
  o["leaf_hash"] = HexEncode(leaf_hash);
  o["pruned"] = pruned.has_value();
  if (pruned) {
    o["pruned_at"] = FormatRfc3339Utc(pruned->pruned_at);
    o["retention_days"] = pruned->retention_days ? boost::json::value(*pruned->retention_days)
                                                 : boost::json::value(nullptr);
    o["id"] = pruned->id;
    o["type"] = pruned->type;
    o["time"] = audit::FormatLeafTime(pruned->time);
    o["actor"] = pruned->actor;
    o["object"] = pruned->object;
    return o;
  }
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

std::string PrunedNoticeFr(TimePoint pruned_at, std::optional<int64_t> retention_days) {
  // FormatParisHuman: "28/11/2026 à 18:20"; the day is its first ten characters.
  std::string out = "Contenu supprimé le " + FormatParisHuman(pruned_at).substr(0, 10) +
                    " au terme de la durée de conservation";
  if (retention_days) {
    out += " (" + std::to_string(*retention_days) + (*retention_days == 1 ? " jour)" : " jours)");
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
  AddAuditDeskRoutes(router, ctx);
}

}  // namespace garant::server
