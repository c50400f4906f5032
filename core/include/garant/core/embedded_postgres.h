// A private PostgreSQL cluster inside a garant data directory, for
// `garantd --dev`, `garant --data-dir` and the integration tests. Production
// points garant at a real server instead; nothing here is used then.
//
// Layout under Options::data_dir:
//   pg/           the cluster (initdb on first start); pg/server.log its log;
//                 pg/garant.conf the settings below, rewritten at each start
//   run/          the unix socket directory (mode 0700). When
//                 "<data_dir>/run/.s.PGSQL.<port>" would exceed the 107-byte
//                 limit of socket paths, /tmp/garant-pg-<16 hex of
//                 SHA-256(data_dir)> is used instead (same for every process
//                 using this data_dir)
//   pg.port       the port number (names the socket; no TCP is opened)
//   pg.lock       flock()ed while starting, stopping or provisioning, so a
//                 server and a CLI starting together do not race
//
// Security: the server listens on no TCP address (listen_addresses = '').
// Authentication on the unix socket is "trust": anyone who can open the
// socket may connect as any role, so the socket directory is private (0700,
// owned by the cluster's OS user; root passes too). This is for development
// and tests only.
//
// Running as root: PostgreSQL refuses root, so the cluster belongs to the OS
// user "postgres": pg/ and the socket directory are chowned to it, every
// PostgreSQL binary runs as `runuser -u postgres -- ...`, and data_dir gets
// the o+x bit (traverse only) so that user can reach pg/.
//
// Roles and database (EnsureRoleAndDatabase): superuser "postgres";
// "garant_owner" (LOGIN, owns the database, runs the migrations);
// "garant_app" (LOGIN, no privilege but CONNECT: the migrations GRANT what
// the server needs); database "garant" owned by garant_owner.
//
// Processes are started with posix_spawn and argument vectors, never a shell
// command line. pg_ctl itself uses a shell, so data_dir may not contain
// quotes, backslashes, '$', '`' or control characters (kInvalidArgument).
//
// Thread-safety: one thread at a time per object; several objects and
// several processes may share a data_dir (pg.lock).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

#include "garant/core/status.h"

namespace garant::db {

class EmbeddedPostgres {
 public:
  struct Options {
    std::filesystem::path data_dir;
    // 0: reuse the port recorded in data_dir/pg.port, or pick one (derived
    // from data_dir, skipping TCP ports in use on 127.0.0.1) and record it.
    int port = 0;
    std::string bin_dir = "/usr/lib/postgresql/15/bin";
    // How long pg_ctl waits for the server to start or stop.
    std::chrono::seconds timeout{60};
    // A throwaway cluster (tests): fsync off, and a watchdog process stops
    // the server and DELETES data_dir when this object is destroyed or this
    // process ends, even by a crash or SIGKILL. Never for data you keep.
    bool ephemeral = false;
  };

  static constexpr std::string_view kSuperuser = "postgres";
  static constexpr std::string_view kOwnerRole = "garant_owner";
  static constexpr std::string_view kAppRole = "garant_app";
  static constexpr std::string_view kDatabase = "garant";

  explicit EmbeddedPostgres(Options options);
  // Leaves a running server running (call Stop() for that), except for an
  // ephemeral cluster, which is stopped and deleted.
  ~EmbeddedPostgres();
  EmbeddedPostgres(const EmbeddedPostgres&) = delete;
  EmbeddedPostgres& operator=(const EmbeddedPostgres&) = delete;

  // Makes the server run and accept connections: initdb on the first start,
  // pg_ctl start -w otherwise; when a server already runs on this data_dir
  // (postmaster.pid names a live process, e.g. garantd's while the CLI runs)
  // it is reused as is. Idempotent. Errors: kInvalidArgument (data_dir),
  // kFailedPrecondition (missing binaries, root without a "postgres" user,
  // unsafe socket directory), kUnavailable (initdb/pg_ctl failed; the
  // message ends with their output or the server log's tail).
  Status Start();
  // pg_ctl stop -m fast -w (then -m immediate if that fails), and waits until
  // the postmaster process is gone. Ok when no server runs. Stops the server
  // even when another process started it.
  Status Stop();

  // True when this object's Start() launched the server (rather than reusing
  // one already running) and it has not been stopped since: garantd stops
  // the cluster at exit only then.
  bool started_by_this_process() const { return started_here_; }
  // True when a live postmaster serves data_dir/pg.
  bool IsRunning() const;
  // The postmaster's pid from postmaster.pid, or 0 when none is running.
  pid_t ServerPid() const;

  // Connection strings for libpq over the private socket (no password).
  // Valid after a successful Start().
  std::string SuperuserConninfo(std::string_view dbname = "postgres") const;
  std::string Conninfo(std::string_view user, std::string_view dbname) const;

  // Creates, when missing, the roles garant_owner and garant_app and the
  // database (a plain lowercase identifier) owned by garant_owner, with
  // CONNECT granted to garant_app only. Idempotent. Needs a running server.
  Status EnsureRoleAndDatabase(std::string_view database = kDatabase);

  const std::filesystem::path& data_dir() const { return data_dir_; }
  const std::filesystem::path& cluster_dir() const { return cluster_dir_; }
  const std::filesystem::path& socket_dir() const { return socket_dir_; }
  int port() const { return port_; }

 private:
  Status PrepareLayout();
  Status ResolvePort();
  Status InitDb();
  Status WriteSettings();
  Status LaunchServer();
  Status WaitReady(pid_t pid);
  void AdoptRunningServer();
  Status StartWatchdog();
  void StopWatchdog();

  Options options_;
  std::filesystem::path data_dir_;     // absolute
  std::filesystem::path cluster_dir_;  // data_dir_/pg
  std::filesystem::path socket_dir_;
  int port_ = 0;
  bool started_here_ = false;
  pid_t watchdog_pid_ = -1;
  int watchdog_fd_ = -1;  // write end of the watchdog's stdin
};

}  // namespace garant::db
