// What handlers need, built once by the server at start and shared by every
// request thread. Each member is thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <vector>

#include "garant/audit/appender.h"
#include "garant/audit/log_store.h"
#include "garant/audit/recorder.h"
#include "garant/audit/tile_cache.h"
#include "garant/core/clock.h"
#include "garant/core/config.h"
#include "garant/core/db.h"
#include "garant/core/random.h"
#include "garant/runtime/keys.h"
#include "http/client_address.h"
#include "http/deadlines.h"
#include "http/metrics.h"
#include "http/staff_names.h"

namespace garant::server {

struct Services {
  Services(const Config& c, db::Pool& p, Random& r, const Clock& k)
      : config(c),
        pool(p),
        random(r),
        clock(k),
        accounts(p, r),
        sessions(p, r, k,
                 SessionPolicy{std::chrono::minutes(c.session_idle_minutes),
                               std::chrono::hours(c.session_absolute_hours)}),
        tokens(p, r),
        second_factor(p, r, k),
        throttle(k),
        tiles(static_cast<size_t>(c.tile_cache_mib) << 20) {
    r.Fill(csrf_key);
  }

  const Config& config;
  db::Pool& pool;
  Random& random;
  const Clock& clock;
  AccountStore accounts;
  SessionStore sessions;
  ServiceTokenStore tokens;
  SecondFactorStore second_factor;
  LoginThrottle throttle;
  // Full tiles and entry bundles served from /tlog/ (config.tile_cache_mib).
  audit::TileCache tiles;
  // The key binding a public form's CSRF token to its cookie
  // (AnonymousCsrfTokenFor): random at construction; the server derives it
  // from the encryption key once loaded, so every instance agrees.
  std::array<uint8_t, 32> csrf_key{};
  Metrics metrics;
  // From config.trusted_proxies (parsed at start: a bad list stops garantd).
  TrustedProxies trusted_proxies;
  // The request deadlines of the listening server (nullptr in tests that
  // build a Dispatcher alone): http/deadlines.h.
  RequestDeadlines* deadlines = nullptr;
  runtime::Keys keys;
  // The audit log, when the server has built one (handlers then append
  // through it); handlers that need one make their own when unset.
  audit::AuditLog* audit = nullptr;
  // The log to append to in a business transaction: `audit`, or, while it is
  // unset (servers built without one, in tests), `own_audit`. AuditLog
  // instances may coexist: the database row lock serialises their appends and
  // each re-checks its cached tree edge.
  audit::AuditLog& audit_log() { return audit != nullptr ? *audit : own_audit; }
  audit::AuditLog own_audit;
  // `actor` as the author of a change whose entry a store appends in the
  // change's transaction (e.g. ex.principal().Actor()).
  audit::Recorder recorder(std::string actor) {
    return audit::Recorder{audit_log(), random, clock, std::move(actor)};
  }
  // Group commit over `audit` for appends without a business transaction of
  // their own (access checks, POST /api/v1/audit/events); set with `audit`.
  audit::Appender* appender = nullptr;
  // The witnesses asked to cosign checkpoints (audit/witnesses.h), when
  // configured: /readyz, /metrics and the public pages show them.
  class WitnessCollector* witnesses = nullptr;
  // Readiness beyond the database (e.g. the audit signer); ok when unset.
  std::function<Status()> extra_readiness;
  std::atomic<bool> draining{false};
  // True while this garantd leads (leadership.h): it then runs the singleton
  // workers and signs checkpoints. /metrics shows it as garant_leader.
  std::atomic<bool> leader{false};
  // Singleton workers (the exclusion-list publisher, the access checks'
  // retries): registered by the routes, run by one garantd of those sharing
  // the database, the leader. Each factory starts its worker and returns its
  // owner; dropping the owner stops and joins it.
  std::vector<std::function<std::shared_ptr<void>()>> singletons;
  // The running singleton workers, owned by the server. Declared last, so
  // destroyed first: each worker's destructor stops and joins its thread
  // while the pool and the stores above still exist.
  std::vector<std::shared_ptr<void>> workers;
};

}  // namespace garant::server
