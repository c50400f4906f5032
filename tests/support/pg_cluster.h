// A throwaway PostgreSQL cluster for integration tests.
//
// TestCluster runs an ephemeral EmbeddedPostgres in a fresh mkdtemp
// directory ($TMPDIR or /tmp, "garant-test-XXXXXX"). Destroying it stops the
// server and deletes the directory; if the test binary dies instead (crash,
// abort, SIGKILL by a ctest timeout), the cluster's watchdog process does the
// same, so no postgres process outlives the binary.
//
// Typical use, one cluster per test binary and one database per test:
//
//   TEST(Foo, Bar) {
//     std::string owner = garant::testsupport::SharedCluster().CreateDatabase();
//     auto conn = garant::db::Connection::Open(owner);
//     ...
//   }
//
// Tests that stop or restart the server should use their own TestCluster,
// so a failure half-way does not leave the shared one stopped.
//
// Thread-safety: CreateDatabase() may be called from several threads; the
// other methods from one thread at a time.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "garant/core/db.h"
#include "garant/core/embedded_postgres.h"
#include "garant/core/migrations.h"
#include "garant/core/status.h"

namespace garant::testsupport {

class TestCluster {
 public:
  // Creates the directory and starts the server (initdb, roles garant_owner
  // and garant_app, database "garant"). Check status() afterwards.
  TestCluster();
  ~TestCluster();
  TestCluster(const TestCluster&) = delete;
  TestCluster& operator=(const TestCluster&) = delete;

  // Why the cluster could not start, or ok.
  const Status& status() const { return status_; }

  // Creates a new, uniquely named database owned by garant_owner (CONNECT
  // granted to garant_app) and returns garant_owner's conninfo for it. On
  // failure, records a gtest failure and returns a conninfo naming a
  // database that does not exist, so the test's Open() fails too.
  std::string CreateDatabase();
  // Conninfos for a database; `db` is a database name or a conninfo
  // returned by CreateDatabase().
  std::string OwnerConninfo(std::string_view db) const;
  std::string AppConninfo(std::string_view db) const;
  std::string SuperuserConninfo(std::string_view db = "postgres") const;
  // The database name behind a conninfo returned by CreateDatabase() (or
  // `db` itself when it is already a name).
  std::string DatabaseName(std::string_view db) const;

  // For restart tests. The data, roles and databases survive.
  Status StopServer();
  Status StartServer();
  Status Restart();

  const std::filesystem::path& dir() const { return dir_; }
  db::EmbeddedPostgres& postgres() { return *pg_; }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<db::EmbeddedPostgres> pg_;
  Status status_;
  mutable std::mutex mu_;
  std::map<std::string, std::string, std::less<>> names_;  // conninfo -> database
  int next_db_ = 0;
};

// The test binary's shared cluster, started on first use and stopped when the
// binary exits. Exits the binary with a message if the cluster cannot start.
TestCluster& SharedCluster();

// A new database of the shared cluster with `migrations` applied (as
// garant_owner), and a pool of the application role garant_app on it, as
// garantd uses it (least privilege). Fails with the step that failed.
struct MigratedDatabase {
  std::string owner;  // garant_owner's conninfo
  std::unique_ptr<db::Pool> pool;
};
Result<MigratedDatabase> CreateMigratedDatabase(const std::vector<db::Migration>& migrations,
                                                size_t pool_size = 2);

// Runs `sql` with `params` on a new connection as `conninfo` (a test's owner
// conninfo) and returns the rows. A connection or statement that fails is a
// test failure (ADD_FAILURE, with the error) and gives no rows.
db::Rows QueryAs(const std::string& conninfo, const std::string& sql,
                 const db::Params& params = {});

}  // namespace garant::testsupport
