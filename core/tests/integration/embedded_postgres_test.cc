// EmbeddedPostgres: first start, reuse, restart on the same directory, stop.

#include "garant/core/embedded_postgres.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "garant/core/db.h"

namespace garant::db {
namespace {

namespace fs = std::filesystem;

// A process is gone when kill() fails, or /proc says it is a zombie.
bool Gone(pid_t pid) {
  if (kill(pid, 0) != 0 && errno == ESRCH) {
    return true;
  }
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) {
    return true;
  }
  return line[line.rfind(')') + 2] == 'Z';
}

pid_t PidFromFile(const fs::path& cluster_dir) {
  std::ifstream in(cluster_dir / "postmaster.pid");
  long pid = 0;
  in >> pid;
  return static_cast<pid_t>(pid);
}

class EmbeddedPostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("TMPDIR");
    std::string tmpl = std::string(tmp != nullptr && *tmp ? tmp : "/tmp") + "/garant-ep-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    root_ = tmpl;
    // As root the cluster runs as "postgres", which must traverse root_.
    if (geteuid() == 0) {
      chmod(root_.c_str(), 0711);
    }
    data_ = root_ / "data";
  }
  void TearDown() override {
    // Safety net: never leave a server behind, whatever failed.
    EmbeddedPostgres pg(Opts(data_));
    (void)pg.Stop();
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  EmbeddedPostgres::Options Opts(fs::path dir) const {
    EmbeddedPostgres::Options o;
    o.data_dir = std::move(dir);
    return o;
  }

  fs::path root_;
  fs::path data_;  // the data directory TearDown stops
};

TEST_F(EmbeddedPostgresTest, StartsProvisionsReusesAndStops) {
  const fs::path data = data_;
  pid_t first_pid = 0;
  {
    EmbeddedPostgres pg(Opts(data));
    Status st = pg.Start();
    ASSERT_TRUE(st.ok()) << st.ToString();
    EXPECT_TRUE(pg.started_by_this_process());
    EXPECT_TRUE(pg.IsRunning());
    EXPECT_TRUE(fs::exists(data / "pg" / "PG_VERSION"));
    EXPECT_TRUE(fs::exists(data / "pg.port"));
    EXPECT_EQ(pg.socket_dir(), fs::canonical(data) / "run");
    first_pid = PidFromFile(pg.cluster_dir());
    EXPECT_EQ(pg.ServerPid(), first_pid);

    ASSERT_TRUE(pg.EnsureRoleAndDatabase().ok());
    ASSERT_TRUE(pg.EnsureRoleAndDatabase().ok());  // idempotent
    Result<Connection> owner = Connection::Open(pg.Conninfo("garant_owner", "garant"));
    ASSERT_TRUE(owner.ok()) << owner.status().ToString();
    EXPECT_EQ(owner
                  ->Exec("SELECT pg_catalog.pg_get_userbyid(datdba) FROM pg_database "
                         "WHERE datname = 'garant'")
                  ->Str(0, 0),
              "garant_owner");
    EXPECT_FALSE(
        owner->Exec("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")->Bool(0, 0));
    ASSERT_TRUE(owner->ExecScript("CREATE TABLE kept (x int); INSERT INTO kept VALUES (42)").ok());
    Result<Connection> app = Connection::Open(pg.Conninfo("garant_app", "garant"));
    ASSERT_TRUE(app.ok()) << app.status().ToString();
    EXPECT_EQ(app->Exec("SELECT * FROM kept").status().code(), Code::kPermissionDenied);
    // No TCP listener.
    EXPECT_EQ(owner->Exec("SELECT current_setting('listen_addresses')")->Str(0, 0), "");

    // A second object on the same directory (the CLI while garantd runs)
    // reuses the running server and does not own it.
    EmbeddedPostgres again(Opts(data));
    ASSERT_TRUE(again.Start().ok());
    EXPECT_FALSE(again.started_by_this_process());
    EXPECT_EQ(again.ServerPid(), first_pid);
    EXPECT_EQ(again.port(), pg.port());
    Result<Connection> c = Connection::Open(again.Conninfo("garant_owner", "garant"));
    ASSERT_TRUE(c.ok()) << c.status().ToString();

    ASSERT_TRUE(pg.Start().ok());  // idempotent on the same object too
    EXPECT_EQ(pg.ServerPid(), first_pid);
    ASSERT_TRUE(pg.Stop().ok());
    EXPECT_FALSE(pg.started_by_this_process());
    EXPECT_FALSE(pg.IsRunning());
    EXPECT_FALSE(fs::exists(data / "pg" / "postmaster.pid"));
    EXPECT_TRUE(Gone(first_pid)) << "postmaster " << first_pid << " survived Stop()";
    EXPECT_TRUE(pg.Stop().ok());  // stopping a stopped cluster is fine
  }

  // Restart on the same directory: same port, same data, no new initdb.
  EmbeddedPostgres pg(Opts(data));
  ASSERT_TRUE(pg.Start().ok());
  EXPECT_TRUE(pg.started_by_this_process());
  pid_t second_pid = pg.ServerPid();
  EXPECT_NE(second_pid, first_pid);
  ASSERT_TRUE(pg.EnsureRoleAndDatabase().ok());
  Result<Connection> owner = Connection::Open(pg.Conninfo("garant_owner", "garant"));
  ASSERT_TRUE(owner.ok()) << owner.status().ToString();
  EXPECT_EQ(owner->Exec("SELECT x FROM kept")->Int(0, 0), 42);
  ASSERT_TRUE(pg.Stop().ok());
  EXPECT_TRUE(Gone(second_pid));
}

