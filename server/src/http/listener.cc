#include "http/listener.h"

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>

#include <chrono>
#include <thread>

#include "http/connection.h"

namespace garant::server {

Result<std::unique_ptr<Listener>> Listener::Start(const Options& o, Dispatcher& dispatcher,
                                                  RequestDeadlines& deadlines) {
  std::unique_ptr<Listener> l(new Listener());
  try {
    // A SecureServerSocket accepts plain TCP connections and wraps each in
    // TLS; the handshake runs at the first read, on the worker thread.
    Poco::Net::ServerSocket socket =
        o.tls != nullptr ? Poco::Net::SecureServerSocket(Poco::Net::Context::Ptr(o.tls, true))
                         : Poco::Net::ServerSocket();
    socket.bind(Poco::Net::SocketAddress(o.bind, static_cast<Poco::UInt16>(o.port)), true);
    socket.listen(256);
    l->port_ = socket.address().port();
    Poco::Net::HTTPServerParams::Ptr params(new Poco::Net::HTTPServerParams);
    params->setMaxThreads(o.threads);
    params->setMaxQueued(1000);
    params->setTimeout(Poco::Timespan(o.socket_timeout_seconds, 0));
    params->setKeepAlive(true);
    // An idle kept-alive connection holds its worker thread (one thread per
    // connection) until its next request, the keep-alive timeout or the
    // request deadline (http/deadlines.h), whichever comes first; while
    // connections wait for a thread, responses close their connection
    // (ForwardingFactory::SetWaitingConnections). The timeout stays well
    // above clients' own idle timeouts (Node's fetch: 4 s, measured on its
    // event loop, which a busy client may not run for seconds): otherwise a
    // client may reuse a connection the server is closing at that very
    // moment, and the request fails with "other side closed" (seen with 5 s).
    params->setKeepAliveTimeout(Poco::Timespan(o.keep_alive_timeout_seconds, 0));
    params->setServerName("garant");
    l->threads_ = std::make_unique<Poco::ThreadPool>(2, o.threads + 2);
    // The dispatcher is owned by the server; the connections share the
    // forwarding factory, which also tells them when the server stops.
    auto forwarding = new ForwardingFactory(dispatcher);  // NOLINT: owned by the SharedPtr below
    Poco::Net::HTTPRequestHandlerFactory::Ptr handlers(forwarding);
    l->handlers_ = handlers;
    l->forwarding_ = forwarding;
    l->server_ = std::make_unique<Poco::Net::TCPServer>(
        new HttpConnectionFactory(params, handlers, *forwarding, deadlines), *l->threads_, socket,
        params);
    forwarding->SetWaitingConnections(
        [server = l->server_.get()] { return server->queuedConnections(); });
    l->server_->start();
  } catch (const Poco::Exception& e) {
    return Status::FailedPrecondition("cannot listen on " + o.bind + ":" + std::to_string(o.port) +
                                      ": " + e.displayText());
  }
  return l;
}

Listener::~Listener() { Stop(); }

void Listener::Stop() {
  if (server_) {
    // No new connections; in-flight requests complete, idle keep-alive
    // connections close after their current request.
    server_->stop();
    forwarding_->NotifyStopped(false);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (server_->currentConnections() > 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    forwarding_->NotifyStopped(true);
    server_.reset();
  }
  if (threads_) {
    threads_->joinAll();
    threads_.reset();
  }
}

}  // namespace garant::server
