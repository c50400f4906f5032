#include "garantd_process.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/NullStream.h>
#include <Poco/StreamCopier.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>
#include <vector>

extern char** environ;

namespace garant::bench {
namespace {

// Spawns argv with stdout and stderr to `out_fd`; returns the pid or -1.
pid_t Spawn(const std::vector<std::string>& args, int out_fd) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out_fd, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&fa, out_fd, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  return rc == 0 ? pid : -1;
}

// Runs argv to completion; its output, or an error.
Result<std::string> Run(const std::vector<std::string>& args) {
  int fds[2];
  if (pipe(fds) != 0) return Status::Internal("pipe failed");
  const pid_t pid = Spawn(args, fds[1]);
  close(fds[1]);
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  close(fds[0]);
  if (pid < 0) return Status::Internal("cannot run " + args[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return Status::Internal(args[0] + " failed: " + out);
  }
  return out;
}

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

struct GarantdProcess::Client::Session {
  explicit Session(int port) : http("127.0.0.1", static_cast<Poco::UInt16>(port)) {
    http.setKeepAlive(true);
    http.setTimeout(Poco::Timespan(600, 0));
  }
  Poco::Net::HTTPClientSession http;
};

GarantdProcess::GarantdProcess(std::filesystem::path bin_dir, std::filesystem::path data_dir,
                               std::string config_text)
    : bin_dir_(std::move(bin_dir)),
      data_dir_(std::move(data_dir)),
      config_text_(std::move(config_text)) {}

GarantdProcess::Client::Client(int port, std::string token)
    : session_(std::make_unique<Session>(port)), token_(std::move(token)) {}
GarantdProcess::Client::~Client() = default;

std::unique_ptr<GarantdProcess::Client> GarantdProcess::NewClient() const {
  return std::unique_ptr<Client>(new Client(port_, token_));
}

GarantdProcess::~GarantdProcess() {
  on_die_.reset();
  client_.reset();
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
}

Status GarantdProcess::Start() {
  const auto conf = data_dir_ / "bench.conf";
  std::ofstream(conf) << config_text_;
  const auto log = data_dir_ / "garantd.log";
  const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return Status::Internal("cannot open " + log.string());
  pid_ = Spawn({(bin_dir_ / "garantd").string(), "--dev", "--data-dir", data_dir_.string(),
                "--port", "0", "--config", conf.string()},
               fd);
  close(fd);
  if (pid_ < 0) return Status::Internal("cannot start " + (bin_dir_ / "garantd").string());
  on_die_ = std::make_unique<OnDie>([pid = pid_] {
    kill(pid, SIGTERM);
    waitpid(pid, nullptr, 0);
  });
  const std::regex listening("garantd listening on http://127\\.0\\.0\\.1:(\\d+)");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (port_ == 0) {
    if (std::chrono::steady_clock::now() > deadline || waitpid(pid_, nullptr, WNOHANG) != 0) {
      return Status::Internal("garantd did not start:\n" + ReadFile(log));
    }
    std::smatch m;
    const std::string text = ReadFile(log);
    if (std::regex_search(text, m, listening)) {
      port_ = std::stoi(m[1].str());
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  GARANT_ASSIGN_OR_RETURN(std::string out,
                          Run({(bin_dir_ / "garant").string(), "token", "create", "bench-http",
                               "--role", "warehouse", "--data-dir", data_dir_.string()}));
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  token_ = out.substr(out.rfind('\n') == std::string::npos ? 0 : out.rfind('\n') + 1);
  client_ = NewClient();
  Poco::Net::HTTPClientSession& http = client_->session_->http;
  while (true) {
    try {
      Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_GET, "/readyz",
                                 Poco::Net::HTTPMessage::HTTP_1_1);
      http.sendRequest(req);
      Poco::Net::HTTPResponse resp;
      std::istream& in = http.receiveResponse(resp);
      Poco::NullOutputStream sink;
      Poco::StreamCopier::copyStream(in, sink);
      if (resp.getStatus() == Poco::Net::HTTPResponse::HTTP_OK) return Status::Ok();
    } catch (const Poco::Exception&) {
      http.reset();  // not listening yet
    }
    if (std::chrono::steady_clock::now() > deadline) {
      return Status::Internal("garantd not ready:\n" + ReadFile(log));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

Status GarantdProcess::PostJson(const std::string& path, const std::string& body, int expect) {
  return client_->PostJson(path, body, expect);
}

Status GarantdProcess::Client::PostJson(const std::string& path, const std::string& body,
                                        int expect) {
  try {
    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, path,
                               Poco::Net::HTTPMessage::HTTP_1_1);
    req.setContentType("application/json");
    req.set("Authorization", "Bearer " + token_);
    req.setContentLength(static_cast<std::streamsize>(body.size()));
    session_->http.sendRequest(req) << body;
    Poco::Net::HTTPResponse resp;
    std::istream& in = session_->http.receiveResponse(resp);
    std::string answer;
    Poco::StreamCopier::copyToString(in, answer);
    if (static_cast<int>(resp.getStatus()) != expect) {
      return Status::Internal("POST " + path + ": HTTP " + std::to_string(resp.getStatus()) + ": " +
                              answer.substr(0, 500));
    }
    return Status::Ok();
  } catch (const Poco::Exception& e) {
    session_->http.reset();
    return Status::Internal("POST " + path + ": " + e.displayText());
  }
}

}  // namespace garant::bench
