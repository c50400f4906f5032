// Operating-system helpers of EmbeddedPostgres (private to core/src): the
// cluster's OS account, running programs from argument vectors, a flock(),
// process liveness, private directories and small file writes.
// Thread-safe (no shared state); Linux/glibc.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "garant/core/status.h"

namespace garant::db::pgos {

// The OS account the cluster runs under: ourselves, or "postgres" when we
// are root (PostgreSQL refuses root), reached through runuser.
struct ClusterUser {
  bool via_runuser = false;
  uid_t uid = 0;
  gid_t gid = 0;
};
// kFailedPrecondition when root and there is no "postgres" user.
Result<ClusterUser> FindClusterUser();

// argv running bin_dir/program with args as the cluster user.
std::vector<std::string> PgCommand(const ClusterUser& user, const std::string& bin_dir,
                                   std::string_view program, std::vector<std::string> args);
// argv running program (an absolute path) as the cluster user.
std::vector<std::string> AsClusterUser(const ClusterUser& user, std::vector<std::string> argv);

struct ProcessResult {
  int exit_code = -1;  // -1: killed by a signal
  std::string output;  // stdout and stderr, at most the last 32 KiB
};
// Runs argv (argv[0] an absolute path) in "/", stdin on /dev/null, with our
// environment minus PG* variables and LC_ALL=C; waits for it and collects
// its output. Never through a shell. Fails only when it cannot be started.
Result<ProcessResult> RunProcess(std::vector<std::string> argv);

// Starts argv in a new session (so a terminal's Ctrl-C does not reach it),
// stdin reading from stdin_fd, stdout and stderr on /dev/null. Does not wait.
Result<pid_t> SpawnDetached(std::vector<std::string> argv, int stdin_fd);

// Holds an exclusive flock() on a file (created 0600) for its lifetime.
class FileLock {
 public:
  explicit FileLock(const std::filesystem::path& path);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  bool ok() const { return fd_ >= 0; }

 private:
  int fd_;
};

// The process exists and is not a zombie.
bool ProcessAlive(pid_t pid);
// The name of a live process (/proc/<pid>/comm), or "" when unknown.
std::string ProcessName(pid_t pid);

// True when 127.0.0.1:port can be bound right now.
bool TcpPortFree(int port);

// Writes a file (0600) atomically (garant/core/files.h), owned by the
// cluster user when via_runuser.
Status WriteClusterFile(const std::filesystem::path& path, std::string_view content,
                        const ClusterUser& user);
// The whole file, or "" when it cannot be read.
std::string ReadFile(const std::filesystem::path& path);

// Creates dir (0700, owned by the cluster user), or checks an existing one:
// a real directory (not a symlink) of the cluster user, mode fixed to 0700.
// `ours`: an existing directory of another owner is taken over (chown)
// rather than refused (kFailedPrecondition), for directories inside
// data_dir as opposed to shared places like /tmp.
Status PrivateDirectory(const std::filesystem::path& dir, const ClusterUser& user, bool ours);

// "<what> <path>: <strerror(errno)>".
std::string ErrnoText(std::string_view what, const std::filesystem::path& path);

}  // namespace garant::db::pgos
