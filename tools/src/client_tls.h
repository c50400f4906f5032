// The https:// client side of the garant CLI, in one place: the flags that
// configure it and the Poco context built from them with runtime::ClientTls
// (garant/runtime/tls_client.h, the one set of client TLS settings). Used by
// every command that connects to garantd: `garant filter --server`,
// `garant audit verify URL`, `garant audit trail --url` (through
// GarantdClient and RemoteFetcher).
//
//   --ca-file F       PEM authorities the server's certificate must chain to
//                     (default: the system's)
//   --client-cert C   PEM client certificate (then its intermediates), and
//   --client-key K    its unencrypted PEM private key (a file not readable by
//                     group or others): presented when the server asks, as
//                     garantd does with tls_client_ca_file (docs/operations.md,
//                     "Client certificates for services"). Both or neither.
//
// Key material is never printed: messages name the files only.
#pragma once

#include <Poco/Net/Context.h>

#include <string>

#include "cli.h"
#include "garant/core/status.h"
#include "garant/runtime/tls_client.h"

namespace garant::cli {

// The flags as files; reads no file.
// Errors: kInvalidArgument (a usage error) when --client-cert or
// --client-key comes without the other, or with an empty value.
Result<runtime::ClientTlsFiles> ClientTlsFlags(const Args& a);

// The TLS context for a connection to a URL: for https, built from `files`
// (the files read and checked now, before anything is sent); for http, null.
// Errors: kInvalidArgument when a client certificate is given for an http
// URL; those of runtime::ClientTls::Create (kFailedPrecondition naming the
// file that cannot be used).
Result<Poco::Net::Context::Ptr> ClientTlsContext(bool https, const runtime::ClientTlsFiles& files);

// A sentence to add to the message of an HTTP 401 answer to a request with
// a service token over https without a client certificate (the server may
// require one); "" otherwise.
std::string MissingClientCertificateHint(bool https, const runtime::ClientTlsFiles& files);
// What to add to the message of a TLS failure (English, in parentheses):
// which certificate may have been refused.
std::string TlsRefusalHint(const runtime::ClientTlsFiles& files);

}  // namespace garant::cli
