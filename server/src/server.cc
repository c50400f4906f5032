#include "garant/server/server.h"

#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>
#include <spdlog/spdlog.h>

#include <thread>

#include "garant/access/rules.h"
#include "garant/audit/checkpoint.h"
#include "garant/audit/note.h"
#include "garant/audit/publisher.h"
#include "garant/consent/exclusion_publisher.h"
#include "garant/consent/objection_store.h"
#include "garant/consent/retokenise.h"
#include "garant/core/crypto.h"
#include "garant/core/migrations.h"
#include "garant/runtime/database.h"
#include "garant/runtime/demo.h"
#include "garant/runtime/keys.h"
#include "garant/sql/migrations.h"
#include "http/dispatcher.h"
#include "http/pages.h"
#include "http/routes.h"
#include "information/public_info.h"

namespace garant::server {

namespace {

// The audit log's long-lived parts, owned by the server.
struct AuditRuntime {
  std::unique_ptr<audit::AuditLog> log;
  std::unique_ptr<audit::Appender> appender;
  std::unique_ptr<audit::FileSignerStateStore> state;
  std::unique_ptr<audit::CheckpointSigner> signer;
  std::unique_ptr<audit::CheckpointPublisher> publisher;
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
  a.publisher->Start();
  services.audit = a.log.get();
  services.appender = a.appender.get();
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
  if (a.publisher) a.publisher->Stop();
  if (services != nullptr) {
    services->extra_readiness = nullptr;
    services->appender = nullptr;
    services->audit = nullptr;
  }
  a.appender.reset();  // answers pending appends, joins its worker
  a.publisher.reset();
  a.signer.reset();
  a.state.reset();
  a.log.reset();
}

}  // namespace

namespace {

// Objections without tokens under a configured pseudonymisation key get
// them now (recorded since `garant keys rotate-pseudonym` ran, or stored
// under an older key-id format): the publisher refuses to publish while any
// effective objection lacks them.
Status CompleteTokens(Services& s) {
  audit::AuditLog& log = s.audit_log();
  std::vector<consent::PseudonymKey> keys = {s.keys.pseudonymisation};
  if (s.keys.previous_pseudonymisation) keys.push_back(*s.keys.previous_pseudonymisation);
  for (const consent::PseudonymKey& key : keys) {
    GARANT_ASSIGN_OR_RETURN(
        consent::RetokeniseReport r,
        consent::RetokeniseObjections(s.pool, log, s.random, s.clock, s.keys.encryption, key,
                                      consent::kPublisherActor));
    if (r.objections > 0) {
      spdlog::info("pseudonym key {}: tokens added for {} objection(s)",
                   consent::PseudonymKeyId(key), r.objections);
    }
  }
  return Status::Ok();
}

}  // namespace

struct GarantServer::Impl {
  Config config;
  runtime::DatabaseTarget database;
  std::unique_ptr<db::Pool> pool;
  std::unique_ptr<Services> services;
  AuditRuntime audit;  // stopped (StopAudit) before the pool closes
  Router router;
  std::unique_ptr<Dispatcher> dispatcher;
  std::unique_ptr<Poco::Net::HTTPServer> http;
  std::unique_ptr<Poco::ThreadPool> threads;
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
  GARANT_RETURN_IF_ERROR(runtime::EnsureDevKeyFiles(c));
  GARANT_ASSIGN_OR_RETURN(runtime::Keys keys, runtime::LoadKeys(c));
  GARANT_ASSIGN_OR_RETURN(m.database, runtime::DatabaseTarget::Resolve(c));
  {
    GARANT_ASSIGN_OR_RETURN(auto owner, db::Connection::Open(m.database.owner_conninfo()));
    GARANT_ASSIGN_OR_RETURN(auto report, db::ApplyMigrations(owner, sql::Migrations()));
    for (const auto& name : report.applied) spdlog::info("applied migration {}", name);
    spdlog::info("database schema at version {}", report.current_version);
  }
  m.pool = std::make_unique<db::Pool>(db::Pool::Options{
      m.database.app_conninfo(), static_cast<size_t>(c.pool_size), std::chrono::seconds(5)});
  m.services = std::make_unique<Services>(m.config, *m.pool, SecureRandom::Instance(),
                                          SystemClock::Instance());
  m.services->keys = keys;
  {
    const crypto::Digest k =
        crypto::HmacSha256(keys.encryption, AsBytes("garant-anon-csrf-key-v1"));
    std::copy(k.begin(), k.end(), m.services->csrf_key.begin());
  }
  GARANT_RETURN_IF_ERROR(StartAudit(m.audit, c, *m.pool, *m.services, keys));
  GARANT_RETURN_IF_ERROR(CompleteTokens(*m.services));

  if (c.demo) {
    Services& sv = *m.services;
    GARANT_RETURN_IF_ERROR(
        runtime::SeedDemoAccounts(*m.pool, sv.audit_log(), sv.random, sv.clock, keys));
    Status seeded = runtime::SeedGovernanceDemo(*m.pool, sv.audit_log(), sv.random, sv.clock);
    if (!seeded.ok()) spdlog::error("governance demo data: {}", seeded.ToString());
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

  m.dispatcher = std::make_unique<Dispatcher>(m.router, *m.services);
  try {
    Poco::Net::ServerSocket socket;
    socket.bind(Poco::Net::SocketAddress(c.bind, static_cast<Poco::UInt16>(c.port)), true);
    socket.listen(256);
    m.port = socket.address().port();
    auto* params = new Poco::Net::HTTPServerParams;  // NOLINT: HTTPServer takes ownership
    params->setMaxThreads(c.threads);
    params->setMaxQueued(1000);
    params->setTimeout(Poco::Timespan(c.request_timeout_seconds, 0));
    params->setKeepAlive(true);
    // Longer than the clients' own idle timeouts (Node's fetch: 4 s, browsers
    // more): otherwise a client may reuse a connection the server is closing
    // at that very moment, and the request fails with "other side closed".
    params->setKeepAliveTimeout(Poco::Timespan(30, 0));
    params->setServerName("garant");
    m.threads = std::make_unique<Poco::ThreadPool>(2, c.threads + 2);
    // The dispatcher is owned by the server; HTTPServer deletes the factory
    // it is given: a forwarding one.
    m.http = std::make_unique<Poco::Net::HTTPServer>(new ForwardingFactory(*m.dispatcher),
                                                     *m.threads, socket, params);
    m.http->start();
  } catch (const Poco::Exception& e) {
    return Status::FailedPrecondition("cannot listen on " + c.bind + ":" + std::to_string(c.port) +
                                      ": " + e.displayText());
  }
  m.stopped = false;
  spdlog::info("garantd listening on http://{}:{}", c.bind, m.port);
  return Status::Ok();
}

void GarantServer::Stop() {
  Impl& m = *impl_;
  if (m.services) m.services->draining = true;
  if (m.http) {
    // No new connections; in-flight requests complete, idle keep-alive
    // connections close after their current request.
    m.http->stopAll(false);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (m.http->currentConnections() > 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    m.http->stopAll(true);
    m.http.reset();
  }
  if (m.threads) {
    m.threads->joinAll();
    m.threads.reset();
  }
  // Background workers first: they append to the audit log and use the pool.
  if (m.services) m.services->workers.clear();
  StopAudit(m.audit, m.services.get());
  m.dispatcher.reset();
  m.services.reset();
  m.pool.reset();
  Status st = m.database.StopEmbeddedIfStarted();
  if (!st.ok()) spdlog::error("stopping the embedded PostgreSQL: {}", st.ToString());
  m.stopped = true;
}

}  // namespace garant::server
