#include "pg_cluster.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <system_error>
#include <vector>

namespace garant::testsupport {
namespace {

Result<std::filesystem::path> MakeTempDir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string base = (tmp != nullptr && *tmp != '\0') ? tmp : "/tmp";
  std::string tmpl = base + "/garant-test-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) == nullptr) {
    return Status::Unavailable("mkdtemp in " + base + " failed");
  }
  return std::filesystem::path(buf.data());
}

// The PostgreSQL server binaries of this machine (`pg_config --bindir`), or
// EmbeddedPostgres's default when pg_config is missing.
std::string PgBinDir() {
  std::string out;
  if (FILE* p = popen("pg_config --bindir 2>/dev/null", "r")) {
    char buf[512];
    while (fgets(buf, sizeof buf, p) != nullptr) out += buf;
    if (pclose(p) != 0) out.clear();
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out.empty() ? db::EmbeddedPostgres::Options{}.bin_dir : out;
}

}  // namespace

TestCluster::TestCluster() {
  Result<std::filesystem::path> dir = MakeTempDir();
  if (dir.ok()) {
    dir_ = *dir;
  }
  db::EmbeddedPostgres::Options options;
  options.data_dir = dir_;
  options.ephemeral = true;
  options.bin_dir = PgBinDir();
  pg_ = std::make_unique<db::EmbeddedPostgres>(options);
  if (!dir.ok()) {
    status_ = dir.status();
    return;
  }
  status_ = pg_->Start();
  if (status_.ok()) {
    status_ = pg_->EnsureRoleAndDatabase();
  }
}

TestCluster::~TestCluster() {
  (void)pg_->Stop();
  pg_.reset();  // its watchdog deletes the directory
  std::error_code ec;
  if (!dir_.empty()) {
    std::filesystem::remove_all(dir_, ec);
  }
}

std::string TestCluster::CreateDatabase() {
  std::string name;
  {
    std::lock_guard<std::mutex> lock(mu_);
    name = "garant_test_" + std::to_string(++next_db_);
  }
  Status st = status_.ok() ? pg_->EnsureRoleAndDatabase(name) : status_;
  std::string conninfo = OwnerConninfo(name);
  if (!st.ok()) {
    ADD_FAILURE() << "cannot create test database " << name << ": " << st.ToString();
    return OwnerConninfo("garant_test_not_created");
  }
  std::lock_guard<std::mutex> lock(mu_);
  names_[conninfo] = name;
  return conninfo;
}

std::string TestCluster::DatabaseName(std::string_view db) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = names_.find(db);
  return it != names_.end() ? it->second : std::string(db);
}

std::string TestCluster::OwnerConninfo(std::string_view db) const {
  return pg_->Conninfo(db::EmbeddedPostgres::kOwnerRole, DatabaseName(db));
}

std::string TestCluster::AppConninfo(std::string_view db) const {
  return pg_->Conninfo(db::EmbeddedPostgres::kAppRole, DatabaseName(db));
}

std::string TestCluster::SuperuserConninfo(std::string_view db) const {
  return pg_->SuperuserConninfo(DatabaseName(db));
}

Status TestCluster::StopServer() { return pg_->Stop(); }

Status TestCluster::StartServer() { return pg_->Start(); }

Status TestCluster::Restart() {
  GARANT_RETURN_IF_ERROR(StopServer());
  return StartServer();
}

TestCluster& SharedCluster() {
  // Destroyed by the static destructors at exit (normal return or exit());
  // a crash is covered by the cluster's watchdog.
  static TestCluster cluster;
  if (!cluster.status().ok()) {
    std::fprintf(stderr, "cannot start the test PostgreSQL cluster: %s\n",
                 cluster.status().ToString().c_str());
    std::exit(1);
  }
  return cluster;
}

Result<MigratedDatabase> CreateMigratedDatabase(const std::vector<db::Migration>& migrations,
                                                size_t pool_size) {
  GARANT_RETURN_IF_ERROR(SharedCluster().status());
  MigratedDatabase d;
  d.owner = SharedCluster().CreateDatabase();
  {
    GARANT_ASSIGN_OR_RETURN(db::Connection conn, db::Connection::Open(d.owner));
    GARANT_RETURN_IF_ERROR(db::ApplyMigrations(conn, migrations).status());
  }
  d.pool = std::make_unique<db::Pool>(
      db::Pool::Options{SharedCluster().AppConninfo(d.owner), pool_size, std::chrono::seconds(5)});
  return d;
}

db::Rows QueryAs(const std::string& conninfo, const std::string& sql, const db::Params& params) {
  auto conn = db::Connection::Open(conninfo);
  if (!conn.ok()) {
    ADD_FAILURE() << "connect: " << conn.status().ToString();
    return {};
  }
  auto rows = conn->Exec(sql, params);
  if (!rows.ok()) {
    ADD_FAILURE() << sql << ": " << rows.status().ToString();
    return {};
  }
  return std::move(rows).value();
}

}  // namespace garant::testsupport
