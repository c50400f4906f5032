#include "http/exchange.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <istream>

#include "garant/core/bytes.h"
#include "garant/core/json.h"
#include "http/client_address.h"
#include "http/reasons_fr.h"

namespace garant::server {
namespace {
HttpExchange::ErrorPageRenderer g_error_page = nullptr;

// French messages for the generic HTTP errors shown on pages.
std::string FrenchMessageFor(int http_status, const std::string& fallback) {
  switch (http_status) {
    case 400:
      return fallback.empty() ? "La demande est invalide." : fallback;
    case 401:
      return "Vous devez vous connecter pour accéder à cette page.";
    case 403:
      return "Vous n'avez pas accès à cette page, ou le formulaire a expiré. "
             "Rechargez la page et recommencez.";
    case 404:
      return "Cette page n'existe pas.";
    case 405:
      return "Cette action n'est pas permise sur cette page.";
    case 413:
      return "Les données envoyées sont trop volumineuses.";
    case 429:
      return "Trop de tentatives. Patientez un moment avant de réessayer.";
    case 503:
      return "Le service est momentanément indisponible. Réessayez dans quelques minutes.";
    default:
      return "Une erreur interne est survenue. Réessayez plus tard.";
  }
}
}  // namespace

int HttpStatusFor(Code code) {
  switch (code) {
    case Code::kOk:
      return 200;
    case Code::kInvalidArgument:
      return 400;
    case Code::kUnauthenticated:
      return 401;
    case Code::kPermissionDenied:
      return 403;
    case Code::kNotFound:
      return 404;
    case Code::kAlreadyExists:
      return 409;
    case Code::kConflict:
      return 409;
    case Code::kUnprocessableContent:
      return 422;
    case Code::kTooLarge:
      return 413;
    case Code::kResourceExhausted:
      return 429;
    case Code::kUnavailable:
      return 503;
    case Code::kFailedPrecondition:
    case Code::kDataLoss:
    case Code::kInternal:
      return 500;
  }
  return 500;
}

HttpExchange::HttpExchange(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp,
                           int64_t max_body_bytes, bool secure_cookies)
    : req_(req), resp_(resp), max_body_bytes_(max_body_bytes), secure_cookies_(secure_cookies) {
  const std::string& uri = req.getURI();
  size_t q = uri.find('?');
  std::string raw_path = uri.substr(0, q);
  auto decoded = PathDecode(raw_path);
  path_ = decoded.ok() ? *decoded : raw_path;
  if (q != std::string::npos) {
    auto parsed = ParseUrlEncoded(std::string_view(uri).substr(q + 1));
    if (parsed.ok()) query_ = std::move(*parsed);
  }
}

std::optional<std::string> HttpExchange::Query(const std::string& name) const {
  auto it = query_.find(name);
  if (it == query_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> HttpExchange::Header(const std::string& name) const {
  if (!req_.has(name)) return std::nullopt;
  return req_.get(name);
}

std::vector<std::string> HttpExchange::HeaderValues(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& [n, v] : req_) {
    if (Poco::icompare(n, name) == 0) out.push_back(v);
  }
  return out;
}

std::optional<std::string> HttpExchange::Cookie(const std::string& name) const {
  Poco::Net::NameValueCollection cookies;
  req_.getCookies(cookies);
  if (!cookies.has(name)) return std::nullopt;
  return cookies.get(name);
}

std::string HttpExchange::ClientAddress() const {
  if (!client_address_.empty()) return client_address_;
  return ClientKey(req_.clientAddress().host().toString(), {}, TrustedProxies());
}

// Reads and discards what is left of a refused body (up to a bound), so the
// client, still sending, receives the 413 instead of a connection reset.
void HttpExchange::DiscardRestOfBody() {
  std::istream& in = req_.stream();
  char buf[16384];
  int64_t discarded = 0;
  try {
    while (in.good() && discarded < kMaxDiscardBytes) {
      in.read(buf, sizeof buf);
      if (in.gcount() <= 0) break;
      discarded += in.gcount();
    }
  } catch (const Poco::Exception&) {  // the client went away or its deadline passed
  }
  resp_.setKeepAlive(false);
}

Result<std::string> HttpExchange::Body() {
  if (body_) return *body_;
  if (req_.hasContentLength() && req_.getContentLength64() > max_body_bytes_) {
    DiscardRestOfBody();
    return Status::TooLarge("request body over " + std::to_string(max_body_bytes_) + " bytes");
  }
  std::string data;
  std::istream& in = req_.stream();
  char buf[16384];
  try {
    while (in.good()) {
      in.read(buf, sizeof buf);
      std::streamsize n = in.gcount();
      if (n <= 0) break;
      if (static_cast<int64_t>(data.size()) + n > max_body_bytes_) {
        DiscardRestOfBody();
        return Status::TooLarge("request body over " + std::to_string(max_body_bytes_) + " bytes");
      }
      data.append(buf, static_cast<size_t>(n));
    }
  } catch (const Poco::Exception&) {  // a chunked body cut short
    resp_.setKeepAlive(false);
    return Status::InvalidArgument("request body incomplete");
  }
  // A body shorter than announced: the client stopped sending, or its
  // request deadline passed (http/deadlines.h). Never handled as complete.
  if (req_.hasContentLength() && static_cast<int64_t>(data.size()) < req_.getContentLength64()) {
    resp_.setKeepAlive(false);
    return Status::InvalidArgument("request body incomplete");
  }
  BodyRead();
  body_ = std::move(data);
  return *body_;
}

Result<boost::json::object> HttpExchange::JsonBody() {
  std::string ct = req_.getContentType();
  if (ct.rfind("application/json", 0) != 0) {
    return Status::InvalidArgument("Content-Type must be application/json");
  }
  GARANT_ASSIGN_OR_RETURN(std::string body, Body());
  return ParseJsonObject(body);
}

Result<std::map<std::string, std::string>> HttpExchange::FormBody() {
  std::string ct = req_.getContentType();
  if (ct.rfind("application/x-www-form-urlencoded", 0) != 0) {
    return Status::InvalidArgument("Content-Type must be application/x-www-form-urlencoded");
  }
  GARANT_ASSIGN_OR_RETURN(std::string body, Body());
  return ParseUrlEncoded(body);
}

void HttpExchange::SetHeader(const std::string& name, const std::string& value) {
  resp_.set(name, value);
}

void HttpExchange::SetCookie(const std::string& name, const std::string& value,
                             int64_t max_age_seconds) {
  std::string c = name + "=" + value + "; Path=/; HttpOnly; SameSite=Strict";
  if (secure_cookies_) c += "; Secure";
  if (max_age_seconds >= 0) c += "; Max-Age=" + std::to_string(max_age_seconds);
  resp_.add("Set-Cookie", c);
}

void SetSecurityHeaders(Poco::Net::HTTPServerResponse& resp, const std::string& content_type,
                        bool page_script) {
  resp.set("X-Content-Type-Options", "nosniff");
  resp.set("Referrer-Policy", "same-origin");
  if (!resp.has("Cache-Control")) resp.set("Cache-Control", "no-store");
  if (content_type.rfind("text/html", 0) == 0) {
    // No page runs a script but the one that asked (AllowPageScript), and
    // that one cannot send anything anywhere nor write HTML from strings.
    resp.set("Content-Security-Policy",
             page_script
                 ? "default-src 'self'; script-src 'self'; connect-src 'none'; style-src 'self'; "
                   "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; "
                   "base-uri 'none'; require-trusted-types-for 'script'; trusted-types 'none'"
                 : "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' "
                   "data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    resp.set("X-Frame-Options", "DENY");
  }
}

boost::json::object ErrorBody(std::string_view code, const std::string& message,
                              std::string_view reason) {
  boost::json::object err;
  err["code"] = code;
  if (!reason.empty()) err["reason"] = reason;
  err["message"] = message;
  boost::json::object body;
  body["error"] = std::move(err);
  return body;
}

void HttpExchange::Send(int status, const std::string& content_type, const std::string& body) {
  if (responded_) return;
  responded_ = true;
  status_ = status;
  resp_.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
  resp_.setContentType(content_type);
  resp_.setContentLength64(static_cast<Poco::Int64>(body.size()));
  resp_.set("X-Request-Id", request_id_);
  // A body left unread (refused as too large, or ignored) would be parsed as
  // the next request on this connection: close it instead.
  bool has_body = req_.getChunkedTransferEncoding() ||
                  (req_.hasContentLength() && req_.getContentLength64() > 0);
  if (has_body && !body_) resp_.setKeepAlive(false);
  SetSecurityHeaders(resp_, content_type, page_script_);
  std::ostream& out = resp_.send();
  if (method() != "HEAD") out.write(body.data(), static_cast<std::streamsize>(body.size()));
  out.flush();
}

std::ostream& HttpExchange::BeginStream(int status, const std::string& content_type) {
  responded_ = true;
  status_ = status;
  resp_.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
  resp_.setContentType(content_type);
  resp_.setChunkedTransferEncoding(true);
  resp_.set("X-Request-Id", request_id_);
  SetSecurityHeaders(resp_, content_type, false);
  return resp_.send();
}

void HttpExchange::AbortStream() {
  resp_.setKeepAlive(false);
  try {
    auto& impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl&>(req_);
    impl.socket().shutdown();
  } catch (...) {  // not a real connection (tests) or already gone
  }
}

void HttpExchange::SendJson(int status, const boost::json::value& body) {
  Send(status, "application/json; charset=utf-8", boost::json::serialize(body) + "\n");
}

void HttpExchange::SendHtml(int status, const std::string& html) {
  Send(status, "text/html; charset=utf-8", html);
}

void HttpExchange::SendText(int status, const std::string& content_type, const std::string& body) {
  Send(status, content_type, body);
}

void HttpExchange::Redirect(const std::string& location) {
  resp_.set("Location", location);
  Send(303, "text/plain; charset=utf-8", "");
}

void HttpExchange::SendError(const Status& status) {
  SendError(HttpStatusFor(status.code()), CodeName(status.code()), status.message(),
            status.reason());
}

void HttpExchange::SendError(int http_status, std::string_view code, const std::string& message,
                             std::string_view reason) {
  // 5xx other than 503: details (message and reason) go to the log, not the client.
  bool masked = http_status >= 500 && http_status != 503;
  // A 503 is temporary (the database, the audit log, a signer): say when to
  // come back, unless the handler said it more precisely.
  if (http_status == 503 && !resp_.has("Retry-After")) resp_.set("Retry-After", "5");
  if (kind_ == ResponseKind::kHtml && g_error_page != nullptr) {
    // Pages show a French message; internal details never reach a page.
    std::string_view french = masked ? std::string_view() : FrenchReason(reason);
    std::string shown = http_status == 400 ? message : std::string();
    SendHtml(http_status,
             g_error_page(http_status, french.empty() ? FrenchMessageFor(http_status, shown)
                                                      : std::string(french)));
    return;
  }
  SendJson(http_status,
           masked ? ErrorBody(code, "internal error") : ErrorBody(code, message, reason));
}

void HttpExchange::SetErrorPageRenderer(ErrorPageRenderer r) { g_error_page = r; }

}  // namespace garant::server
