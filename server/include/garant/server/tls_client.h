// The TLS client settings garant uses for every outgoing https:// connection
// (exclusion-list pushes from garantd, `garant filter --server`): peer
// certificate verified against `ca_file` (PEM; empty: the system's
// authorities), host name checked, TLS 1.2 at least, strong ciphers only. A
// certificate that fails verification is always refused (never asked about,
// never accepted).
//
// Thread-safety: thread-safe; the returned context is only read afterwards.
// Errors: kFailedPrecondition when the CA file cannot be used.
#pragma once

#include <Poco/Net/Context.h>

#include <string>

#include "garant/core/status.h"

namespace garant::server {

Result<Poco::Net::Context::Ptr> MakeClientTlsContext(const std::string& ca_file);

}  // namespace garant::server
