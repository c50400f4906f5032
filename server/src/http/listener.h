// One listening HTTP server: Poco's TCPServer whose connections run under the
// request deadlines (http/deadlines.h), serving a Dispatcher. garantd has one
// for everything, and a second on loopback for /readyz and /metrics when
// metrics_port is set (docs/configuration.md). With a TLS context it speaks
// https only (runtime/tls_server.h): the handshake happens on the worker
// thread, under the request deadline like the request itself.
#pragma once

#include <Poco/Net/Context.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/ThreadPool.h>

#include <memory>
#include <string>

#include "garant/core/status.h"
#include "http/dispatcher.h"

namespace garant::server {

class Listener {
 public:
  struct Options {
    std::string bind;
    int port = 0;  // 0: an ephemeral port (see port())
    int threads = 16;
    int socket_timeout_seconds = 30;      // per read or write
    int keep_alive_timeout_seconds = 30;  // idle kept-alive connection (listener.cc)
    Poco::Net::Context* tls = nullptr;    // set: TLS (runtime::ServerTls::context())
  };
  // Binds, listens and starts serving; kFailedPrecondition when it cannot bind.
  static Result<std::unique_ptr<Listener>> Start(const Options& options, Dispatcher& dispatcher,
                                                 RequestDeadlines& deadlines);
  ~Listener();
  int port() const { return port_; }
  // Stops accepting, lets in-flight requests finish (up to 10 s), then
  // aborts what is left and joins the threads.
  void Stop();

 private:
  Listener() = default;
  int port_ = 0;
  Poco::Net::HTTPRequestHandlerFactory::Ptr handlers_;
  ForwardingFactory* forwarding_ = nullptr;  // handlers_, as what it is
  std::unique_ptr<Poco::ThreadPool> threads_;
  std::unique_ptr<Poco::Net::TCPServer> server_;
};

}  // namespace garant::server
