#include "http/dispatcher.h"

#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/SecureStreamSocketImpl.h>
#include <Poco/String.h>

#include <chrono>
#include <memory>

#include "garant/core/bytes.h"
#include "garant/core/logging.h"
#include "http/authorize.h"

namespace garant::server {
namespace {

class OneRequest final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit OneRequest(Dispatcher& d) : d_(d) {}
  void handleRequest(Poco::Net::HTTPServerRequest& req,
                     Poco::Net::HTTPServerResponse& resp) override {
    d_.Serve(req, resp);
  }

 private:
  Dispatcher& d_;
};

// Accepts a caller's X-Request-Id only when it is short and plain.
bool PlainId(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

ResponseKind KindForPath(const std::string& path) {
  if (path.rfind("/api/", 0) == 0 || path.rfind("/tlog/", 0) == 0 || path == "/healthz" ||
      path == "/readyz" || path == "/metrics") {
    return ResponseKind::kJson;
  }
  return ResponseKind::kHtml;
}

// The csrf_token field of a form body ("" when absent or when the body is not
// a form). A form body that is too large (413) or malformed (400: invalid
// UTF-8, bad escapes) is an error, reported before any CSRF verdict.
Result<std::string> FormCsrfField(HttpExchange& ex) {
  auto form = ex.FormBody();
  if (form.ok()) {
    auto it = form->find("csrf_token");
    return it == form->end() ? std::string() : it->second;
  }
  bool is_form =
      ex.Header("Content-Type").value_or("").rfind("application/x-www-form-urlencoded", 0) == 0;
  if (form.status().code() == Code::kTooLarge || is_form) return form.status();
  return std::string();
}

// Whether the request came over TLS with a client certificate. Only a
// verified one can be there: with tls_client_ca_file set, a certificate the
// authorities did not sign ends the handshake (runtime/tls_server.h).
bool HasClientCertificate(Poco::Net::HTTPServerRequest& req) {
  auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&req);
  if (impl == nullptr) return false;
  auto* tls = dynamic_cast<Poco::Net::SecureStreamSocketImpl*>(impl->socket().impl());
  return tls != nullptr && tls->havePeerCertificate();
}

}  // namespace

Poco::Net::HTTPRequestHandler* Dispatcher::createRequestHandler(
    const Poco::Net::HTTPServerRequest&) {
  return new OneRequest(*this);  // NOLINT(cppcoreguidelines-owning-memory): Poco takes ownership
}

namespace {

// Serves the request through `inner`, on a connection that ends after it.
class ClosingHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit ClosingHandler(Poco::Net::HTTPRequestHandler* inner) : inner_(inner) {}
  void handleRequest(Poco::Net::HTTPServerRequest& req,
                     Poco::Net::HTTPServerResponse& resp) override {
    resp.setKeepAlive(false);
    inner_->handleRequest(req, resp);
  }

 private:
  std::unique_ptr<Poco::Net::HTTPRequestHandler> inner_;
};

}  // namespace

Poco::Net::HTTPRequestHandler* ForwardingFactory::createRequestHandler(
    const Poco::Net::HTTPServerRequest& r) {
  Poco::Net::HTTPRequestHandler* handler = d_.createRequestHandler(r);
  if (waiting_ && waiting_() > 0) {
    return new ClosingHandler(handler);  // NOLINT(cppcoreguidelines-owning-memory): Poco owns it
  }
  return handler;
}

std::string AnonymousCsrfToken(HttpExchange& ex, Services& services) {
  auto existing = ex.Cookie(kAnonCsrfCookie);
  if (existing) {
    std::string token = AnonymousCsrfTokenFor(services.csrf_key, *existing);
    if (!token.empty()) return token;
  }
  std::string cookie = services.random.Hex(32);
  ex.SetCookie(kAnonCsrfCookie, cookie, -1);
  return AnonymousCsrfTokenFor(services.csrf_key, cookie);
}

