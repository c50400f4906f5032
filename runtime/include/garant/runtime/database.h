// Where a process's database is: the embedded development cluster of
// `garantd --dev` (started when needed, owned here) or the PostgreSQL named by
// database_url / migration_database_url, with database_password_file applied.
//
// Connection strings are built in libpq keyword form (db::ConninfoWithPassword):
// a password never needs URL escaping. Fail closed: a password file that is
// set but cannot be read stops the start with kFailedPrecondition, it is
// never silently ignored.
//
// Thread-safety: DatabaseTarget is a move-only owner; not shared.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "garant/core/config.h"
#include "garant/core/db.h"
#include "garant/core/embedded_postgres.h"
#include "garant/core/status.h"

namespace garant::runtime {

class DatabaseTarget {
 public:
  DatabaseTarget() = default;
  ~DatabaseTarget();
  DatabaseTarget(DatabaseTarget&&) noexcept = default;
  DatabaseTarget& operator=(DatabaseTarget&&) noexcept = default;
  DatabaseTarget(const DatabaseTarget&) = delete;
  DatabaseTarget& operator=(const DatabaseTarget&) = delete;

  // In --dev mode starts (or reuses) the embedded cluster in data_dir and
  // keeps it; else the configured URLs. Outside --dev, migrations run with
  // their own credentials: migration_database_url is required, and
  // migration_database_password_file when database_password_file is set (the
  // application's password is never used for the owner role).
  // kFailedPrecondition when no database is configured, those are missing or
  // a password file cannot be read; kInvalidArgument when a URL cannot be
  // parsed; the embedded cluster's errors.
  static Result<DatabaseTarget> Resolve(const Config& config);

  // The application role's connection string (the pool's).
  const std::string& app_conninfo() const { return app_conninfo_; }
  // The owner role's (migrations).
  const std::string& owner_conninfo() const { return owner_conninfo_; }
  // The embedded cluster's superuser (replication, e.g. garant backup);
  // empty for a configured database.
  const std::string& superuser_conninfo() const { return superuser_conninfo_; }
  // True when this process started the embedded cluster.
  bool started_embedded() const { return embedded_ != nullptr && started_embedded_; }
  bool embedded() const { return embedded_ != nullptr; }

  // Stops the embedded cluster if this process started it (or, with
  // `also_if_reused`, whoever did: garantd, the last of several on one
  // data_dir) and no other client session uses it (another garantd --dev on
  // the same data_dir, a garant command): then it is left running for them.
  // Releases it. Idempotent. The destructor does the same (without
  // also_if_reused), logging an error.
  Status StopEmbeddedIfStarted(bool also_if_reused = false);

 private:
  std::string app_conninfo_;
  std::string owner_conninfo_;
  std::string superuser_conninfo_;
  std::unique_ptr<db::EmbeddedPostgres> embedded_;
  bool started_embedded_ = false;
};

// What is wrong with the privileges of the role `app` is connected as, for an
// application role (docs/database.md, "Roles"): a superuser, a role that can
// create roles or databases or bypass row security, a role that owns (or is a
// member of the owner of) a table, sequence, view, schema, function or the
// database, or that may CREATE in the database or the public schema. Empty
// when none. Database errors as mapped.
Result<std::vector<std::string>> ApplicationRoleProblems(db::Connection& app);

// garantd's start check: kFailedPrecondition listing ApplicationRoleProblems
// when there are any ("the application role ... refuses to start").
Status CheckApplicationRole(db::Connection& app);

// A libpq keyword conninfo for `url` with the password read from
// `password_file` (none when empty); a file that cannot be read is an error
// naming `setting`. Exposed for tests.
Result<std::string> ConninfoFor(const std::string& url, const std::string& password_file,
                                std::string_view setting = "database_password_file");

}  // namespace garant::runtime
