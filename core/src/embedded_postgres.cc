// EmbeddedPostgres: initdb / pg_ctl around a private cluster (see the header
// for the layout and the security model). The OS plumbing lives in
// embedded_postgres_os.cc.
// Over 400 lines on purpose: one lifecycle (layout, initdb, start, reuse,
// stop, watchdog) whose steps share the cluster's paths and state.

#include "garant/core/embedded_postgres.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <thread>
#include <utility>
#include <vector>

#include "embedded_postgres_os.h"
#include "garant/core/bytes.h"
#include "garant/core/crypto.h"
#include "garant/core/db.h"
#include "garant/core/decimal.h"

namespace garant::db {
namespace fs = std::filesystem;
using pgos::ClusterUser;
using pgos::ProcessResult;
namespace {

// The longest unix socket path PostgreSQL accepts (sizeof(sun_path) - 1).
constexpr size_t kMaxSocketPath = 107;
constexpr std::string_view kSocketName = "/.s.PGSQL.65535";  // longest possible

// The end of a program's output or of a log, for error messages.
std::string Tail(std::string s, size_t max = 2000) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) {
    s.pop_back();
  }
  if (s.size() > max) {
    s = "..." + s.substr(s.size() - max);
  }
  return s;
}

// The lines of postmaster.pid: pid, data dir, start time, port, socket dir...
std::vector<std::string> ReadPidFile(const fs::path& cluster_dir) {
  std::vector<std::string> lines;
  std::ifstream in(cluster_dir / "postmaster.pid");
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

// Characters pg_ctl's shell command line or the config file would misread.
bool SafeForPgCtl(const std::string& path) {
  for (char c : path) {
    if (c == '"' || c == '\'' || c == '\\' || c == '$' || c == '`' ||
        static_cast<unsigned char>(c) < 0x20) {
      return false;
    }
  }
  return true;
}

std::string QuoteConninfoValue(std::string_view v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "'";
}

bool PlainIdentifier(std::string_view name) {
  if (name.empty() || name.size() > 63) {
    return false;
  }
  if (!(name[0] == '_' || (name[0] >= 'a' && name[0] <= 'z'))) {
    return false;
  }
  for (char c : name) {
    if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
      return false;
    }
  }
  return true;
}

std::string DataDirHash(const fs::path& data_dir) {
  return HexEncode(crypto::Sha256(data_dir.string())).substr(0, 16);
}

}  // namespace

EmbeddedPostgres::EmbeddedPostgres(Options options) : options_(std::move(options)) {
  if (options_.data_dir.empty()) {
    return;  // Start() reports it
  }
  std::error_code ec;
  data_dir_ = fs::weakly_canonical(fs::absolute(options_.data_dir, ec), ec);
  if (ec) {
    data_dir_ = options_.data_dir;
  }
  cluster_dir_ = data_dir_ / "pg";
}

EmbeddedPostgres::~EmbeddedPostgres() {
  if (options_.ephemeral) {
    StopWatchdog();
  }
}

Status EmbeddedPostgres::PrepareLayout() {
  if (options_.data_dir.empty()) {
    return Status::InvalidArgument("no data directory given");
  }
  std::error_code ec;
  fs::path abs = fs::absolute(options_.data_dir, ec).lexically_normal();
  if (ec || abs == abs.root_path()) {
    return Status::InvalidArgument("unusable data directory " + options_.data_dir.string());
  }
  if (!SafeForPgCtl(abs.string())) {
    return Status::InvalidArgument("data directory " + abs.string() +
                                   " contains a quote, backslash, '$', '`' or control character");
  }
  bool created = fs::create_directories(abs, ec);
  if (ec) {
    return Status::Unavailable("cannot create " + abs.string() + ": " + ec.message());
  }
  if (created) {
    fs::permissions(abs, fs::perms::owner_all, ec);
  }
  data_dir_ = fs::canonical(abs, ec);
  if (ec) {
    return Status::Unavailable("cannot resolve " + abs.string() + ": " + ec.message());
  }
  if (!SafeForPgCtl(data_dir_.string())) {
    return Status::InvalidArgument("data directory " + data_dir_.string() +
                                   " contains a quote, backslash, '$', '`' or control character");
  }
  cluster_dir_ = data_dir_ / "pg";
  if (access((fs::path(options_.bin_dir) / "pg_ctl").c_str(), X_OK) != 0) {
    return Status::FailedPrecondition("no PostgreSQL binaries in " + options_.bin_dir);
  }
  GARANT_ASSIGN_OR_RETURN(ClusterUser user, pgos::FindClusterUser());
  if (user.via_runuser) {
    // The postgres user must traverse data_dir to reach pg/ (o+x only).
    fs::permissions(data_dir_, fs::perms::others_exec, fs::perm_options::add, ec);
    if (ec) {
      return Status::Unavailable("cannot chmod " + data_dir_.string() + ": " + ec.message());
    }
  }
  GARANT_RETURN_IF_ERROR(pgos::PrivateDirectory(cluster_dir_, user, /*ours=*/true));
  if (user.via_runuser) {
    // Asked of the kernel as that user: modes, groups and ACLs all count.
    GARANT_ASSIGN_OR_RETURN(ProcessResult r,
                            pgos::RunProcess(pgos::AsClusterUser(
                                user, {"/usr/bin/test", "-w", cluster_dir_.string()})));
    if (r.exit_code != 0) {
      return Status::FailedPrecondition(
          "garant runs as root, so the cluster runs as the OS user \"postgres\", which cannot "
          "reach " +
          cluster_dir_.string() +
          ": every parent directory of the data directory must be searchable by it (o+x)");
    }
  }

  socket_dir_ = data_dir_ / "run";
  if (socket_dir_.string().size() + kSocketName.size() > kMaxSocketPath) {
    socket_dir_ = fs::path("/tmp") / ("garant-pg-" + DataDirHash(data_dir_));
    return pgos::PrivateDirectory(socket_dir_, user, /*ours=*/false);
  }
  return pgos::PrivateDirectory(socket_dir_, user, /*ours=*/true);
}

