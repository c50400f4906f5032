// A small client of garantd's JSON API for the CLI (garant filter --server):
// one request at a time, with a service token, bounded in time and size.
//
// http:// and https:// (server certificate verified against Options::tls.ca_file
// or the system's authorities, host name checked; the client certificate of
// Options::tls presented when the server asks: client_tls.h).
// The exclusion list is authenticated by its signature, not by the
// connection; the token, however, travels in clear over http: use https
// except on the host itself.
//
// The token is sent only as "Authorization: Bearer …" and never appears in
// an error message. Errors: kInvalidArgument (bad URL or token file, a
// client certificate for an http:// URL), kFailedPrecondition (a TLS file
// that cannot be used, named),
// kUnauthenticated / kPermissionDenied (401 / 403 from garantd),
// kUnavailable (cannot connect, timeout, 5xx, truncated answer), kTooLarge
// (answer over the limit), other codes as garantd's error shape names them.
//
// Thread-compatible: one instance per thread.
#pragma once

#include <Poco/Net/Context.h>

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

#include "garant/core/status.h"
#include "garant/runtime/tls_client.h"

namespace garant::cli {

struct HttpAnswer {
  int status = 0;
  std::string body;
};

class GarantdClient {
 public:
  struct Options {
    std::chrono::seconds connect_timeout{10};
    std::chrono::seconds io_timeout{120};  // per send / receive, not for the whole body
    int64_t max_answer_bytes = 512LL << 20;
    runtime::ClientTlsFiles tls;  // for https:// (client_tls.h: ClientTlsFlags)
  };

  // base_url: http://host[:port][/prefix], without query, fragment or user.
  static Result<GarantdClient> Create(std::string_view base_url, std::string token,
                                      Options options);

  // GET base + path_and_query; a 2xx answer's body, else an error naming the
  // status and garantd's error message.
  Result<std::string> Get(const std::string& path_and_query) const;
  // GET base + path_and_query, a 2xx answer's body written to `out` as it
  // arrives (any length: for streamed exports); else an error as Get's. A
  // body cut short is not detected here when the server streams without a
  // length: the caller checks the format's own end marker.
  Status GetToStream(const std::string& path_and_query, std::ostream& out) const;
  // POST base + path with a JSON body; a 2xx answer's body, else an error.
  Result<std::string> PostJson(const std::string& path, const std::string& body) const;

  // "http://host:port/prefix", for messages (no token, ever).
  const std::string& base_url() const { return base_url_; }

 private:
  GarantdClient() = default;
  Result<HttpAnswer> Exchange(const std::string& method, const std::string& path,
                              const std::string* json_body) const;
  // The error for a non-2xx answer to `what` (a 401 over https without a
  // client certificate says that one may be required).
  Status AnswerError(const std::string& what, const HttpAnswer& a) const;

  std::string base_url_;
  Poco::Net::Context::Ptr tls_;  // set for https://
  std::string host_;
  uint16_t port_ = 0;
  std::string prefix_;  // "" or "/something", without a trailing slash
  std::string token_;
  Options options_;
};

// The service token in `path`: the file must not be readable by group or
// others; one trailing newline is allowed; the token must look like
// "gst_…" (letters, digits, '_' and '-' only, so it cannot inject a header).
Result<std::string> ReadServiceTokenFile(const std::string& path);

}  // namespace garant::cli
