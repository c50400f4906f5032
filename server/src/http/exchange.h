// One HTTP request and its response, as handlers see them: bounded body
// reading, JSON and form parsing, cookies, typed responses. Errors have one
// shape and one sender: a handler returns a non-ok Status and the Dispatcher
// sends it (SendError is private to the Dispatcher). Wraps Poco's request/response; lives only
// during one request, on one thread.
#pragma once

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <boost/json.hpp>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "garant/core/status.h"
#include "garant/core/urlencoded.h"
#include "http/staff_names.h"

namespace garant::server {

class Dispatcher;

// Whether a route answers JSON (API, health) or French HTML pages.
enum class ResponseKind { kJson, kHtml, kText };

// Code → HTTP status, the single mapping (docs/error-model.md).
int HttpStatusFor(Code code);

// The headers garant sets on every answer (docs/security.md, "HSTS and the
// header set"; HSTS itself is the Dispatcher's): nosniff, Referrer-Policy,
// Cache-Control no-store unless already set, and for HTML the
// Content-Security-Policy (`page_script`: the one page that runs its own
// script) and X-Frame-Options.
void SetSecurityHeaders(Poco::Net::HTTPServerResponse& resp, const std::string& content_type,
                        bool page_script);

// The JSON error shape (docs/error-model.md): {"error": {"code", ["reason",] "message"}}.
boost::json::object ErrorBody(std::string_view code, const std::string& message,
                              std::string_view reason = {});

class HttpExchange {
 public:
  HttpExchange(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp,
               int64_t max_body_bytes, bool secure_cookies);

  // ---- request ----
  const std::string& method() const { return req_.getMethod(); }
  const std::string& path() const { return path_; }
  // Decoded query parameters (last one wins).
  std::optional<std::string> Query(const std::string& name) const;
  std::optional<std::string> Header(const std::string& name) const;
  // Every value of a header sent on several lines, in order (names compared
  // without case); empty when absent.
  std::vector<std::string> HeaderValues(const std::string& name) const;
  std::optional<std::string> Cookie(const std::string& name) const;
  // The client, as every per-address limit keys it: the IPv4 address or the
  // IPv6 /64, of the socket peer or, behind a trusted proxy, of the
  // X-Forwarded-For hop the Dispatcher resolved (http/client_address.h).
  std::string ClientAddress() const;
  void set_client_address(std::string a) { client_address_ = std::move(a); }
  // Path parameters from the route pattern ("{id}").
  const std::map<std::string, std::string>& params() const { return params_; }
  void set_params(std::map<std::string, std::string> p) { params_ = std::move(p); }

  // The raw body, at most max_body_bytes (kTooLarge beyond; the rest is
  // not read). Cached: may be called more than once.
  Result<std::string> Body();
  // Raises (or lowers) the body limit for this request, before Body() is read
  // (e.g. the audit event batch route, whose batches exceed the default).
  void set_max_body_bytes(int64_t n) { max_body_bytes_ = n; }
  // The body as a stream, for handlers that read large bodies piece by piece
  // (patient sets) instead of Body(). Not bounded by max_body_bytes: the
  // handler bounds what it reads. Do not mix with Body().
  // Taking the stream stops the request deadline (http/deadlines.h).
  std::istream& BodyStream() {
    BodyRead();
    return req_.stream();
  }
  // Discards what is left of the body (up to kMaxDiscardBytes) and closes the
  // connection after the response: for a handler that stops reading early.
  void AbandonBody() { DiscardRestOfBody(); }
  // A JSON object body: Content-Type must be application/json, the text
  // valid UTF-8 and JSON, the top level an object (kInvalidArgument).
  Result<boost::json::object> JsonBody();
  // An application/x-www-form-urlencoded body, valid UTF-8 (kInvalidArgument).
  Result<std::map<std::string, std::string>> FormBody();

