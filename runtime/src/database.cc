#include "garant/runtime/database.h"

#include <spdlog/spdlog.h>

#include <optional>

#include "garant/core/bytes.h"
#include "garant/core/db.h"

namespace garant::runtime {

Result<std::string> ConninfoFor(const std::string& url, const std::string& password_file) {
  std::optional<std::string> password;
  if (!password_file.empty()) {
    auto pw = ReadSecretFile(password_file);
    if (!pw.ok()) {
      return pw.status().WithContext("database_password_file");
    }
    password = std::string(AsString(*pw));
  }
  return db::ConninfoWithPassword(url, password);
}

Result<DatabaseTarget> DatabaseTarget::Resolve(const Config& config) {
  DatabaseTarget t;
  if (config.dev) {
    db::EmbeddedPostgres::Options o;
    o.data_dir = config.data_dir;
    auto pg = std::make_unique<db::EmbeddedPostgres>(o);
    GARANT_RETURN_IF_ERROR(pg->Start());
    GARANT_RETURN_IF_ERROR(pg->EnsureRoleAndDatabase());
    t.app_conninfo_ = pg->Conninfo(db::EmbeddedPostgres::kAppRole, db::EmbeddedPostgres::kDatabase);
    t.owner_conninfo_ =
        pg->Conninfo(db::EmbeddedPostgres::kOwnerRole, db::EmbeddedPostgres::kDatabase);
    t.superuser_conninfo_ = pg->SuperuserConninfo();
    t.started_embedded_ = pg->started_by_this_process();
    t.embedded_ = std::move(pg);
    return t;
  }
  if (config.database_url.empty()) {
    return Status::FailedPrecondition(
        "no database: set GARANT_DATABASE_URL (or database_url in the config file), or use "
        "--dev --data-dir DIR for an embedded development database");
  }
  GARANT_ASSIGN_OR_RETURN(t.app_conninfo_,
                          ConninfoFor(config.database_url, config.database_password_file));
  if (config.migration_database_url.empty()) {
    t.owner_conninfo_ = t.app_conninfo_;
  } else {
    GARANT_ASSIGN_OR_RETURN(t.owner_conninfo_, ConninfoFor(config.migration_database_url,
                                                           config.database_password_file));
  }
  return t;
}

namespace {

// Client sessions on the embedded cluster other than the one asking: another
// garantd (its pool, its leader lock) or a garant CLI still using it.
Result<int64_t> OtherSessions(const db::EmbeddedPostgres& pg) {
  GARANT_ASSIGN_OR_RETURN(db::Connection conn, db::Connection::Open(pg.SuperuserConninfo()));
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      conn.Exec("SELECT count(*)::int8 FROM pg_stat_activity WHERE backend_type = 'client backend' "
                "AND pid <> pg_backend_pid()"));
  return rows.Int(0, 0);
}

}  // namespace

Status DatabaseTarget::StopEmbeddedIfStarted(bool also_if_reused) {
  if (!embedded_) return Status::Ok();
  Status st;
  if ((started_embedded_ || also_if_reused) && embedded_->IsRunning()) {
    Result<int64_t> others = OtherSessions(*embedded_);
    if (others.ok() && *others > 0) {
      spdlog::info("embedded PostgreSQL left running: {} other session(s) use it", *others);
    } else {
      st = embedded_->Stop();
    }
  }
  embedded_.reset();
  return st;
}

DatabaseTarget::~DatabaseTarget() {
  Status st = StopEmbeddedIfStarted();
  if (!st.ok()) spdlog::error("stopping the embedded PostgreSQL: {}", st.ToString());
}

}  // namespace garant::runtime
