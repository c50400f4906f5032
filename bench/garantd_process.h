// A real garantd for the benches: the built binary started as a child
// process in --dev mode on a data directory whose embedded PostgreSQL the
// bench already runs (garantd reuses it: same database, same registry), a
// warehouse token made by the garant CLI, and a keep-alive HTTP/1.1 client
// (Poco's HTTPClientSession) to send requests to it.
//
// GarantdProcess is not thread-safe (one client connection of its own);
// NewClient() gives each thread a connection of its own.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>

#include "check.h"
#include "garant/core/status.h"

namespace garant::bench {

class GarantdProcess {
 public:
  // `bin_dir` holds garantd and garant; `data_dir` the bench's cluster;
  // `config_text` is written to data_dir/bench.conf and passed as --config.
  GarantdProcess(std::filesystem::path bin_dir, std::filesystem::path data_dir,
                 std::string config_text);
  ~GarantdProcess();  // SIGTERM, then waits for the process
  GarantdProcess(const GarantdProcess&) = delete;
  GarantdProcess& operator=(const GarantdProcess&) = delete;

  // Starts garantd (its output to data_dir/garantd.log), waits up to 60 s
  // for its port and /readyz, and creates a warehouse token. A failed step
  // of the bench (Die) ends it.
  Status Start();

  // A keep-alive connection to the started garantd with the warehouse
  // token; for one thread at a time.
  class Client {
   public:
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;
    // POST `path` with a JSON body and the warehouse token; kInternal unless
    // the status is `expect`. The response body is read and dropped.
    Status PostJson(const std::string& path, const std::string& body, int expect = 200);

   private:
    friend class GarantdProcess;
    Client(int port, std::string token);
    struct Session;
    std::unique_ptr<Session> session_;
    std::string token_;
  };
  // After Start().
  std::unique_ptr<Client> NewClient() const;

  // PostJson on the process's own client.
  Status PostJson(const std::string& path, const std::string& body, int expect = 200);

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  // The warehouse token made at Start().
  const std::string& token() const { return token_; }

 private:
  std::filesystem::path bin_dir_, data_dir_;
  std::string config_text_;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string token_;
  std::unique_ptr<Client> client_;
  std::unique_ptr<OnDie> on_die_;  // ends garantd if the bench dies
};

}  // namespace garant::bench