Status EmbeddedPostgres::ResolvePort() {
  const fs::path port_file = data_dir_ / "pg.port";
  int recorded = 0;
  {
    std::ifstream in(port_file);
    in >> recorded;
  }
  if (options_.port != 0) {
    port_ = options_.port;
  } else if (recorded > 0 && recorded < 65536) {
    port_ = recorded;
    return Status::Ok();
  } else {
    // Derived from the data directory, so a given directory keeps its port.
    crypto::Digest d = crypto::Sha256(data_dir_.string());
    int base = 20000 + static_cast<int>(((d[0] << 8) | d[1]) % 20000);
    port_ = base;
    for (int i = 0; i < 200; ++i) {
      int candidate = 20000 + (base - 20000 + i) % 20000;
      if (pgos::TcpPortFree(candidate)) {
        port_ = candidate;
        break;
      }
    }
  }
  if (port_ == recorded) {
    return Status::Ok();
  }
  return pgos::WriteClusterFile(port_file, std::to_string(port_) + "\n", ClusterUser{});
}

Status EmbeddedPostgres::InitDb() {
  GARANT_ASSIGN_OR_RETURN(ClusterUser user, pgos::FindClusterUser());
  std::vector<std::string> args = {"-D",
                                   cluster_dir_.string(),
                                   "-U",
                                   std::string(kSuperuser),
                                   "-E",
                                   "UTF8",
                                   "--no-locale",
                                   "--auth-local=trust",
                                   "--auth-host=reject"};
  if (options_.ephemeral) {
    args.push_back("--no-sync");
  }
  GARANT_ASSIGN_OR_RETURN(
      ProcessResult r, pgos::RunProcess(pgos::PgCommand(user, options_.bin_dir, "initdb", args)));
  if (r.exit_code != 0) {
    return Status::Unavailable("initdb failed: " + Tail(r.output));
  }
  return Status::Ok();
}

Status EmbeddedPostgres::WriteSettings() {
  GARANT_ASSIGN_OR_RETURN(ClusterUser user, pgos::FindClusterUser());
  std::string conf = "# Written by garant at each start of the embedded cluster: edits are lost.\n";
  conf += "listen_addresses = ''\n";
  conf += "port = " + std::to_string(port_) + "\n";
  conf += "unix_socket_directories = '" + socket_dir_.string() + "'\n";
  conf += "unix_socket_permissions = 0700\n";
  if (options_.ephemeral) {
    conf +=
        "# A throwaway cluster: durability traded for speed.\n"
        "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
        "shared_buffers = '32MB'\n";
  }
  GARANT_RETURN_IF_ERROR(pgos::WriteClusterFile(cluster_dir_ / "garant.conf", conf, user));

  const fs::path main_conf = cluster_dir_ / "postgresql.conf";
  constexpr std::string_view kInclude = "include_if_exists = 'garant.conf'";
  if (pgos::ReadFile(main_conf).find(kInclude) == std::string::npos) {
    std::ofstream out(main_conf, std::ios::app);
    out << "\n# garant's settings (embedded cluster)\n" << kInclude << "\n";
    if (!out.flush()) {
      return Status::Unavailable("cannot append to " + main_conf.string());
    }
  }
  return Status::Ok();
}

