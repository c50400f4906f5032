#include "garant/runtime/database.h"

#include <spdlog/spdlog.h>

#include <optional>

#include "garant/core/bytes.h"
#include "garant/core/db.h"

namespace garant::runtime {

Result<std::string> ConninfoFor(const std::string& url, const std::string& password_file,
                                std::string_view setting) {
  std::optional<std::string> password;
  if (!password_file.empty()) {
    auto pw = ReadSecretFile(password_file);
    if (!pw.ok()) {
      return pw.status().WithContext(setting);
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
  if (config.migration_database_url.empty()) {
    return Status::FailedPrecondition(
        "migration_database_url is not set: migrations run as the owner role with their own "
        "credentials, never as the application role (docs/database.md)");
  }
  if (!config.database_password_file.empty() && config.migration_database_password_file.empty()) {
    return Status::FailedPrecondition(
        "migration_database_password_file is not set: the owner role has its own password "
        "(database_password_file is the application role's)");
  }
  GARANT_ASSIGN_OR_RETURN(t.app_conninfo_,
                          ConninfoFor(config.database_url, config.database_password_file));
  GARANT_ASSIGN_OR_RETURN(t.owner_conninfo_, ConninfoFor(config.migration_database_url,
                                                         config.migration_database_password_file,
                                                         "migration_database_password_file"));
  return t;
}

Result<std::vector<std::string>> ApplicationRoleProblems(db::Connection& app) {
  // One row; each column a finding. Temporary objects (pg_temp_*) are the
  // role's own staging tables (TEMPORARY is granted): not ownership.
  GARANT_ASSIGN_OR_RETURN(
      db::Rows r,
      app.Exec(
          "SELECT current_user::text, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls, "
          "(SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
          "  WHERE pg_has_role(current_user, c.relowner, 'USAGE') "
          "  AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'), "
          "(SELECT count(*) FROM pg_namespace n WHERE pg_has_role(current_user, n.nspowner, "
          "  'USAGE') AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'), "
          "(SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
          "  WHERE pg_has_role(current_user, p.proowner, 'USAGE') "
          "  AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'), "
          "(SELECT pg_has_role(current_user, d.datdba, 'USAGE') FROM pg_database d "
          "  WHERE d.datname = current_database()), "
          "has_database_privilege(current_database(), 'CREATE'), "
          "has_schema_privilege('public', 'CREATE') "
          "FROM pg_roles r WHERE r.rolname = current_user"));
  if (r.empty()) return Status::Internal("the current role is not in pg_roles");
  const std::string role = r.Str(0, 0);
  std::vector<std::string> problems;
  if (r.Bool(0, 1)) problems.push_back(role + " is a superuser");
  if (r.Bool(0, 2)) problems.push_back(role + " can create roles (CREATEROLE)");
  if (r.Bool(0, 3)) problems.push_back(role + " can create databases (CREATEDB)");
  if (r.Bool(0, 4)) problems.push_back(role + " bypasses row-level security (BYPASSRLS)");
  if (r.Int(0, 5) > 0) {
    problems.push_back(role + " owns " + std::to_string(r.Int(0, 5)) +
                       " table(s), view(s) or sequence(s) (or is a member of their owner)");
  }
  if (r.Int(0, 6) > 0) problems.push_back(role + " owns a schema (or is a member of its owner)");
  if (r.Int(0, 7) > 0) problems.push_back(role + " owns a function (or is a member of its owner)");
  if (r.Bool(0, 8)) problems.push_back(role + " owns the database (or is a member of its owner)");
  if (r.Bool(0, 9)) problems.push_back(role + " may CREATE schemas in the database");
  if (r.Bool(0, 10)) problems.push_back(role + " may CREATE in the schema public");
  return problems;
}

Status CheckApplicationRole(db::Connection& app) {
  GARANT_ASSIGN_OR_RETURN(std::vector<std::string> problems, ApplicationRoleProblems(app));
  if (problems.empty()) return Status::Ok();
  std::string message =
      "the application role (database_url) must not be able to change the "
      "schema; garantd refuses to start: ";
  for (size_t i = 0; i < problems.size(); ++i) {
    if (i > 0) message += "; ";
    message += problems[i];
  }
  return Status::FailedPrecondition(message + " (docs/database.md, \"Roles\")");
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
