// Pushes exclusion lists to consumers over HTTP or HTTPS (Poco::Net,
// Poco::NetSSL): the server side of consent::ListPushTransport.
//
// POST <url> with the signed document as the body, Content-Type
// application/json, X-Garant-List-Version: <version> and
// X-Garant-Pseudonym-Key-Id: <key id of the document>; any 2xx answer is a
// delivery. https:// consumers must present a certificate valid for the
// URL's host, signed by an authority of `ca_file` (PEM) or, when it is empty,
// of the system store; TLS 1.2 at least. http:// only under --dev. At most
// kMaxResponseBody bytes of the answer are read. The consumer authenticates the list
// by its signature; TLS keeps the pseudonymous tokens confidential on the way.
//
// Thread-safety: Push may be called from several threads (the TLS context is
// built once and only read afterwards).
#pragma once

#include <Poco/Net/Context.h>

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>

#include "garant/consent/exclusion_publisher.h"

namespace garant::server {

class HttpListPushTransport final : public consent::ListPushTransport {
 public:
  // allow_http: garantd --dev only; otherwise an http:// consumer is refused
  // (kFailedPrecondition, its last_error) and nothing is sent.
  explicit HttpListPushTransport(std::chrono::seconds timeout = std::chrono::seconds(10),
                                 std::string ca_file = "", bool allow_http = false);
  // What is read of a consumer's answer (its status line and headers aside):
  // a consumer cannot make garantd read or hold more.
  static constexpr std::streamsize kMaxResponseBody = 64 << 10;
  Status Push(const std::string& url, int64_t version, std::string_view pseudonym_key_id,
              std::string_view document) override;

 private:
  // The client TLS context, built on the first https:// push (an unreadable
  // CA file then fails that push, with the reason, rather than garantd's start).
  Result<Poco::Net::Context::Ptr> TlsContext();

  std::chrono::seconds timeout_;
  std::string ca_file_;
  bool allow_http_;
  std::mutex mu_;
  Poco::Net::Context::Ptr context_;
};

}  // namespace garant::server
