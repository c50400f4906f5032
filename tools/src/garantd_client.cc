#include "garantd_client.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLException.h>
#include <Poco/URI.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <istream>
#include <memory>
#include <ostream>

#include "client_tls.h"
#include "garant/core/config.h"

namespace garant::cli {
namespace {

// garantd's {"error":{"code","message"}}, or "" when the body is not that.
std::string ErrorMessageOf(const std::string& body) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return "";
  const auto* err = v.as_object().if_contains("error");
  if (err == nullptr || !err->is_object()) return "";
  const auto* code = err->as_object().if_contains("code");
  const auto* message = err->as_object().if_contains("message");
  std::string out;
  if (code != nullptr && code->is_string()) out = std::string(code->as_string());
  if (message != nullptr && message->is_string()) {
    out += (out.empty() ? "" : ": ") + std::string(message->as_string());
  }
  return out.size() > 300 ? out.substr(0, 300) + "…" : out;
}

// `no_certificate_hint`: MissingClientCertificateHint's text for a 401.
Status StatusForAnswer(const std::string& what, const HttpAnswer& a,
                       const std::string& no_certificate_hint) {
  std::string detail = ErrorMessageOf(a.body);
  std::string m =
      what + ": HTTP " + std::to_string(a.status) + (detail.empty() ? "" : " " + detail);
  switch (a.status) {
    case 400:
      return Status::InvalidArgument(m);
    case 401:
      return Status::Unauthenticated(m + " (is the token valid and not revoked?" +
                                     no_certificate_hint + ")");
    case 403:
      return Status::PermissionDenied(m + " (the token's role is not allowed)");
    case 404:
      return Status::NotFound(m);
    case 409:
      return Status::AlreadyExists(m);
    case 413:
      return Status::TooLarge(m);
    default:
      return Status::Unavailable(m);
  }
}

}  // namespace

Result<GarantdClient> GarantdClient::Create(std::string_view base_url, std::string token,
                                            Options options) {
  Poco::URI uri;
  try {
    uri = Poco::URI(std::string(base_url));
  } catch (const Poco::Exception&) {
    return Status::InvalidArgument("--server: not a URL");
  }
  const bool tls = uri.getScheme() == "https";
  if ((!tls && uri.getScheme() != "http") || uri.getHost().empty()) {
    return Status::InvalidArgument("--server: expected http[s]://host[:port][/prefix]");
  }
  if (!uri.getUserInfo().empty() || !uri.getRawQuery().empty() || !uri.getFragment().empty()) {
    return Status::InvalidArgument("--server: no user, query or fragment in the base URL");
  }
  GarantdClient c;
  c.host_ = uri.getHost();
  c.port_ = uri.getPort();
  c.prefix_ = uri.getPath();
  while (!c.prefix_.empty() && c.prefix_.back() == '/') c.prefix_.pop_back();
  c.base_url_ = uri.getScheme() + "://" + c.host_ + ":" + std::to_string(c.port_) + c.prefix_;
  GARANT_ASSIGN_OR_RETURN(c.tls_, ClientTlsContext(tls, options.tls));
  c.token_ = std::move(token);
  c.options_ = options;
  return c;
}

Status GarantdClient::AnswerError(const std::string& what, const HttpAnswer& a) const {
  return StatusForAnswer(what, a, MissingClientCertificateHint(!tls_.isNull(), options_.tls));
}

Result<HttpAnswer> GarantdClient::Exchange(const std::string& method, const std::string& path,
                                           const std::string* json_body) const {
  const std::string what = method + " " + base_url_ + path.substr(0, path.find('?'));
  try {
    std::unique_ptr<Poco::Net::HTTPClientSession> owned =
        tls_ ? std::make_unique<Poco::Net::HTTPSClientSession>(host_, port_, tls_)
             : std::make_unique<Poco::Net::HTTPClientSession>(host_, port_);
    Poco::Net::HTTPClientSession& session = *owned;
    session.setTimeout(Poco::Timespan(options_.connect_timeout.count(), 0),
                       Poco::Timespan(options_.io_timeout.count(), 0),
                       Poco::Timespan(options_.io_timeout.count(), 0));
    Poco::Net::HTTPRequest req(method, prefix_ + path, Poco::Net::HTTPMessage::HTTP_1_1);
    req.set("Authorization", "Bearer " + token_);
    req.set("Accept", "application/json");
    req.set("User-Agent", "garant-filter");
    req.setKeepAlive(false);
    if (json_body != nullptr) {
      req.setContentType("application/json");
      req.setContentLength(static_cast<std::streamsize>(json_body->size()));
    }
    std::ostream& out = session.sendRequest(req);
    if (json_body != nullptr) out << *json_body;
    out.flush();
    if (!out) {
      // Over TLS 1.3 a server that refuses the client's certificate says so
      // after the handshake: the request is the first thing that fails.
      return Status::Unavailable(what + ": the request could not be sent" +
                                 (tls_.isNull() ? std::string() : TlsRefusalHint(options_.tls)));
    }

    Poco::Net::HTTPResponse resp;
    std::istream& in = session.receiveResponse(resp);
    HttpAnswer a;
    a.status = static_cast<int>(resp.getStatus());
    const int64_t declared = resp.hasContentLength() ? resp.getContentLength64() : -1;
    if (declared > options_.max_answer_bytes) {
      return Status::TooLarge(what + ": the answer (" + std::to_string(declared) +
                              " bytes) exceeds the limit of " +
                              std::to_string(options_.max_answer_bytes) + " bytes");
    }
    if (declared > 0) a.body.reserve(static_cast<size_t>(declared));
    char buf[1 << 16];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
      a.body.append(buf, static_cast<size_t>(in.gcount()));
      if (static_cast<int64_t>(a.body.size()) > options_.max_answer_bytes) {
        return Status::TooLarge(what + ": the answer exceeds the limit of " +
                                std::to_string(options_.max_answer_bytes) + " bytes");
      }
    }
    if (in.bad()) return Status::Unavailable(what + ": the answer could not be read");
    if (declared >= 0 && static_cast<int64_t>(a.body.size()) != declared) {
      return Status::Unavailable(what + ": the answer was truncated (" +
                                 std::to_string(a.body.size()) + " of " + std::to_string(declared) +
                                 " bytes)");
    }
    return a;
  } catch (const Poco::TimeoutException&) {
    return Status::Unavailable(what + ": timed out");
  } catch (const Poco::Net::SSLException& e) {
    return Status::Unavailable(what + ": TLS refused: " + e.displayText() +
                               TlsRefusalHint(options_.tls));
  } catch (const Poco::Exception& e) {
    // displayText() names the socket error (e.g. "Connection refused"), never headers.
    return Status::Unavailable(what + ": " + e.displayText());
  } catch (const std::exception& e) {
    return Status::Unavailable(what + ": " + e.what());
  }
}

