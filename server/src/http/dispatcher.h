// The single Poco request handler: request id, routing, authentication,
// role check (default deny), CSRF, the handler's error (a handler returns a
// Status; the dispatcher alone sends errors), the catch-all, the access log
// and metrics.
#pragma once

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <functional>

#include "http/router.h"
#include "services.h"

namespace garant::server {

// __Host- names: the browser keeps them only when set Secure, with Path=/ and
// no Domain, so no sibling host or plain-HTTP page can plant or overwrite them.
inline constexpr const char* kSessionCookie = "__Host-garant_session";
inline constexpr const char* kAnonCsrfCookie = "__Host-garant_csrf";
// Sent on every response when garantd serves TLS or public_url is https.
inline constexpr const char* kStrictTransportSecurity = "max-age=31536000; includeSubDomains";
// Where a restricted enrolment session is sent (session/account.cc).
inline constexpr const char* kEnrolmentPath = "/console/compte/double-authentification";

class Dispatcher final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  Dispatcher(const Router& router, Services& services) : router_(router), services_(services) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest& request) override;

  // Serves one request (called by the per-request handler object).
  void Serve(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp);

  // Answers a request Poco could not read (http/connection.h): 400, the
  // JSON error shape, every header garant sets (HSTS included), and the
  // connection closed. Counted and logged like a request, without any of it.
  void SendMalformedRequest(Poco::Net::HTTPServerResponse& resp);

 private:
  // Whether answers carry Strict-Transport-Security: garantd serves TLS, or
  // public_url is https (a TLS proxy in front).
  bool Hsts() const;
  void RouteRequest(HttpExchange& ex, std::string* route_label);

  const Router& router_;
  Services& services_;
};

// What Poco's HTTP connections take (and delete, through a SharedPtr): a
// factory forwarding to a Dispatcher it does not own (http/listener.h).
class ForwardingFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit ForwardingFactory(Dispatcher& d) : d_(d) {}
  // `waiting` counts the accepted connections waiting for a worker thread
  // (the listener's TCPServer). While any wait, each response ends its
  // connection (Connection: close) instead of keeping it alive: one worker
  // thread serves one connection at a time, so a kept-alive client would
  // otherwise hold a thread that a waiting one needs, until its next request
  // or the keep-alive timeout. Set before the server starts; then read only.
  void SetWaitingConnections(std::function<int()> waiting) { waiting_ = std::move(waiting); }
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest& r) override;
  // Tells the connections the server stops: each ends after its current
  // request, or at once when abort_current (what HTTPServer::stopAll does).
  void NotifyStopped(bool abort_current) { serverStopped(this, abort_current); }
  void SendMalformedRequest(Poco::Net::HTTPServerResponse& resp) { d_.SendMalformedRequest(resp); }
  // The stop notice, for the connections (http/connection.h): Poco keeps it
  // protected, for its own connection class.
  Poco::BasicEvent<const bool>& stop_notice() { return serverStopped; }

 private:
  Dispatcher& d_;
  std::function<int()> waiting_;
};

// The anonymous CSRF token of a request for a public form: the HMAC of the
// __Host-garant_csrf cookie (AnonymousCsrfTokenFor), creating the cookie
// (random, 256 bits) when absent or malformed.
std::string AnonymousCsrfToken(HttpExchange& ex, Services& services);

}  // namespace garant::server