void Dispatcher::Serve(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) {
  auto start = std::chrono::steady_clock::now();
  // Cookies are always Secure (their __Host- names require it); browsers
  // accept Secure cookies from http://localhost, where --dev serves.
  HttpExchange ex(req, resp, services_.config.max_body_bytes, true);
  std::string given = req.get("X-Request-Id", "");
  ex.set_request_id(PlainId(given) ? given : services_.random.Hex(8));
  logging::ScopedRequestId rid(ex.request_id());
  // HSTS on every response of an https garantd (served here, or behind a
  // TLS proxy whose address public_url gives): browsers then never use
  // plain http for it again, for a year.
  if (Hsts()) resp.set("Strict-Transport-Security", kStrictTransportSecurity);
  {
    std::vector<std::string> forwarded;
    if (!services_.trusted_proxies.empty()) {
      for (const auto& [name, value] : req) {
        if (Poco::icompare(name, "X-Forwarded-For") == 0) forwarded.push_back(value);
      }
    }
    ex.set_client_address(
        ClientKey(req.clientAddress().host().toString(), forwarded, services_.trusted_proxies));
  }
  // The request deadline (http/deadlines.h) runs until the body is in: now,
  // for a request without one.
  Poco::Net::StreamSocket* socket = nullptr;
  if (services_.deadlines != nullptr) {
    if (auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&req))
      socket = &impl->socket();
  }
  if (socket != nullptr) {
    const bool has_body = req.getChunkedTransferEncoding() ||
                          (req.hasContentLength() && req.getContentLength64() > 0);
    if (has_body) {
      ex.set_on_body_read([this, socket] { services_.deadlines->Disarm(*socket); });
    } else {
      services_.deadlines->Disarm(*socket);
    }
  }
  ex.set_kind(KindForPath(ex.path()));
  std::string route_label = "unmatched";
  try {
    RouteRequest(ex, &route_label);
    if (!ex.responded()) {
      spdlog::error("{} {}: the handler returned Ok without responding", ex.method(), route_label);
      ex.SendError(Status::Internal("handler sent no response"));
    }
  } catch (const std::exception& e) {
    spdlog::error("unhandled exception in {} {}: {}", ex.method(), route_label, e.what());
    if (!ex.responded()) ex.SendError(Status::Internal("internal error"));
  } catch (...) {
    spdlog::error("unhandled non-standard exception in {} {}", ex.method(), route_label);
    if (!ex.responded()) ex.SendError(Status::Internal("internal error"));
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  services_.metrics.RecordRequest(ex.method(), route_label, ex.status(), seconds);
  // Access log: the route pattern and who, never query strings or bodies
  // (they may hold identity traits or secrets).
  spdlog::info("{} {} {} {:.1f}ms actor={}", ex.method(), route_label, ex.status(), seconds * 1000,
               ex.principal().Actor());
  // The next request on a kept-alive connection: its clock starts now.
  if (socket != nullptr && resp.getKeepAlive()) services_.deadlines->Arm(*socket);
}

bool Dispatcher::Hsts() const {
  return services_.config.serves_tls() || services_.config.cookies_secure();
}

void Dispatcher::SendMalformedRequest(Poco::Net::HTTPServerResponse& resp) {
  const std::string id = services_.random.Hex(8);
  logging::ScopedRequestId rid(id);
  // Nothing of the request is known for sure, not even its path: the
  // answer is JSON (the API's shape; a browser never sends such a request).
  const std::string content_type = "application/json; charset=utf-8";
  const std::string body =
      boost::json::serialize(ErrorBody("invalid_argument", "malformed HTTP request")) + "\n";
  if (Hsts()) resp.set("Strict-Transport-Security", kStrictTransportSecurity);
  resp.setStatus(Poco::Net::HTTPResponse::HTTP_BAD_REQUEST);
  resp.setContentType(content_type);
  resp.setContentLength64(static_cast<Poco::Int64>(body.size()));
  resp.setKeepAlive(false);
  resp.set("X-Request-Id", id);
  SetSecurityHeaders(resp, content_type, false);
  resp.send() << body << std::flush;
  services_.metrics.RecordRequest("OTHER", "malformed", 400, 0);
  spdlog::info("OTHER malformed 400: a request that is not well-formed HTTP was refused");
}

