// The TLS garantd serves itself when tls_certificate_file and tls_key_file are
// set (docs/configuration.md, "TLS"; docs/security.md, "Transport"):
//   - TLS 1.2 and 1.3 only; for 1.2 the Mozilla "intermediate" cipher list
//     (ECDHE/DHE with AES-GCM or ChaCha20-Poly1305), OpenSSL's default suites
//     for 1.3; no compression, no renegotiation;
//   - the certificate file: PEM, the server's certificate first, then its
//     intermediates; refused when it has expired or is not valid yet;
//   - the key file: a secret file (ReadSecretFile: refused when readable by
//     group or others), an unencrypted PEM private key matching the
//     certificate (garantd cannot ask for a passphrase);
//   - tls_client_ca_file (optional): PEM authorities. A client certificate is
//     then requested, never required, during the handshake (browsers are not
//     made to pick one); one that the authorities did not sign ends the
//     handshake. The Dispatcher requires a verified one on requests that carry
//     a service token (http/dispatcher.cc).
//
// Poco stays out of this header, as in tls_client.h: the listener takes the
// context with `Poco::Net::Context::Ptr(tls.context(), true)`.
//
// Thread-safety: thread-safe; the context is only read after creation.
// Errors: kFailedPrecondition naming the configuration key, the file and what
// is wrong with it, in words (garantd --check-config prints them).
#pragma once

#include <memory>
#include <string>

#include "garant/core/status.h"

namespace Poco::Net {
class Context;
}  // namespace Poco::Net

namespace garant::runtime {

// OpenSSL's name for the TLS 1.2 cipher list (Mozilla "intermediate", v5.7).
inline constexpr const char* kServerTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305";

class ServerTls {
 public:
  static Result<ServerTls> Create(const std::string& certificate_file, const std::string& key_file,
                                  const std::string& client_ca_file);
  // The Poco server context (see tls_client.h for its lifetime).
  Poco::Net::Context* context() const { return context_.get(); }
  // Whether client certificates are requested (tls_client_ca_file is set).
  bool verifies_clients() const { return verifies_clients_; }
  // "CN=…, expires YYYY-MM-DD" of the server's certificate, for the logs.
  const std::string& description() const { return description_; }

 private:
  std::shared_ptr<Poco::Net::Context> context_;
  bool verifies_clients_ = false;
  std::string description_;
};

}  // namespace garant::runtime
