// The TLS client settings garant uses for every outgoing https:// connection
// (exclusion-list pushes from garantd, `garant filter --server`, `garant audit
// verify` over https): peer certificate verified against `ca_file` (PEM;
// empty: the system's authorities), host name checked, TLS 1.2 at least,
// strong ciphers only. A certificate that fails verification is always
// refused (never asked about, never accepted).
//
// Poco stays out of this header: ClientTls owns the Poco context; the HTTP
// edges (server/, tools/), which use Poco anyway, take it with
// `Poco::Net::Context::Ptr(tls.context(), true)`.
//
// Thread-safety: thread-safe; the context is only read after creation.
// Errors: kFailedPrecondition when the CA file cannot be used.
#pragma once

#include <memory>
#include <string>

#include "garant/core/status.h"

namespace Poco::Net {
class Context;
}  // namespace Poco::Net

namespace garant::runtime {

class ClientTls {
 public:
  static Result<ClientTls> Create(const std::string& ca_file);
  // The Poco client context (reference-counted by Poco; kept alive by this
  // object and by every AutoPtr taken from it with shared = true).
  Poco::Net::Context* context() const { return context_.get(); }

 private:
  std::shared_ptr<Poco::Net::Context> context_;
};

}  // namespace garant::runtime
