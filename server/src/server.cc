#include "garant/server/server.h"

#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "dispatcher.h"
#include "garant/audit/checkpoint.h"
#include "garant/audit/note.h"
#include "garant/audit/publisher.h"
#include "garant/consent/exclusion_publisher.h"
#include "garant/consent/objection_store.h"
#include "garant/consent/retokenise.h"
#include "garant/core/embedded_postgres.h"
#include "garant/core/migrations.h"
#include "garant/sql/migrations.h"
#include "pages.h"
#include "routes.h"

namespace garant::server {
namespace fs = std::filesystem;

const std::vector<DemoAccount>& DemoAccounts() {
  static const std::vector<DemoAccount> kDemo = {
      {"admin", "garant-demo-admin", kRoleAdmin},
      {"dpo", "garant-demo-dpo", kRoleDpo},
      {"secretaire", "garant-demo-secretaire", kRoleSecretary},
      {"auditeur", "garant-demo-auditeur", kRoleAuditor},
  };
  return kDemo;
}

Status EnsureSecretFile(const fs::path& path) {
  if (fs::exists(path)) return Status::Ok();
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) return Status::FailedPrecondition("cannot create " + path.parent_path().string());
  ::chmod(path.parent_path().c_str(), 0700);
  const std::string hex = SecureRandom::Instance().Hex(32) + "\n";
  fs::path tmp = path;
  tmp += ".tmp";
  // Created 0600 from the start: the secret is never readable by others.
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::FailedPrecondition("cannot write " + tmp.string());
  const bool written =
      ::write(fd, hex.data(), hex.size()) == static_cast<ssize_t>(hex.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written) return Status::FailedPrecondition("cannot write " + tmp.string());
  fs::rename(tmp, path, ec);
  if (ec) return Status::FailedPrecondition("cannot write " + path.string());
  return Status::Ok();
}

namespace {

std::string WithPassword(const std::string& url, const std::string& password_file) {
  if (password_file.empty()) return url;
  auto pw = ReadSecretFile(password_file);
  if (!pw.ok()) return url;
  // libpq accepts key=value pairs after a URI only in conninfo form; use the
  // PGPASSWORD-free form: append as a keyword when the URL is a conninfo.
  std::string escaped;
  for (uint8_t c : *pw) {
    if (c == '\'' || c == '\\') escaped += '\\';
    escaped += static_cast<char>(c);
  }
  if (url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0) {
    return url + (url.find('?') == std::string::npos ? "?" : "&") + "password=" + escaped;
  }
  return url + " password='" + escaped + "'";
}

}  // namespace

namespace {

Result<std::array<uint8_t, 32>> LoadKey(const std::string& path, const char* setting) {
  if (path.empty()) {
    return Status::FailedPrecondition(std::string(setting) + " is not set (or use --dev)");
  }
  GARANT_ASSIGN_OR_RETURN(Bytes text, ReadSecretFile(path));
  auto raw = HexDecode(AsString(text));
  if (!raw.ok() || raw->size() != 32) {
    return Status::FailedPrecondition(path + " must hold 32 bytes as 64 hex digits");
  }
  std::array<uint8_t, 32> key{};
  std::copy(raw->begin(), raw->end(), key.begin());
  return key;
}

}  // namespace

Result<Keys> LoadKeys(const Config& c) {
  Keys k;
  GARANT_ASSIGN_OR_RETURN(k.pseudonymisation,
                          LoadKey(c.pseudonymisation_key_file, "pseudonymisation_key_file"));
  GARANT_ASSIGN_OR_RETURN(k.signing_seed, LoadKey(c.signing_key_file, "signing_key_file"));
  GARANT_ASSIGN_OR_RETURN(k.encryption, LoadKey(c.encryption_key_file, "encryption_key_file"));
  if (!c.previous_pseudonymisation_key_file.empty()) {
    GARANT_ASSIGN_OR_RETURN(
        k.previous_pseudonymisation,
        LoadKey(c.previous_pseudonymisation_key_file, "previous_pseudonymisation_key_file"));
    if (*k.previous_pseudonymisation == k.pseudonymisation) {
      return Status::FailedPrecondition(
          "previous_pseudonymisation_key_file holds the current pseudonymisation key: name the "
          "key being replaced, or unset it");
    }
  }
  return k;
}

void UseDevKeyFiles(Config& c) {
  if (!c.dev) return;
  const fs::path d = fs::absolute(c.data_dir);
  const fs::path secrets = d / "keys";
  if (c.pseudonymisation_key_file.empty()) {
    c.pseudonymisation_key_file = (secrets / "pseudonymisation.key").string();
  }
  if (c.signing_key_file.empty()) c.signing_key_file = (secrets / "signing.key").string();
  if (c.encryption_key_file.empty()) c.encryption_key_file = (secrets / "encryption.key").string();
  if (c.audit_state_file.empty()) c.audit_state_file = (d / "audit-signer.state").string();
}

