// The forward-only migrations runner (see migrations.h and docs/database.md).

#include "garant/core/migrations.h"

#include <algorithm>
#include <map>
#include <utility>

#include "garant/core/bytes.h"
#include "garant/core/crypto.h"

namespace garant::db {
namespace {

// Key of the transaction-scoped advisory lock serialising migration runs
// ("garant-m" in ASCII). Fixed forever: every garant version must agree.
constexpr int64_t kMigrationLockKey = 0x67617261'6e742d6d;

// The history table. Every role may read it (it holds no data, and the
// application role checks it for /readyz); only its owner writes it.
constexpr std::string_view kCreateTable =
    "CREATE TABLE garant_schema_migrations ("
    " version integer PRIMARY KEY,"
    " name text NOT NULL,"
    " checksum text NOT NULL,"
    " applied_at timestamptz NOT NULL DEFAULT now());"
    "GRANT SELECT ON garant_schema_migrations TO PUBLIC";

struct Applied {
  std::string name;
  std::string checksum;
};

std::string Checksum(const Migration& m) { return HexEncode(crypto::Sha256(m.sql)); }

std::string VersionLabel(int version) {
  std::string v = std::to_string(version);
  return std::string(v.size() < 4 ? 4 - v.size() : 0, '0') + v;
}

// The given migrations sorted by version; versions must be positive and unique.
Result<std::vector<const Migration*>> Sorted(const std::vector<Migration>& all) {
  std::vector<const Migration*> out;
  out.reserve(all.size());
  for (const Migration& m : all) {
    out.push_back(&m);
  }
  std::sort(out.begin(), out.end(),
            [](const Migration* a, const Migration* b) { return a->version < b->version; });
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i]->version <= 0) {
      return Status::InvalidArgument("migration " + out[i]->name + " has no positive version");
    }
    if (i > 0 && out[i]->version == out[i - 1]->version) {
      return Status::InvalidArgument("migrations " + out[i - 1]->name + " and " + out[i]->name +
                                     " share version " + std::to_string(out[i]->version));
    }
  }
  return out;
}

Result<bool> HistoryTableExists(Connection& conn) {
  GARANT_ASSIGN_OR_RETURN(Rows r,
                          conn.Exec("SELECT to_regclass('garant_schema_migrations') IS NOT NULL"));
  return !r.empty() && r.Bool(0, 0);
}

// The applied migrations by version (the history table exists).
Result<std::map<int, Applied>> ReadApplied(Connection& conn) {
  GARANT_ASSIGN_OR_RETURN(
      Rows rows,
      conn.Exec("SELECT version, name, checksum FROM garant_schema_migrations ORDER BY version"));
  std::map<int, Applied> applied;
  for (int r = 0; r < rows.size(); ++r) {
    applied[static_cast<int>(rows.Int(r, 0))] = Applied{rows.Str(r, 1), rows.Str(r, 2)};
  }
  return applied;
}

// Refuses a database whose history this binary does not share: an applied
// migration changed since, or unknown to this binary.
Status CheckHistory(const std::vector<const Migration*>& sorted,
                    const std::map<int, Applied>& applied) {
  std::map<int, const Migration*> known;
  for (const Migration* m : sorted) {
    known[m->version] = m;
  }
  for (const auto& [version, rec] : applied) {
    auto it = known.find(version);
    if (it == known.end()) {
      return Status::FailedPrecondition(
          "database schema is newer than this binary: migration " + rec.name + " (version " +
          VersionLabel(version) + ") is applied but unknown to this binary; run a newer garant");
    }
    std::string sum = Checksum(*it->second);
    if (sum != rec.checksum) {
      return Status::FailedPrecondition(
          "migration " + it->second->name + " was changed after it was applied (checksum " +
          rec.checksum + " in the database, " + sum +
          " in this binary); garant refuses to start: restore the original file");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<MigrationReport> ApplyMigrations(Connection& conn, const std::vector<Migration>& all) {
  GARANT_ASSIGN_OR_RETURN(std::vector<const Migration*> sorted, Sorted(all));
  Transaction tx(conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_RETURN_IF_ERROR(
      tx.Exec("SELECT pg_advisory_xact_lock($1)", {Param(kMigrationLockKey)}).status());
  GARANT_ASSIGN_OR_RETURN(bool exists, HistoryTableExists(conn));
  if (!exists) {
    GARANT_RETURN_IF_ERROR(conn.ExecScript(kCreateTable));
  }
  GARANT_ASSIGN_OR_RETURN(auto applied, ReadApplied(conn));
  GARANT_RETURN_IF_ERROR(CheckHistory(sorted, applied));

  const int last_applied = applied.empty() ? 0 : applied.rbegin()->first;
  MigrationReport report;
  report.current_version = last_applied;
  for (const Migration* m : sorted) {
    if (applied.count(m->version) != 0) {
      continue;
    }
    if (m->version < last_applied) {
      return Status::FailedPrecondition(
          "migration " + m->name + " is not applied but the later version " +
          VersionLabel(last_applied) +
          " is: migrations are forward-only, give the new file a number after it");
    }
    Status st = conn.ExecScript(m->sql);
    if (!st.ok()) {
      return st.WithContext("migration " + m->name);
    }
    if (!conn.InTransaction()) {
      return Status::FailedPrecondition("migration " + m->name +
                                        " ended the transaction: migration files must not "
                                        "contain BEGIN, COMMIT or ROLLBACK");
    }
    GARANT_RETURN_IF_ERROR(tx.Exec("INSERT INTO garant_schema_migrations (version, name, checksum) "
                                   "VALUES ($1, $2, $3)",
                                   {Param(m->version), Param(m->name), Param(Checksum(*m))})
                               .status());
    report.applied.push_back(m->name);
    report.current_version = m->version;
  }
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return report;
}

Result<bool> MigrationsUpToDate(Connection& conn, const std::vector<Migration>& all) {
  GARANT_ASSIGN_OR_RETURN(bool exists, HistoryTableExists(conn));
  if (!exists) {
    return all.empty();
  }
  GARANT_ASSIGN_OR_RETURN(auto applied, ReadApplied(conn));
  for (const Migration& m : all) {
    auto it = applied.find(m.version);
    if (it == applied.end() || it->second.checksum != Checksum(m)) {
      return false;
    }
  }
  return true;
}

}  // namespace garant::db
