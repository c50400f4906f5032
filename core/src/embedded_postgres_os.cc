#include "embedded_postgres_os.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

#include "garant/core/files.h"

extern char** environ;

namespace garant::db::pgos {
namespace fs = std::filesystem;
namespace {

std::string FindRunuser() {
  for (const char* p : {"/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"}) {
    if (access(p, X_OK) == 0) {
      return p;
    }
  }
  return "/usr/sbin/runuser";
}

// Our environment without PG* variables (they would redirect initdb and
// pg_ctl), with C messages.
std::vector<std::string> ChildEnvironment() {
  std::vector<std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view v(*e);
    if (v.substr(0, 2) == "PG" || v.substr(0, 7) == "LC_ALL=") {
      continue;
    }
    env.emplace_back(v);
  }
  env.emplace_back("LC_ALL=C");
  return env;
}

std::vector<char*> CStrings(std::vector<std::string>& v) {
  std::vector<char*> out;
  out.reserve(v.size() + 1);
  for (std::string& s : v) {
    out.push_back(s.data());
  }
  out.push_back(nullptr);
  return out;
}

// posix_spawn file actions and attributes, destroyed on scope exit.
class SpawnSetup {
 public:
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions_);
    posix_spawnattr_init(&attr_);
    posix_spawn_file_actions_addchdir_np(&actions_, "/");
  }
  ~SpawnSetup() {
    posix_spawnattr_destroy(&attr_);
    posix_spawn_file_actions_destroy(&actions_);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;

  posix_spawn_file_actions_t* actions() { return &actions_; }
  posix_spawnattr_t* attr() { return &attr_; }

  // 0 or an errno value.
  int Spawn(pid_t* pid, std::vector<std::string> argv) {
    std::vector<std::string> env = ChildEnvironment();
    std::vector<char*> cargv = CStrings(argv);
    std::vector<char*> cenv = CStrings(env);
    return posix_spawn(pid, cargv[0], &actions_, &attr_, cargv.data(), cenv.data());
  }

 private:
  posix_spawn_file_actions_t actions_;
  posix_spawnattr_t attr_;
};

}  // namespace

std::string ErrnoText(std::string_view what, const fs::path& path) {
  return std::string(what) + " " + path.string() + ": " + std::strerror(errno);
}

Result<ClusterUser> FindClusterUser() {
  ClusterUser u;
  if (geteuid() != 0) {
    u.uid = geteuid();
    u.gid = getegid();
    return u;
  }
  passwd pw{};
  passwd* found = nullptr;
  std::vector<char> buf(16384);
  if (getpwnam_r("postgres", &pw, buf.data(), buf.size(), &found) != 0 || found == nullptr) {
    return Status::FailedPrecondition(
        "running as root, but there is no \"postgres\" OS user to own the cluster");
  }
  u.via_runuser = true;
  u.uid = pw.pw_uid;
  u.gid = pw.pw_gid;
  return u;
}