Result<DatabaseTarget> ResolveDatabase(const Config& config) {
  DatabaseTarget t;
  if (config.dev) {
    db::EmbeddedPostgres::Options o;
    o.data_dir = config.data_dir;
    auto pg = std::make_shared<db::EmbeddedPostgres>(o);
    GARANT_RETURN_IF_ERROR(pg->Start());
    GARANT_RETURN_IF_ERROR(pg->EnsureRoleAndDatabase());
    t.app_conninfo = pg->Conninfo(db::EmbeddedPostgres::kAppRole, db::EmbeddedPostgres::kDatabase);
    t.owner_conninfo =
        pg->Conninfo(db::EmbeddedPostgres::kOwnerRole, db::EmbeddedPostgres::kDatabase);
    t.started_embedded = pg->started_by_this_process();
    t.embedded = pg;
    return t;
  }
  if (config.database_url.empty()) {
    return Status::FailedPrecondition(
        "no database: set GARANT_DATABASE_URL (or database_url in the config file), or use "
        "--dev --data-dir DIR for an embedded development database");
  }
  t.app_conninfo = WithPassword(config.database_url, config.database_password_file);
  t.owner_conninfo =
      config.migration_database_url.empty()
          ? t.app_conninfo
          : WithPassword(config.migration_database_url, config.database_password_file);
  return t;
}

Status StopEmbeddedIfStarted(DatabaseTarget& target) {
  if (!target.embedded || !target.started_embedded) return Status::Ok();
  auto pg = std::static_pointer_cast<db::EmbeddedPostgres>(target.embedded);
  return pg->Stop();
}

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
                  const Keys& keys) {
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
  DatabaseTarget database;
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
  if (c.dev) {
    fs::path d = fs::absolute(c.data_dir);
    fs::path secrets = d / "keys";
    for (const char* name : {"pseudonymisation.key", "signing.key", "encryption.key"}) {
      GARANT_RETURN_IF_ERROR(EnsureSecretFile(secrets / name));
    }
    UseDevKeyFiles(c);
  }

  GARANT_ASSIGN_OR_RETURN(Keys keys, LoadKeys(c));
  GARANT_ASSIGN_OR_RETURN(m.database, ResolveDatabase(c));
  {
    GARANT_ASSIGN_OR_RETURN(auto owner, db::Connection::Open(m.database.owner_conninfo));
    GARANT_ASSIGN_OR_RETURN(auto report, db::ApplyMigrations(owner, sql::Migrations()));
    for (const auto& name : report.applied) spdlog::info("applied migration {}", name);
    spdlog::info("database schema at version {}", report.current_version);
  }
  m.pool = std::make_unique<db::Pool>(db::Pool::Options{
      m.database.app_conninfo, static_cast<size_t>(c.pool_size), std::chrono::seconds(5)});
  m.services = std::make_unique<Services>(m.config, *m.pool, SecureRandom::Instance(),
                                          SystemClock::Instance());
  m.services->keys = keys;
  GARANT_RETURN_IF_ERROR(StartAudit(m.audit, c, *m.pool, *m.services, keys));
  GARANT_RETURN_IF_ERROR(CompleteTokens(*m.services));

  if (c.demo) {
    for (const auto& d : DemoAccounts()) {
      auto existing = m.services->accounts.Get(d.username);
      if (existing.ok()) continue;
      std::string display = d.role == kRoleAdmin ? "Administratrice (démo)"
                            : d.role == kRoleDpo ? "Déléguée à la protection des données (démo)"
                            : d.role == kRoleSecretary ? "Secrétaire des comités (démo)"
                                                       : "Auditeur CNIL (démo)";
      auto created = m.services->accounts.Create(d.username, display, d.role, d.password);
      if (!created.ok()) return created.status().WithContext("demo account " + d.username);
    }
  }

  GARANT_RETURN_IF_ERROR(InitPages());
  HttpExchange::SetErrorPageRenderer(&RenderErrorPage);
  AddSystemRoutes(m.router, *m.services);
  AddSessionRoutes(m.router, *m.services);
  AddObjectionRoutes(m.router, *m.services);
  AddExclusionRoutes(m.router, *m.services);
  AddExclusionConsoleRoutes(m.router, *m.services);
  AddGovernanceRoutes(m.router, *m.services);
  AddAuditRoutes(m.router, *m.services);

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
    params->setKeepAliveTimeout(Poco::Timespan(5, 0));
    params->setServerName("garant");
    m.threads = std::make_unique<Poco::ThreadPool>(2, c.threads + 2);
    // The dispatcher factory is owned by the server through a SharedPtr that
    // must not delete it: wrap a forwarding factory instead.
    struct Forward final : Poco::Net::HTTPRequestHandlerFactory {
      explicit Forward(Dispatcher& d) : d_(d) {}
      Poco::Net::HTTPRequestHandler* createRequestHandler(
          const Poco::Net::HTTPServerRequest& r) override {
        return d_.createRequestHandler(r);
      }
      Dispatcher& d_;
    };
    m.http = std::make_unique<Poco::Net::HTTPServer>(new Forward(*m.dispatcher), *m.threads, socket,
                                                     params);
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
    m.http->stop();  // no new connections; in-flight requests continue
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
  if (!m.stopped || m.database.embedded) {
    Status st = StopEmbeddedIfStarted(m.database);
    if (!st.ok()) spdlog::error("stopping the embedded PostgreSQL: {}", st.ToString());
    m.database.embedded.reset();
  }
  m.stopped = true;
}

}  // namespace garant::server
