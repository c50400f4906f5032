// C2SP tlog-tiles serving of the audit log, and its public key:
//   GET /tlog/checkpoint                    latest signed checkpoint, cosigned   public
//   GET /tlog/tile/<L>/<N>[.p/<W>]          hash tiles                            public
//   GET /tlog/tile/entries/<N>[.p/<W>]      entry bundles          auditor, dpo, admin
//   GET /api/v1/audit/public-key            verifier key (signed-note form)       public
// Tiles are served only within the latest signed checkpoint: a tile that
// needs leaves beyond it is 404. Full tiles never change: immutable caching.
//
// Who may read what (docs/audit-log.md, "Who may read the log"): anyone may
// witness the log (checkpoints and hash tiles hold hashes only); the entry
// bundles hold the leaves themselves — who accessed which account, project,
// objection — so they need a role: a staff auditor, DPO or admin, or an
// auditor service token (`garant token create NAME --role auditor`). Entry
// bundles are cached "private": a shared cache must not hand one to the next
// caller without credentials.
#include <cstdio>
#include <memory>

#include "access/own_events.h"
#include "audit/http.h"
#include "garant/audit/log_queries.h"
#include "garant/audit/log_store.h"
#include "garant/audit/tile.h"

namespace garant::server {
namespace {

constexpr const char* kImmutable = "public, max-age=31536000, immutable";
constexpr const char* kPrivateImmutable = "private, max-age=31536000, immutable";

// `path` is relative to /tlog/ ("tile/0/000", "tile/entries/000.p/5").
// `entries` says which route matched: the hash-tile route never serves an
// entry bundle, whatever the path says.
Status ServeTile(HttpExchange& ex, AuditHttp& ctx, const std::string& path, bool entries) {
  auto info = audit::ParseTilePath(path);
  if (!info.ok() || info->entries != entries) return Status::NotFound("not a tile path");
  // Full tiles never change (docs/audit-log.md): served from memory once
  // read, so that readers do not load the database appends go to.
  std::shared_ptr<const Bytes> data;
  if (info->tile.full()) data = ctx.s.tiles.Get(path);
  if (data == nullptr) {
    auto read = [&]() -> Result<Bytes> {
      GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, ctx.s.pool.Acquire());
      return audit::ReadSignedTile(*conn, *info);
    }();
    if (!read.ok()) return read.status();
    data = std::make_shared<const Bytes>(std::move(*read));
    if (info->tile.full()) ctx.s.tiles.Put(path, data);
  }
  if (entries) {
    // Entry bundles hold the leaves (accounts, projects, objection references):
    // reading them is a use of the audit log, recorded before they are sent.
    GARANT_RETURN_IF_ERROR(RecordOwnRead(ctx.s, ex, "tlog/" + path).status());
    ex.SetHeader("Cache-Control", info->tile.full() ? kPrivateImmutable : "private, max-age=300");
  } else {
    ex.SetHeader("Cache-Control", info->tile.full() ? kImmutable : "public, max-age=300");
  }
  ex.SendText(200, "application/octet-stream", std::string(AsString(*data)));
  return Status::Ok();
}

}  // namespace

void AddAuditTlogRoutes(Router& router, std::shared_ptr<AuditHttp> ctx) {
  router.Add({.method = "GET",
              .pattern = "/tlog/checkpoint",
              .kind = ResponseKind::kText,
              .access = Access::kPublic,
              .csrf = CsrfRule::kNone,
              .handler = [ctx](HttpExchange& ex) -> Status {
                auto conn = ctx->s.pool.Acquire();
                if (!conn.ok()) return conn.status();
                // With the witnesses' cosignatures gathered so far (docs/audit-log.md).
                auto latest = audit::ReadLatestCheckpoint(**conn);
                if (!latest.ok()) return latest.status();
                if (!latest->has_value()) {
                  return Status::NotFound("no checkpoint signed yet");
                }
                ex.SetHeader("Cache-Control", "no-cache");
                ex.SendText(200, "text/plain; charset=utf-8", (*latest)->note);
                return Status::Ok();
              }});

  // Before /tlog/tile/{rest...}: the router takes the first match.
  router.Add({.method = "GET",
              .pattern = "/tlog/tile/entries/{rest...}",
              .kind = ResponseKind::kText,
              .access = Access::kRoles,
              .roles = kAuditReadRoles,
              .csrf = CsrfRule::kNone,
              .handler = [ctx](HttpExchange& ex) -> Status {
                return ServeTile(ex, *ctx, "tile/entries/" + ex.params().at("rest"), true);
              }});
  router.Add({.method = "GET",
              .pattern = "/tlog/tile/{rest...}",
              .kind = ResponseKind::kText,
              .access = Access::kPublic,
              .csrf = CsrfRule::kNone,
              .handler = [ctx](HttpExchange& ex) -> Status {
                return ServeTile(ex, *ctx, "tile/" + ex.params().at("rest"), false);
              }});

  router.Add({.method = "GET",
              .pattern = "/api/v1/audit/public-key",
              .kind = ResponseKind::kJson,
              .access = Access::kPublic,
              .csrf = CsrfRule::kNone,
              .handler = [ctx](HttpExchange& ex) -> Status {
                ex.SetHeader("Cache-Control", "public, max-age=3600");
                std::string accept = ex.Header("Accept").value_or("");
                if (accept.find("text/plain") != std::string::npos ||
                    ex.Query("format").value_or("") == "text") {
                  ex.SendText(200, "text/plain; charset=utf-8", ctx->verifier.KeyString() + "\n");
                  return Status::Ok();
                }
                boost::json::object o;
                o["key"] = ctx->verifier.KeyString();
                o["origin"] = ctx->origin;
                o["algorithm"] = "ed25519";
                char id[9];
                std::snprintf(id, sizeof id, "%08x", ctx->verifier.key_id());
                o["key_id"] = id;
                o["public_key"] = Base64Encode(ctx->verifier.public_key());
                ex.SendJson(200, o);
                return Status::Ok();
              }});
}

}  // namespace garant::server
