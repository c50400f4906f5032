// The witness over HTTP (C2SP tlog-witness): POST <prefix>/add-checkpoint,
// with the prefix empty, and GET /healthz for liveness. Other paths are 404,
// other methods on /add-checkpoint 405. Bodies over kMaxRequestBody are 413
// without being read; a body shorter than its Content-Length is 400.
// Keep-alive is supported (the spec asks witnesses to).
//
// Plain HTTP: put it behind a TLS reverse proxy to expose it (witnesses
// need no confidentiality; TLS protects the log's view of who answered).
// Thread-safety: Start/Stop from one thread; requests run on the server's
// own thread pool.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "garant/core/status.h"
#include "garant/witness/witness.h"

namespace garant::witness {

class HttpServer {
 public:
  struct Options {
    std::string bind = "127.0.0.1";
    int port = 0;  // 0: an ephemeral port (see port())
    int threads = 8;
  };
  // Listens and starts serving `witness`, which must outlive the server.
  // kFailedPrecondition when the address cannot be bound.
  static Result<std::unique_ptr<HttpServer>> Start(const Options& options, Witness& witness);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const { return port_; }
  // Stops listening, shuts the open connections down and returns once every
  // request already running has finished and the server's threads are idle:
  // after it, no handler touches the witness. Called by the destructor; a
  // second call does nothing.
  void Stop();

 private:
  HttpServer() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace garant::witness
