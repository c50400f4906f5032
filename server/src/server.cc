#include "garant/server/server.h"

#include <spdlog/spdlog.h>

#include <optional>
#include <thread>

#include "audit/witnesses.h"
#include "garant/access/rules.h"
#include "garant/audit/checkpoint.h"
#include "garant/audit/note.h"
#include "garant/audit/publisher.h"
#include "garant/consent/exclusion_publisher.h"
#include "garant/core/crypto.h"
#include "garant/core/migrations.h"
#include "garant/runtime/database.h"
#include "garant/runtime/demo.h"
#include "garant/runtime/keys.h"
#include "garant/runtime/tls_server.h"
#include "garant/sql/migrations.h"
#include "http/dispatcher.h"
#include "http/listener.h"
#include "http/pages.h"
#include "http/routes.h"
#include "information/public_info.h"
#include "leadership.h"

namespace garant::server {

namespace {

// The audit log's long-lived parts, owned by the server.
struct AuditRuntime {
  std::unique_ptr<audit::AuditLog> log;
  std::unique_ptr<audit::Appender> appender;
  std::unique_ptr<audit::FileSignerStateStore> state;
  std::unique_ptr<audit::CheckpointSigner> signer;
  std::unique_ptr<audit::CheckpointPublisher> publisher;
  std::unique_ptr<WitnessCollector> witnesses;  // [audit.witness.*] sections
};

// Builds the audit log, its group-commit appender and the checkpoint
// publisher; refuses to start when the database's tree does not extend the
// last checkpoint the signer signed (unless audit_force_rollback_reason is
// set: the reason is then logged as an audit event); starts the publisher.
Status StartAudit(AuditRuntime& a, const Config& c, db::Pool& pool, Services& services,
                  const runtime::Keys& keys) {
  if (c.audit_state_file.empty()) {
    return Status::FailedPrecondition(
        "audit_state_file is not set: the checkpoint signer keeps its last signed tree there, "
        "outside the database (or use --dev)");
  }
  crypto::Ed25519Seed seed{};
  std::copy(keys.signing_seed.begin(), keys.signing_seed.end(), seed.begin());
  GARANT_ASSIGN_OR_RETURN(audit::NoteSigner note_signer,
                          audit::NoteSigner::Ed25519(c.audit_origin, seed));
  a.log = std::make_unique<audit::AuditLog>();
  a.appender = std::make_unique<audit::Appender>(pool, *a.log);
  a.state = std::make_unique<audit::FileSignerStateStore>(c.audit_state_file);
  GARANT_ASSIGN_OR_RETURN(a.signer, audit::CheckpointSigner::Create(
                                        c.audit_origin, std::move(note_signer), a.state.get()));
  a.publisher = std::make_unique<audit::CheckpointPublisher>(
      pool, *a.log, *a.signer, SystemClock::Instance(), SecureRandom::Instance(),
      audit::CheckpointPublisher::Options{});
  std::optional<std::string> force;
  if (!c.audit_force_rollback_reason.empty()) force = c.audit_force_rollback_reason;
  auto report = a.publisher->CheckStartup(force);
  if (!report.ok()) {
    return report.status().WithContext("audit log (signer state " + c.audit_state_file + ")");
  }
  if (report->forced) {
    spdlog::warn(
        "audit: start FORCED over the last signed checkpoint (size {}); database tree size {}; "
        "logged as audit entry {}; remove audit_force_rollback_reason now",
        report->last_signed ? report->last_signed->size : 0, report->database.size,
        report->forced_event_index.value_or(0));
  } else if (force) {
    spdlog::info("audit: audit_force_rollback_reason is set but not needed; ignored");
  }
  spdlog::info("audit log: {} entries, origin {}", report->database.size, c.audit_origin);
  // Follows until this garantd is elected leader (leadership.h).
  a.publisher->SetLeading(false);
  a.publisher->Start();
  services.audit = a.log.get();
  services.appender = a.appender.get();
  GARANT_ASSIGN_OR_RETURN(std::vector<WitnessConfig> witnesses, WitnessesFromSections(c.sections));
  if (!witnesses.empty()) {
    a.witnesses = std::make_unique<WitnessCollector>(
        services, std::move(witnesses),
        WitnessCollector::Options{.timeout = std::chrono::milliseconds(c.audit_witness_timeout_ms),
                                  .quorum = c.audit_witness_quorum});
    a.witnesses->Start();
    services.witnesses = a.witnesses.get();
  }
  audit::CheckpointPublisher* publisher = a.publisher.get();
  std::function<Status()> previous = services.extra_readiness;
  services.extra_readiness = [publisher, previous]() -> Status {
    if (previous) GARANT_RETURN_IF_ERROR(previous());
    Status st = publisher->last_error();
    if (!st.ok()) return Status::Unavailable("audit checkpoint publisher: " + st.message());
    return Status::Ok();
  };
  return Status::Ok();
}

void StopAudit(AuditRuntime& a, Services* services) {
  if (a.witnesses) a.witnesses->Stop();
  if (a.publisher) a.publisher->Stop();
  if (services != nullptr) {
    services->witnesses = nullptr;
    services->extra_readiness = nullptr;
    services->appender = nullptr;
    services->audit = nullptr;
  }
  a.witnesses.reset();
  a.appender.reset();  // answers pending appends, joins its worker
  a.publisher.reset();
  a.signer.reset();
  a.state.reset();
  a.log.reset();
}

}  // namespace

struct GarantServer::Impl {
  Config config;
  runtime::DatabaseTarget database;
  std::unique_ptr<db::Pool> pool;
  std::unique_ptr<Services> services;
  AuditRuntime audit;                      // stopped (StopAudit) before the pool closes
  std::unique_ptr<Leadership> leadership;  // stopped before the audit log
  Router router;
  Router operations_router;  // /readyz, /metrics when metrics_port is set
  std::unique_ptr<RequestDeadlines> deadlines;
  std::unique_ptr<Dispatcher> dispatcher;
  std::unique_ptr<Dispatcher> operations_dispatcher;
  std::optional<runtime::ServerTls> tls;  // tls_certificate_file set
  std::unique_ptr<Listener> http;
  std::unique_ptr<Listener> operations;
  int port = 0;
  bool stopped = true;
};

GarantServer::GarantServer(Config config) : impl_(std::make_unique<Impl>()) {
  impl_->config = std::move(config);
}

GarantServer::~GarantServer() { Stop(); }

int GarantServer::port() const { return impl_->port; }

Status GarantServer::Start() {
  Impl& m = *impl_;
  Config& c = m.config;
  // Outside --dev the cookies must travel over https only: the public address
  // (behind the TLS proxy) must say so.
  if (!c.dev && !c.cookies_secure()) {
    return Status::FailedPrecondition(
        "public_url must be an https:// address outside --dev (sessions travel in Secure "
        "cookies): set public_url = https://<garant's public address>");
  }
  // The access rules' settings ([access.rules.*]): refused before anything starts.
  GARANT_RETURN_IF_ERROR(access::RuleConfigFromSections(c.sections).status());
  // TLS files: refused before anything starts (runtime/tls_server.h).
  if (c.serves_tls()) {
    GARANT_ASSIGN_OR_RETURN(
        m.tls,
        runtime::ServerTls::Create(c.tls_certificate_file, c.tls_key_file, c.tls_client_ca_file));
    spdlog::info("TLS: {}{}", m.tls->description(),
                 m.tls->verifies_clients() ? "; service tokens need a client certificate" : "");
  }
  GARANT_RETURN_IF_ERROR(runtime::EnsureDevKeyFiles(c));
  GARANT_ASSIGN_OR_RETURN(runtime::Keys keys, runtime::LoadKeys(c));
  GARANT_ASSIGN_OR_RETURN(m.database, runtime::DatabaseTarget::Resolve(c));
  {
    GARANT_ASSIGN_OR_RETURN(auto owner, db::Connection::Open(m.database.owner_conninfo()));
    GARANT_ASSIGN_OR_RETURN(auto report, db::ApplyMigrations(owner, sql::Migrations()));
    for (const auto& name : report.applied) spdlog::info("applied migration {}", name);
    spdlog::info("database schema at version {}", report.current_version);
  }
  {
    // Least privilege, checked rather than assumed: the application role
    // never owns nor creates anything (docs/database.md, "Roles").
    GARANT_ASSIGN_OR_RETURN(auto app, db::Connection::Open(m.database.app_conninfo()));
    GARANT_RETURN_IF_ERROR(runtime::CheckApplicationRole(app));
  }
  m.pool = std::make_unique<db::Pool>(db::Pool::Options{
      m.database.app_conninfo(), static_cast<size_t>(c.pool_size), std::chrono::seconds(5)});
  m.services = std::make_unique<Services>(m.config, *m.pool, SecureRandom::Instance(),
                                          SystemClock::Instance());
  m.services->keys = keys;
  GARANT_ASSIGN_OR_RETURN(m.services->trusted_proxies, TrustedProxies::Parse(c.trusted_proxies));
  {
    // HKDF of the master secret, label "garant-v1|anon-csrf": never the
    // sealing key itself (core/key_ring.h).
    const auto k = keys.sealing.Derive(crypto::kLabelAnonymousCsrf);
    std::copy(k.begin(), k.end(), m.services->csrf_key.begin());
  }
  GARANT_RETURN_IF_ERROR(StartAudit(m.audit, c, *m.pool, *m.services, keys));

  if (c.demo) {
    Services& sv = *m.services;
    GARANT_RETURN_IF_ERROR(
        runtime::SeedDemoAccounts(*m.pool, sv.audit_log(), sv.random, sv.clock, keys));
    Status seeded = runtime::SeedGovernanceDemo(*m.pool, sv.audit_log(), sv.random, sv.clock);
    if (!seeded.ok()) spdlog::error("governance demo data: {}", seeded.ToString());
    Status notices = runtime::SeedNoticesDemo(*m.pool, sv.audit_log(), sv.random, sv.clock);
    if (!notices.ok()) spdlog::error("demo notices: {}", notices.ToString());
    Status rights = runtime::SeedRightsDemo(*m.pool, sv.audit_log(), sv.random, sv.clock, keys);
    if (!rights.ok()) spdlog::error("demo rights requests: {}", rights.ToString());
    if (seeded.ok() && c.demo_accesses) {
      Status accesses = runtime::SeedAccessDemo(*m.pool, sv.audit_log(), sv.random, sv.clock, keys);
      if (!accesses.ok()) spdlog::error("demo accesses: {}", accesses.ToString());
    }
  }

  GARANT_RETURN_IF_ERROR(InitPages());
  SetPublicInfoGlobals(PublicInfoOf(c));
  if (!c.demo) {
    for (const std::string& key : MissingPublicInfoKeys(c)) {
      spdlog::warn(
          "configuration key {} is empty: the public pages say the information is "
          "missing (docs/configuration.md, legal information)",
          key);
    }
  }
  HttpExchange::SetErrorPageRenderer(&RenderErrorPage);
  AddAllRoutes(m.router, *m.services);

  // /readyz and /metrics: on the main listener, or alone on a loopback one.
  AddOperationsRoutes(c.metrics_port > 0 ? m.operations_router : m.router, *m.services);

  m.deadlines =
      std::make_unique<RequestDeadlines>(std::chrono::seconds(c.request_deadline_seconds));
  m.services->deadlines = m.deadlines.get();

  // The routes registered the singleton workers: the leader of the garantd
  // sharing this database runs them, and signs the checkpoints.
  m.leadership =
      std::make_unique<Leadership>(*m.services, m.database.app_conninfo(), m.audit.publisher.get());
  m.leadership->Start();

  m.dispatcher = std::make_unique<Dispatcher>(m.router, *m.services);
  Listener::Options main{.bind = c.bind,
                         .port = c.port,
                         .threads = c.threads,
                         .socket_timeout_seconds = c.request_timeout_seconds,
                         .keep_alive_timeout_seconds = 30,
                         .tls = m.tls ? m.tls->context() : nullptr};
  GARANT_ASSIGN_OR_RETURN(m.http, Listener::Start(main, *m.dispatcher, *m.deadlines));
  m.port = m.http->port();
  if (c.metrics_port > 0) {
    m.operations_dispatcher = std::make_unique<Dispatcher>(m.operations_router, *m.services);
    Listener::Options ops{.bind = "127.0.0.1",
                          .port = c.metrics_port,
                          .threads = 2,
                          .socket_timeout_seconds = c.request_timeout_seconds,
                          .keep_alive_timeout_seconds = 30};
    GARANT_ASSIGN_OR_RETURN(m.operations,
                            Listener::Start(ops, *m.operations_dispatcher, *m.deadlines));
    spdlog::info("readiness and metrics on http://127.0.0.1:{}", m.operations->port());
  }
  m.stopped = false;
  spdlog::info("garantd listening on {}://{}:{}", m.tls ? "https" : "http", c.bind, m.port);
  return Status::Ok();
}

void GarantServer::Stop() {
  Impl& m = *impl_;
  if (m.services) m.services->draining = true;
  if (m.operations) m.operations->Stop();
  if (m.http) m.http->Stop();
  m.operations.reset();
  m.http.reset();
  m.tls.reset();
  // Background workers first: they append to the audit log and use the pool.
  // Stepping down joins them and frees the leader lock for another garantd.
  if (m.leadership) {
    m.leadership->Stop();
    m.leadership.reset();
  }
  if (m.services) m.services->workers.clear();
  StopAudit(m.audit, m.services.get());
  m.dispatcher.reset();
  m.operations_dispatcher.reset();
  if (m.services) m.services->deadlines = nullptr;
  m.deadlines.reset();
  m.services.reset();
  m.pool.reset();
  // The last garantd using the embedded cluster stops it (two --dev on one data_dir).
  Status st = m.database.StopEmbeddedIfStarted(/*also_if_reused=*/true);
  if (!st.ok()) spdlog::error("stopping the embedded PostgreSQL: {}", st.ToString());
  m.stopped = true;
}

}  // namespace garant::server