TEST_F(EmbeddedPostgresTest, LongDataDirUsesAShortSocketDirectory) {
  data_ = root_ / std::string(60, 'd') / std::string(60, 'e') / "data";
  const fs::path data = data_;
  EmbeddedPostgres pg(Opts(data));
  Status st = pg.Start();
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(pg.socket_dir().parent_path(), fs::path("/tmp"));
  EXPECT_LE(pg.socket_dir().string().size() + 15, 107u);
  struct stat sb {};
  ASSERT_EQ(stat(pg.socket_dir().c_str(), &sb), 0);
  EXPECT_EQ(sb.st_mode & 0777, 0700u);
  EXPECT_TRUE(Connection::Open(pg.SuperuserConninfo()).ok());
  // Another object computes the same socket directory.
  EmbeddedPostgres again(Opts(data));
  ASSERT_TRUE(again.Start().ok());
  EXPECT_EQ(again.socket_dir(), pg.socket_dir());
  pid_t pid = pg.ServerPid();
  ASSERT_TRUE(pg.Stop().ok());
  EXPECT_TRUE(Gone(pid));
  std::error_code ec;
  fs::remove_all(pg.socket_dir(), ec);
}

TEST_F(EmbeddedPostgresTest, EphemeralClusterIsRemovedWhenItsOwnerDies) {
  // A child process starts an ephemeral cluster and is then SIGKILLed: the
  // watchdog must stop the server and delete the directory.
  const fs::path data = data_;
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(ready[0]);
    EmbeddedPostgres::Options o = Opts(data);
    o.ephemeral = true;
    auto* pg = new EmbeddedPostgres(o);  // never destroyed: we get killed
    char ok = pg->Start().ok() ? '1' : '0';
    (void)!write(ready[1], &ok, 1);
    pause();
    _exit(0);
  }
  close(ready[1]);
  char ok = '0';
  const bool got = read(ready[0], &ok, 1) == 1;
  close(ready[0]);
  const pid_t server = PidFromFile(data / "pg");
  kill(child, SIGKILL);  // on every path: a paused child would hang the binary
  ASSERT_EQ(waitpid(child, nullptr, 0), child);
  ASSERT_TRUE(got && ok == '1');
  ASSERT_GT(server, 0);
  for (int i = 0; i < 300 && (!Gone(server) || fs::exists(data)); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(Gone(server)) << "postmaster " << server << " survived its owner";
  EXPECT_FALSE(fs::exists(data));
}

TEST_F(EmbeddedPostgresTest, RefusesUnsafeDataDirectories) {
  EXPECT_EQ(EmbeddedPostgres(Opts("")).Start().code(), Code::kInvalidArgument);
  EXPECT_EQ(EmbeddedPostgres(Opts(root_ / "bad\"name")).Start().code(), Code::kInvalidArgument);
  EmbeddedPostgres::Options o = Opts(root_ / "data");
  o.bin_dir = "/nonexistent/bin";
  EXPECT_EQ(EmbeddedPostgres(o).Start().code(), Code::kFailedPrecondition);
  EmbeddedPostgres pg(Opts(root_ / "data"));
  EXPECT_EQ(pg.EnsureRoleAndDatabase("Robert'); DROP").code(), Code::kInvalidArgument);
  if (geteuid() == 0) {
    // The "postgres" user cannot traverse a 0700 directory of root's.
    fs::create_directories(root_ / "closed");
    chmod((root_ / "closed").c_str(), 0700);
    Status st = EmbeddedPostgres(Opts(root_ / "closed" / "data")).Start();
    EXPECT_EQ(st.code(), Code::kFailedPrecondition) << st.ToString();
    EXPECT_NE(st.message().find("searchable"), std::string::npos);
  }
}

}  // namespace
}  // namespace garant::db