Status EmbeddedPostgres::LaunchServer() {
  GARANT_ASSIGN_OR_RETURN(ClusterUser user, pgos::FindClusterUser());
  const fs::path log = cluster_dir_ / "server.log";
  GARANT_ASSIGN_OR_RETURN(ProcessResult r,
                          pgos::RunProcess(pgos::PgCommand(
                              user, options_.bin_dir, "pg_ctl",
                              {"start", "-w", "-t", std::to_string(options_.timeout.count()), "-D",
                               cluster_dir_.string(), "-l", log.string()})));
  if (r.exit_code != 0) {
    return Status::Unavailable("pg_ctl start failed: " + Tail(r.output) + "\nserver log (" +
                               log.string() + "):\n" + Tail(pgos::ReadFile(log)));
  }
  return Status::Ok();
}

void EmbeddedPostgres::AdoptRunningServer() {
  std::vector<std::string> lines = ReadPidFile(cluster_dir_);
  if (lines.size() > 3) {
    port_ = static_cast<int>(ParseDecimal(lines[3], {.max = 65535}).value_or(0));
  }
  if (lines.size() > 4 && !lines[4].empty()) {
    socket_dir_ = lines[4];
  }
}

Status EmbeddedPostgres::WaitReady(pid_t pid) {
  const auto deadline = std::chrono::steady_clock::now() + options_.timeout;
  Status last;
  while (true) {
    Result<Connection> c = Connection::Open(SuperuserConninfo("postgres"));
    if (c.ok()) {
      return Status::Ok();
    }
    last = c.status();
    if (!pgos::ProcessAlive(pid)) {
      return last.WithContext("the PostgreSQL server stopped");
    }
    if (std::chrono::steady_clock::now() > deadline) {
      return last.WithContext("the PostgreSQL server does not accept connections");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

Status EmbeddedPostgres::Start() {
  GARANT_RETURN_IF_ERROR(PrepareLayout());
  pgos::FileLock lock(data_dir_ / "pg.lock");
  if (!lock.ok()) {
    return Status::Unavailable(pgos::ErrnoText("cannot lock", data_dir_ / "pg.lock"));
  }
  if (options_.ephemeral) {
    GARANT_RETURN_IF_ERROR(StartWatchdog());
  }
  if (pid_t pid = ServerPid(); pid > 0) {
    AdoptRunningServer();
    return WaitReady(pid);
  }
  GARANT_RETURN_IF_ERROR(ResolvePort());
  if (!fs::exists(cluster_dir_ / "PG_VERSION")) {
    GARANT_RETURN_IF_ERROR(InitDb());
  }
  GARANT_RETURN_IF_ERROR(WriteSettings());
  GARANT_RETURN_IF_ERROR(LaunchServer());
  pid_t pid = ServerPid();
  if (pid <= 0) {
    return Status::Unavailable("pg_ctl reported a start but no server runs");
  }
  started_here_ = true;
  return WaitReady(pid);
}

Status EmbeddedPostgres::Stop() {
  if (data_dir_.empty() || !fs::exists(data_dir_)) {
    return Status::Ok();
  }
  pgos::FileLock lock(data_dir_ / "pg.lock");
  pid_t pid = ServerPid();
  if (pid <= 0) {
    started_here_ = false;
    return Status::Ok();
  }
  GARANT_ASSIGN_OR_RETURN(ClusterUser user, pgos::FindClusterUser());
  std::string output;
  for (const char* mode : {"fast", "immediate"}) {
    GARANT_ASSIGN_OR_RETURN(
        ProcessResult r, pgos::RunProcess(pgos::PgCommand(user, options_.bin_dir, "pg_ctl",
                                                          {"stop", "-m", mode, "-w", "-t",
                                                           std::to_string(options_.timeout.count()),
                                                           "-D", cluster_dir_.string()})));
    output += r.output;
    if (r.exit_code == 0) {
      break;
    }
  }
  // pg_ctl returns once postmaster.pid is gone; the process may take a moment more.
  const auto deadline = std::chrono::steady_clock::now() + options_.timeout;
  while (pgos::ProcessAlive(pid)) {
    if (std::chrono::steady_clock::now() > deadline) {
      return Status::Unavailable("the PostgreSQL server (pid " + std::to_string(pid) +
                                 ") does not stop: " + Tail(output));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  started_here_ = false;
  return Status::Ok();
}

bool EmbeddedPostgres::IsRunning() const { return ServerPid() > 0; }

pid_t EmbeddedPostgres::ServerPid() const {
  std::vector<std::string> lines = ReadPidFile(cluster_dir_);
  if (lines.empty()) {
    return 0;
  }
  pid_t pid = static_cast<pid_t>(std::atol(lines[0].c_str()));
  if (!pgos::ProcessAlive(pid)) {
    return 0;
  }
  // A stale file whose pid now belongs to another program is not a server.
  const std::string name = pgos::ProcessName(pid);
  if (!name.empty() && name.find("postgres") == std::string::npos &&
      name.find("postmaster") == std::string::npos) {
    return 0;
  }
  return pid;
}

std::string EmbeddedPostgres::SuperuserConninfo(std::string_view dbname) const {
  return Conninfo(kSuperuser, dbname);
}

std::string EmbeddedPostgres::Conninfo(std::string_view user, std::string_view dbname) const {
  return "host=" + QuoteConninfoValue(socket_dir_.string()) + " port=" + std::to_string(port_) +
         " user=" + QuoteConninfoValue(user) + " dbname=" + QuoteConninfoValue(dbname);
}

Status EmbeddedPostgres::EnsureRoleAndDatabase(std::string_view database) {
  if (!PlainIdentifier(database)) {
    return Status::InvalidArgument("database name must be a plain lowercase identifier");
  }
  pgos::FileLock lock(data_dir_ / "pg.lock");
  GARANT_ASSIGN_OR_RETURN(Connection conn, Connection::Open(SuperuserConninfo("postgres")));
  for (std::string_view role : {kOwnerRole, kAppRole}) {
    GARANT_ASSIGN_OR_RETURN(Rows r,
                            conn.Exec("SELECT 1 FROM pg_roles WHERE rolname = $1", {Param(role)}));
    if (r.empty()) {
      GARANT_RETURN_IF_ERROR(conn.Exec("CREATE ROLE " + std::string(role) +
                                       " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION")
                                 .status());
    }
  }
  GARANT_ASSIGN_OR_RETURN(
      Rows db, conn.Exec("SELECT 1 FROM pg_database WHERE datname = $1", {Param(database)}));
  const std::string quoted = "\"" + std::string(database) + "\"";
  if (db.empty()) {
    GARANT_RETURN_IF_ERROR(
        conn.Exec("CREATE DATABASE " + quoted + " OWNER " + std::string(kOwnerRole)).status());
  }
  GARANT_RETURN_IF_ERROR(conn.Exec("REVOKE ALL ON DATABASE " + quoted + " FROM PUBLIC").status());
  return conn.Exec("GRANT CONNECT ON DATABASE " + quoted + " TO " + std::string(kAppRole)).status();
}

// The watchdog: `sh -c SCRIPT` with the paths as arguments (no quoting
// involved), in its own session so a Ctrl-C aimed at us does not reach it.
// It waits for end-of-file on stdin, which happens when this process closes
// the pipe or dies, then stops the server and deletes the directories.
Status EmbeddedPostgres::StartWatchdog() {
  if (watchdog_pid_ > 0) {
    return Status::Ok();
  }
  GARANT_ASSIGN_OR_RETURN(ClusterUser user, pgos::FindClusterUser());
  static constexpr char kScript[] =
      "d=$1; s=$2; shift 2\n"
      "while read -r _; do :; done\n"
      "\"$@\" >/dev/null 2>&1\n"
      "rm -rf -- \"$d\"\n"
      "if [ -n \"$s\" ]; then rm -rf -- \"$s\"; fi\n";
  const bool private_socket = socket_dir_.parent_path() == data_dir_;
  std::vector<std::string> argv = {"/bin/sh",
                                   "-c",
                                   kScript,
                                   "garant-pg-watchdog",
                                   data_dir_.string(),
                                   private_socket ? "" : socket_dir_.string()};
  for (std::string& a :
       pgos::PgCommand(user, options_.bin_dir, "pg_ctl",
                       {"stop", "-m", "immediate", "-w", "-D", cluster_dir_.string()})) {
    argv.push_back(std::move(a));
  }
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    return Status::Internal(pgos::ErrnoText("pipe", ""));
  }
  Result<pid_t> pid = pgos::SpawnDetached(std::move(argv), fds[0]);
  close(fds[0]);
  if (!pid.ok()) {
    close(fds[1]);
    return pid.status().WithContext("cannot start the cluster watchdog");
  }
  watchdog_pid_ = *pid;
  watchdog_fd_ = fds[1];
  return Status::Ok();
}

void EmbeddedPostgres::StopWatchdog() {
  if (watchdog_pid_ <= 0) {
    return;
  }
  close(watchdog_fd_);  // end-of-file: the watchdog stops the server and cleans up
  int status = 0;
  while (waitpid(watchdog_pid_, &status, 0) < 0 && errno == EINTR) {
  }
  watchdog_pid_ = -1;
  watchdog_fd_ = -1;
  started_here_ = false;
}

}  // namespace garant::db
