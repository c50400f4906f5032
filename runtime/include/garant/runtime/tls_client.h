// The TLS client settings garant uses for every outgoing https:// connection
// (exclusion-list pushes from garantd, `garant filter --server`, `garant audit
// verify` and `garant audit trail` over https): peer certificate verified
// against `ca_file` (PEM; empty: the system's authorities), host name checked,
// TLS 1.2 at least, strong ciphers only. A certificate that fails
// verification is always refused (never asked about, never accepted).
//
// With `certificate_file` and `key_file` the client also presents a
// certificate when the server asks for one (garantd with
// tls_client_ca_file requires one with every service token). The files are
// checked as garantd's own (pem_identity.h): the certificate file holds the
// client's certificate first, then its intermediates, valid now; the key
// file is a secret file (not readable by group or others) holding the
// matching unencrypted PEM private key. The key is never printed.
//
// Poco stays out of this header: ClientTls owns the Poco context; the HTTP
// edges (server/, tools/), which use Poco anyway, take it with
// `Poco::Net::Context::Ptr(tls.context(), true)`.
//
// Thread-safety: thread-safe; the context is only read after creation.
// Errors: kInvalidArgument when only one of certificate_file and key_file is
// set; kFailedPrecondition when a file cannot be used, naming it ("client
// certificate: PATH …", "client key: PATH …", "CA file …").
#pragma once

#include <memory>
#include <string>

#include "garant/core/status.h"

namespace Poco::Net {
class Context;
}  // namespace Poco::Net

namespace garant::runtime {

struct ClientTlsFiles {
  std::string ca_file;           // PEM authorities for the server; empty: the system's
  std::string certificate_file;  // PEM client certificate (then intermediates); empty: none
  std::string key_file;          // its PEM private key; set exactly when certificate_file is
};

class ClientTls {
 public:
  static Result<ClientTls> Create(const ClientTlsFiles& files);
  // The Poco client context (reference-counted by Poco; kept alive by this
  // object and by every AutoPtr taken from it with shared = true).
  Poco::Net::Context* context() const { return context_.get(); }
  // Whether a client certificate is presented when the server asks (read
  // from the OpenSSL context itself).
  bool presents_certificate() const;

 private:
  std::shared_ptr<Poco::Net::Context> context_;
};

}  // namespace garant::runtime
