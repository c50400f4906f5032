// One HTTP connection of a Listener: Poco's request loop (HTTPServerSession,
// one request after another while the connection is kept alive) run by
// garant, so that a request Poco cannot read gets garant's answer.
//
// Poco's own HTTPServerConnection answers such a request (a malformed
// request line or header, a header over Poco's limits: 256-byte names,
// 8 KiB values, 100 fields; a Content-Length that is not a number) itself,
// with a bare 400 that has none of the headers garant sets on every answer,
// HSTS included (docs/security.md), and cannot be told otherwise (its error
// sender is not virtual). Here the refusal is garant's instead
// (Dispatcher::SendMalformedRequest), then the connection ends; what the
// client still sends is read and dropped for a moment first, so that the
// close does not reset the connection before the client reads the answer.
//
// The request deadline (http/deadlines.h) is armed when the connection
// starts and disarmed when it ends; the Dispatcher disarms and re-arms it
// per request. The server's stop (ForwardingFactory::NotifyStopped) ends the
// connection after its current request, or at once when aborting.
//
// One thread per connection (the TCPServer's); the stop notice comes from
// another thread.
#pragma once

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

#include <atomic>
#include <mutex>
#include <utility>

#include "http/deadlines.h"
#include "http/dispatcher.h"

namespace garant::server {

class HttpConnection final : public Poco::Net::TCPServerConnection {
 public:
  // `handlers` is `forwarding`, held for its lifetime.
  HttpConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                 Poco::Net::HTTPRequestHandlerFactory::Ptr handlers, ForwardingFactory& forwarding,
                 RequestDeadlines& deadlines);
  ~HttpConnection() override;
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  void run() override;

 private:
  void Serve();
  void OnServerStopped(const bool& abort_current);
  // Reads and drops what the client still sends (at most 1 MiB, until it
  // pauses for half a second or the request deadline passes).
  void DrainInput();

  Poco::Net::HTTPServerParams::Ptr params_;
  Poco::Net::HTTPRequestHandlerFactory::Ptr handlers_;
  ForwardingFactory& forwarding_;
  RequestDeadlines& deadlines_;
  std::atomic<bool> stopped_{false};
  std::mutex serving_;  // held while a request is served (a graceful stop waits for it)
};

// Makes a Listener's connections (what HTTPServer's own factory does
// otherwise).
class HttpConnectionFactory final : public Poco::Net::TCPServerConnectionFactory {
 public:
  HttpConnectionFactory(Poco::Net::HTTPServerParams::Ptr params,
                        Poco::Net::HTTPRequestHandlerFactory::Ptr handlers,
                        ForwardingFactory& forwarding, RequestDeadlines& deadlines)
      : params_(std::move(params)),
        handlers_(std::move(handlers)),
        forwarding_(forwarding),
        deadlines_(deadlines) {}
  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
    // NOLINTNEXTLINE(cppcoreguidelines-owning-memory): the TCPServer owns it
    return new HttpConnection(socket, params_, handlers_, forwarding_, deadlines_);
  }

 private:
  Poco::Net::HTTPServerParams::Ptr params_;
  Poco::Net::HTTPRequestHandlerFactory::Ptr handlers_;
  ForwardingFactory& forwarding_;
  RequestDeadlines& deadlines_;
};

}  // namespace garant::server