  // Called once the body has been read (or taken as a stream): the
  // Dispatcher stops the request deadline there (http/deadlines.h).
  void set_on_body_read(std::function<void()> f) { on_body_read_ = std::move(f); }
  // What a refused body is read and discarded up to (so that the client,
  // still sending, receives the answer rather than a reset), within the
  // request deadline: never more.
  static constexpr int64_t kMaxDiscardBytes = 4 << 20;

  // ---- who ----
  Principal& principal() { return principal_; }
  const Principal& principal() const { return principal_; }
  const std::string& request_id() const { return request_id_; }
  void set_request_id(std::string id) { request_id_ = std::move(id); }
  ResponseKind kind() const { return kind_; }
  void set_kind(ResponseKind k) { kind_ = k; }

  // ---- response ----
  void SetHeader(const std::string& name, const std::string& value);
  // An HTML page answered after this call may run scripts from this origin
  // (script-src 'self'), and only through Trusted Types-free DOM calls
  // (require-trusted-types-for 'script'), with no network access from them
  // (connect-src 'none'). Every other page gets script-src 'none'. Only
  // /preuve uses it (its in-browser verifier, webui/static/preuve.mjs;
  // docs/security.md, "Transport and headers").
  void AllowPageScript() { page_script_ = true; }
  // Sets a cookie: HttpOnly, SameSite=Strict, Path=/, Secure when configured.
  // max_age_seconds < 0: session cookie; 0: delete.
  void SetCookie(const std::string& name, const std::string& value, int64_t max_age_seconds);
  void SendJson(int status, const boost::json::value& body);
  void SendHtml(int status, const std::string& html);
  void SendText(int status, const std::string& content_type, const std::string& body);
  void Redirect(const std::string& location);  // 303 See Other
  // A streamed response (chunked transfer encoding, no Content-Length): sends
  // the status and headers, then the handler writes the body to the returned
  // stream piece by piece and returns Ok. Once begun, an error can no longer
  // be sent: a handler that fails midway calls AbortStream, so the client
  // sees a body cut short (no terminating chunk), never a complete-looking one.
  std::ostream& BeginStream(int status, const std::string& content_type);
  // Shuts the connection down under a stream begun by BeginStream.
  void AbortStream();
  // Errors: a handler never sends one itself; it returns the Status (see
  // Handler in http/router.h) and the dispatcher sends it (SendError below is
  // private to the Dispatcher).

  bool responded() const { return responded_; }
  int status() const { return status_; }

  // Renders a French error page: (http status, French message) → HTML.
  using ErrorPageRenderer = std::string (*)(int, const std::string&);
  static void SetErrorPageRenderer(ErrorPageRenderer r);

 private:
  friend class Dispatcher;
  // {"error":{"code":"…","reason":"…","message":"…"}} for JSON routes, with
  // "reason" only when the Status carries one (docs/error-model.md); the French
  // error page for HTML routes (see SetErrorPageRenderer), showing the
  // reason's French text (http/reasons_fr.h) when it has one. Only the
  // Dispatcher calls them: handlers return a Status.
  void SendError(const Status& status);
  void SendError(int http_status, std::string_view code, const std::string& message,
                 std::string_view reason = {});

  void Send(int status, const std::string& content_type, const std::string& body);
  void DiscardRestOfBody();
  void BodyRead() {
    if (on_body_read_) std::exchange(on_body_read_, nullptr)();
  }

  Poco::Net::HTTPServerRequest& req_;
  Poco::Net::HTTPServerResponse& resp_;
  int64_t max_body_bytes_;
  bool secure_cookies_;
  std::string path_;
  std::map<std::string, std::string> query_;
  std::map<std::string, std::string> params_;
  std::optional<std::string> body_;
  Principal principal_;
  std::string request_id_;
  std::string client_address_;  // empty: the socket peer's key
  std::function<void()> on_body_read_;
  ResponseKind kind_ = ResponseKind::kJson;
  bool responded_ = false;
  bool page_script_ = false;
  int status_ = 0;
};

}  // namespace garant::server