std::vector<std::string> AsClusterUser(const ClusterUser& user, std::vector<std::string> argv) {
  if (!user.via_runuser) {
    return argv;
  }
  std::vector<std::string> out = {FindRunuser(), "-u", "postgres", "--"};
  for (std::string& a : argv) {
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<std::string> PgCommand(const ClusterUser& user, const std::string& bin_dir,
                                   std::string_view program, std::vector<std::string> args) {
  args.insert(args.begin(), (fs::path(bin_dir) / program).string());
  return AsClusterUser(user, std::move(args));
}

Result<ProcessResult> RunProcess(std::vector<std::string> argv) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    return Status::Internal(ErrnoText("pipe", ""));
  }
  const std::string program = argv[0];
  pid_t pid = -1;
  int rc = 0;
  {
    SpawnSetup setup;
    posix_spawn_file_actions_addopen(setup.actions(), 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(setup.actions(), fds[1], 1);
    posix_spawn_file_actions_adddup2(setup.actions(), fds[1], 2);
    rc = setup.Spawn(&pid, std::move(argv));
  }
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    return Status::FailedPrecondition("cannot run " + program + ": " + std::strerror(rc));
  }
  ProcessResult result;
  char buf[4096];
  while (true) {
    ssize_t n = read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      break;
    }
    result.output.append(buf, static_cast<size_t>(n));
    if (result.output.size() > 65536) {
      result.output.erase(0, result.output.size() - 32768);
    }
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

Result<pid_t> SpawnDetached(std::vector<std::string> argv, int stdin_fd) {
  const std::string program = argv[0];
  SpawnSetup setup;
  posix_spawn_file_actions_adddup2(setup.actions(), stdin_fd, 0);
  posix_spawn_file_actions_addopen(setup.actions(), 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(setup.actions(), 2, "/dev/null", O_WRONLY, 0);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(setup.attr(), &none);
  posix_spawnattr_setflags(setup.attr(), POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK);
  pid_t pid = -1;
  int rc = setup.Spawn(&pid, std::move(argv));
  if (rc != 0) {
    return Status::Internal("cannot run " + program + ": " + std::strerror(rc));
  }
  return pid;
}

FileLock::FileLock(const fs::path& path)
    : fd_(open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {
  if (fd_ < 0) {
    return;
  }
  while (flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
  }
}

FileLock::~FileLock() {
  if (fd_ >= 0) {
    close(fd_);  // releases the lock
  }
}

bool ProcessAlive(pid_t pid) {
  if (pid <= 0) {
    return false;
  }
  if (kill(pid, 0) != 0 && errno != EPERM) {
    return false;
  }
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) {
    return true;  // no /proc: trust kill()
  }
  size_t paren = line.rfind(')');
  if (paren == std::string::npos || paren + 2 >= line.size()) {
    return true;
  }
  char state = line[paren + 2];
  return state != 'Z' && state != 'X';
}

std::string ProcessName(pid_t pid) {
  std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
  std::string name;
  std::getline(comm, name);
  return name;
}

bool TcpPortFree(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return true;
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool free = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return free;
}

Status WriteClusterFile(const fs::path& path, std::string_view content, const ClusterUser& user) {
  AtomicFile file(path, 0600);
  GARANT_RETURN_IF_ERROR(file.Open());
  file.stream().write(content.data(), static_cast<std::streamsize>(content.size()));
  GARANT_RETURN_IF_ERROR(file.Finish());
  if (user.via_runuser && chown(file.temp_path().c_str(), user.uid, user.gid) != 0) {
    return Status::Unavailable(ErrnoText("cannot chown", file.temp_path()));
  }
  return file.Commit();
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

Status PrivateDirectory(const fs::path& dir, const ClusterUser& user, bool ours) {
  bool created = mkdir(dir.c_str(), 0700) == 0;
  if (!created && errno != EEXIST) {
    return Status::Unavailable(ErrnoText("cannot create", dir));
  }
  struct stat st {};
  if (lstat(dir.c_str(), &st) != 0) {
    return Status::Unavailable(ErrnoText("cannot stat", dir));
  }
  if (!S_ISDIR(st.st_mode)) {
    return Status::FailedPrecondition(dir.string() + " is not a directory");
  }
  if (st.st_uid != user.uid) {
    if (!created && !ours) {
      return Status::FailedPrecondition("unsafe directory " + dir.string() +
                                        ": owned by another user");
    }
    if (chown(dir.c_str(), user.uid, user.gid) != 0) {
      return Status::Unavailable(ErrnoText("cannot chown", dir));
    }
  }
  if ((st.st_mode & 077) != 0 && chmod(dir.c_str(), 0700) != 0) {
    return Status::Unavailable(ErrnoText("cannot chmod", dir));
  }
  return Status::Ok();
}

}  // namespace garant::db::pgos
