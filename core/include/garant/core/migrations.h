// Forward-only schema migrations runner. The SQL files of sql/ are embedded
// into the binary at build time (sql/CMakeLists.txt, garant::sql::Migrations())
// and handed to ApplyMigrations at start.
//
// Each applied migration is recorded in garant_schema_migrations with the
// SHA-256 of its text. Apply() takes a transaction-scoped advisory lock, so
// concurrent starts are safe; all pending migrations apply in one
// transaction (all or none). If an applied file's checksum differs from the
// embedded one, Apply() fails with kFailedPrecondition naming the file: the
// server refuses to start rather than run on a schema it does not know.
#pragma once

#include <string>
#include <vector>

#include "garant/core/db.h"
#include "garant/core/status.h"

namespace garant::db {

struct Migration {
  int version;       // from the file name "0001_name.sql"
  std::string name;  // the file name
  std::string sql;
};

struct MigrationReport {
  std::vector<std::string> applied;  // names applied by this call
  int current_version = 0;
};

Result<MigrationReport> ApplyMigrations(Connection& conn, const std::vector<Migration>& all);
// True when every given migration is applied with the same checksum.
Result<bool> MigrationsUpToDate(Connection& conn, const std::vector<Migration>& all);

}  // namespace garant::db
