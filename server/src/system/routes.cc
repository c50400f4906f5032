#include "http/routes.h"

#include <spdlog/spdlog.h>

#include <string>
#include <vector>

#include "access/worker.h"
#include "audit/witnesses.h"
#include "exclusions/worker.h"
#include "garant/audit/log_queries.h"
#include "garant/core/migrations.h"
#include "garant/sql/migrations.h"
#include "http/openapi.h"
#include "http/pages.h"

namespace garant::server {
namespace {

Status CheckReady(Services& s) {
  if (s.draining) return Status::Unavailable("shutting down");
  GARANT_ASSIGN_OR_RETURN(auto conn, s.pool.Acquire());
  GARANT_ASSIGN_OR_RETURN(bool up_to_date, db::MigrationsUpToDate(*conn, sql::Migrations()));
  if (!up_to_date) return Status::Unavailable("migrations not applied");
  if (s.extra_readiness) GARANT_RETURN_IF_ERROR(s.extra_readiness());
  return Status::Ok();
}

// The audit log's size and how far its latest signed checkpoint lags (an
// alert on garant_audit_unsigned_entries growing catches a stuck signer).
std::vector<Metrics::Gauge> AuditGauges(Services& s) {
  auto conn = s.pool.Acquire();
  if (!conn.ok()) return {};
  auto a = audit::ReadLogGauges(**conn);
  if (!a.ok()) return {};
  std::vector<Metrics::Gauge> g = {
      {"garant_audit_entries", "Entries in the audit log.", "", static_cast<double>(a->size)},
      {"garant_audit_checkpoint_entries", "Entries covered by the latest signed checkpoint.", "",
       static_cast<double>(a->signed_size)},
      {"garant_audit_unsigned_entries", "Entries not yet covered by a signed checkpoint.", "",
       static_cast<double>(a->unsigned_entries())},
  };
  if (a->checkpoint_age_seconds) {
    g.push_back({"garant_audit_checkpoint_age_seconds",
                 "Seconds since the latest checkpoint was signed.", "",
                 *a->checkpoint_age_seconds});
  }
  return g;
}

}  // namespace

void AddSystemRoutes(Router& router, Services& /*s*/) {
  router.Add({.method = "GET",
              .pattern = "/healthz",
              .kind = ResponseKind::kJson,
              .access = Access::kPublic,
              .csrf = CsrfRule::kNone,
              .handler = [](HttpExchange& ex) -> Status {
                ex.SendJson(200, {{"status", "ok"}});
                return Status::Ok();
              }});

  router.Add({.method = "GET",
              .pattern = "/static/{name}",
              .kind = ResponseKind::kText,
              .access = Access::kPublic,
              .csrf = CsrfRule::kNone,
              .handler = [](HttpExchange& ex) -> Status {
                const std::string& name = ex.params().at("name");
                const std::string* asset = StaticAsset(name);
                if (asset == nullptr) return Status::NotFound("no such asset");
                std::string type = "application/octet-stream";
                if (name.ends_with(".css")) type = "text/css; charset=utf-8";
                if (name.ends_with(".js") || name.ends_with(".mjs")) {
                  type = "text/javascript; charset=utf-8";
                }
                if (name.ends_with(".svg")) type = "image/svg+xml";
                ex.SetHeader("Cache-Control", "public, max-age=3600");
                ex.SendText(200, type, *asset);
                return Status::Ok();
              }});

  // The API's description (docs/openapi.yaml, converted at build time).
  router.Add({.method = "GET",
              .pattern = "/api/v1/openapi.json",
              .kind = ResponseKind::kJson,
              .access = Access::kPublic,
              .csrf = CsrfRule::kNone,
              .handler = [](HttpExchange& ex) -> Status {
                ex.SetHeader("Cache-Control", "public, max-age=3600");
                ex.SendText(200, "application/json", std::string(OpenApiJson()));
                return Status::Ok();
              }});
}

void AddOperationsRoutes(Router& router, Services& s) {
  router.Add({.method = "GET",
              .pattern = "/readyz",
              .kind = ResponseKind::kJson,
              .access = Access::kPublic,
              .csrf = CsrfRule::kNone,
              .handler = [&s](HttpExchange& ex) -> Status {
                Status st = CheckReady(s);
                // A witness refusing this log's checkpoints (docs/audit-log.md,
                // "Witnesses"): an alert, not a reason to stop serving.
                std::optional<std::string> witnesses;
                if (s.witnesses != nullptr) witnesses = s.witnesses->Warning();
                if (st.ok()) {
                  boost::json::object o{{"status", "ready"}};
                  if (witnesses) o["witnesses"] = *witnesses;
                  ex.SendJson(200, o);
                } else {
                  // The details (a database host, a signer's error) are for
                  // the operator's log, not for whoever can reach /readyz.
                  spdlog::warn("not ready: {}", st.ToString());
                  ex.SetHeader("Retry-After", "5");
                  ex.SendJson(503, {{"status", "not_ready"}, {"reason", "unavailable"}});
                }
                return Status::Ok();
              }});

  router.Add(
      {.method = "GET",
       .pattern = "/metrics",
       .kind = ResponseKind::kText,
       .access = Access::kPublic,
       .csrf = CsrfRule::kNone,
       .handler = [&s](HttpExchange& ex) -> Status {
         db::Pool::Stats ps = s.pool.stats();
         std::vector<Metrics::Gauge> g = {
             {"garant_db_pool_connections", "Database connections by state.", "state=\"in_use\"",
              static_cast<double>(ps.in_use)},
             {"garant_db_pool_connections", "", "state=\"open\"", static_cast<double>(ps.open)},
             {"garant_db_pool_connections", "", "state=\"max\"", static_cast<double>(ps.max_size)},
             {"garant_db_pool_acquire_timeouts_total",
              "Times a request waited too long for a connection.", "",
              static_cast<double>(ps.acquire_timeouts)},
             {"garant_db_pool_connect_failures_total",
              "Failed attempts to open a database connection.", "",
              static_cast<double>(ps.connect_failures)},
             {"garant_db_pool_discarded_broken_total", "Broken connections dropped from the pool.",
              "", static_cast<double>(ps.discarded_broken)},
         };
         g.push_back({"garant_leader",
                      "1 when this garantd leads (signs checkpoints, runs the list publisher).", "",
                      s.leader.load() ? 1.0 : 0.0});
         for (auto& gauge : AuditGauges(s)) g.push_back(std::move(gauge));
         const audit::TileCache::Stats tc = s.tiles.stats();
         g.push_back({"garant_tile_cache_hits_total",
                      "Tile and entry-bundle reads served from memory.", "",
                      static_cast<double>(tc.hits)});
         g.push_back({"garant_tile_cache_misses_total",
                      "Full tile and entry-bundle reads that went to the database.", "",
                      static_cast<double>(tc.misses)});
         g.push_back({"garant_tile_cache_bytes", "Bytes of tiles held in memory.", "",
                      static_cast<double>(tc.bytes)});
         for (auto& gauge : ExclusionGauges(s)) g.push_back(std::move(gauge));
         for (auto& gauge : AccessGauges(s)) g.push_back(std::move(gauge));
         if (s.witnesses != nullptr) {
           for (auto& gauge : s.witnesses->Gauges()) g.push_back(std::move(gauge));
         }
         ex.SendText(200, "text/plain; version=0.0.4; charset=utf-8", s.metrics.Render(g));
         return Status::Ok();
       }});
}

}  // namespace garant::server