void Dispatcher::RouteRequest(HttpExchange& ex, std::string* route_label) {
  RouteMatch m = router_.Match(ex.method(), ex.path());
  if (m.route == nullptr) {
    if (m.method_mismatch) {
      ex.SendError(405, "method_not_allowed", "method not allowed on this path");
    } else {
      ex.SendError(404, "not_found", "no route for this path");
    }
    return;
  }
  const Route& r = *m.route;
  *route_label = r.pattern;
  ex.set_kind(r.kind);
  ex.set_params(std::move(m.params));

  // Authentication: a bearer token, else a session cookie. A bad bearer token
  // is an error even on public routes (a client bug must not pass silently).
  bool via_session = false;
  if (auto auth = ex.Header("Authorization")) {
    if (auth->rfind("Bearer ", 0) != 0) {
      ex.SendError(401, "unauthenticated", "Authorization must be 'Bearer <token>'");
      return;
    }
    // tls_client_ca_file: a service token alone is not enough, its holder
    // must also prove the client certificate (checked before the token, so
    // that a stolen token cannot even be tested from elsewhere).
    if (!services_.config.tls_client_ca_file.empty() && !HasClientCertificate(ex.req_)) {
      ex.SendError(401, "unauthenticated",
                   "a service token must come over a TLS connection with a client certificate "
                   "signed by the configured authority (tls_client_ca_file)");
      return;
    }
    auto p = services_.tokens.Resolve(auth->substr(7));
    if (!p.ok()) {
      if (p.status().code() == Code::kUnavailable) {
        ex.SendError(p.status());
      } else {
        ex.SetHeader("WWW-Authenticate", "Bearer");
        ex.SendError(401, "unauthenticated", "invalid or revoked token");
      }
      return;
    }
    ex.principal() = std::move(*p);
  } else if (auto cookie = ex.Cookie(kSessionCookie)) {
    auto p = services_.sessions.Resolve(*cookie);
    if (p.ok()) {
      ex.principal() = std::move(*p);
      via_session = true;
    } else if (p.status().code() == Code::kUnavailable) {
      ex.SendError(p.status());
      return;
    } else {
      ex.SetCookie(kSessionCookie, "", 0);  // expired: forget it
    }
  }

  // Authorisation and CSRF: one pure decision (http/authorize.h). The CSRF
  // evidence is gathered only when it matters, so that a refused role is
  // refused before the body is read.
  CsrfEvidence csrf;
  csrf.via_session = via_session;
  if (Allowed(r, ex.principal()) && NeedsCsrfEvidence(r, ex.method())) {
    csrf.anonymous_expected =
        AnonymousCsrfTokenFor(services_.csrf_key, ex.Cookie(kAnonCsrfCookie).value_or(""));
    csrf.sent = ex.Header("X-CSRF-Token").value_or("");
    const bool form_may_carry_it =
        r.csrf == CsrfRule::kAnonymousForm || (csrf.sent.empty() && r.kind == ResponseKind::kHtml);
    if (form_may_carry_it && (r.csrf == CsrfRule::kAnonymousForm || via_session)) {
      auto field = FormCsrfField(ex);
      if (!field.ok()) return ex.SendError(field.status());
      csrf.sent = *field;
    }
  }
  const Handler* handler = &r.handler;
  switch (Authorize(r, ex.principal(), ex.method(), csrf)) {
    case Verdict::kAllow:
      break;
    case Verdict::kLoginRedirect:
      return ex.Redirect("/connexion");
    case Verdict::kUnauthenticated:
      return ex.SendError(401, "unauthenticated", "authentication required");
    case Verdict::kForbidden:
      // A restricted enrolment session may only enrol: its pages lead there.
      if (ex.principal().role == kRoleEnrolment && r.kind == ResponseKind::kHtml &&
          IsSafeMethod(ex.method())) {
        return ex.Redirect(kEnrolmentPath);
      }
      return ex.SendError(403, "permission_denied", "your role may not do this");
    case Verdict::kCsrfFailed:
      // A form a person filled in comes back with what was typed (the route's
      // own answer, which changes nothing); any other request is refused.
      if (!r.on_csrf_failure) {
        return ex.SendError(403, "csrf_failed", "missing or invalid CSRF token");
      }
      handler = &r.on_csrf_failure;
      break;
  }
  Status st = (*handler)(ex);
  if (st.ok()) return;  // Serve answers 500 if the handler sent nothing
  if (HttpStatusFor(st.code()) >= 500 && st.code() != Code::kUnavailable) {
    // The client sees "internal error": the details go to the log.
    spdlog::error("{} {}: {}", ex.method(), r.pattern, st.ToString());
  }
  if (ex.responded()) {
    spdlog::warn("{} {} returned an error after responding: {}", ex.method(), r.pattern,
                 st.ToString());
    return;
  }
  ex.SendError(st);
}

}  // namespace garant::server