Result<std::string> GarantdClient::Get(const std::string& path_and_query) const {
  GARANT_ASSIGN_OR_RETURN(HttpAnswer a, Exchange("GET", path_and_query, nullptr));
  if (a.status < 200 || a.status > 299) {
    return AnswerError("GET " + base_url_ + path_and_query.substr(0, path_and_query.find('?')), a);
  }
  return std::move(a.body);
}

Status GarantdClient::GetToStream(const std::string& path_and_query, std::ostream& out) const {
  const std::string what = "GET " + base_url_ + path_and_query.substr(0, path_and_query.find('?'));
  try {
    std::unique_ptr<Poco::Net::HTTPClientSession> owned =
        tls_ ? std::make_unique<Poco::Net::HTTPSClientSession>(host_, port_, tls_)
             : std::make_unique<Poco::Net::HTTPClientSession>(host_, port_);
    owned->setTimeout(Poco::Timespan(options_.connect_timeout.count(), 0),
                      Poco::Timespan(options_.io_timeout.count(), 0),
                      Poco::Timespan(options_.io_timeout.count(), 0));
    Poco::Net::HTTPRequest req("GET", prefix_ + path_and_query, Poco::Net::HTTPMessage::HTTP_1_1);
    req.set("Authorization", "Bearer " + token_);
    req.set("User-Agent", "garant-cli");
    req.setKeepAlive(false);
    owned->sendRequest(req).flush();
    Poco::Net::HTTPResponse resp;
    std::istream& in = owned->receiveResponse(resp);
    const int status = static_cast<int>(resp.getStatus());
    char buf[1 << 16];
    if (status < 200 || status > 299) {
      HttpAnswer a{status, {}};
      while ((in.read(buf, sizeof buf) || in.gcount() > 0) && a.body.size() < (1 << 20)) {
        a.body.append(buf, static_cast<size_t>(in.gcount()));
      }
      return AnswerError(what, a);
    }
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
      out.write(buf, in.gcount());
      if (!out) return Status::Unavailable(what + ": the output could not be written");
    }
    if (in.bad()) return Status::Unavailable(what + ": the answer could not be read");
    return Status::Ok();
  } catch (const Poco::TimeoutException&) {
    return Status::Unavailable(what + ": timed out");
  } catch (const Poco::Net::SSLException& e) {
    return Status::Unavailable(what + ": TLS refused: " + e.displayText() +
                               TlsRefusalHint(options_.tls));
  } catch (const Poco::Exception& e) {
    return Status::Unavailable(what + ": " + e.displayText());
  } catch (const std::exception& e) {
    return Status::Unavailable(what + ": " + e.what());
  }
}

Result<std::string> GarantdClient::PostJson(const std::string& path,
                                            const std::string& body) const {
  GARANT_ASSIGN_OR_RETURN(HttpAnswer a, Exchange("POST", path, &body));
  if (a.status < 200 || a.status > 299) {
    return AnswerError("POST " + base_url_ + path, a);
  }
  return std::move(a.body);
}

Result<std::string> ReadServiceTokenFile(const std::string& path) {
  auto raw = ReadSecretFile(path);
  if (!raw.ok()) return Status::InvalidArgument("--token-file: " + raw.status().message());
  std::string token(raw->begin(), raw->end());
  while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
  bool ok = token.size() > 4 && token.size() <= 256 && token.rfind("gst_", 0) == 0;
  for (char c : token) {
    const bool allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                         (c >= '0' && c <= '9') || c == '_' || c == '-';
    ok = ok && allowed;
  }
  if (!ok) {
    return Status::InvalidArgument("--token-file " + path +
                                   ": expected one service token (gst_…) on one line");
  }
  return token;
}

}  // namespace garant::cli
