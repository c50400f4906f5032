// Where `garant audit verify` fetches a tlog-tiles log from: an export
// directory (`garant audit export`) or a garant server over HTTP
// (GET <url>/tlog/...). Both are audit::TileFetcher; audit::TiledLogSource
// (garant/audit/tiled_log_source.h) turns either into the audit::LogSource
// the verifier reads. The layout is described there. One thread at a time.
#pragma once

#include <memory>
#include <string>

#include "garant/audit/tiled_log_source.h"
#include "garant/core/status.h"
#include "garant/runtime/tls_client.h"

namespace garant::cli {

using audit::TileFetcher;

std::unique_ptr<TileFetcher> DirectoryFetcher(std::string dir);
// A garant server's tlog-tiles over http:// or https://.
// url: "http[s]://host:port/" (the server; tiles under /tlog/) or ".../tlog/".
// Over https:// the connection uses garant's client TLS settings
// (client_tls.h): the server's certificate must chain to an authority of
// `tls.ca_file` (PEM; empty: the system's authorities) and name the URL's
// host, else every fetch fails with kUnavailable saying the certificate was
// refused; nothing from that server is read. With `tls.certificate_file` and
// `tls.key_file` the client certificate is presented (garantd with
// tls_client_ca_file requires one with a service token); the files are read
// and checked here, before any connection.
// `bearer_token` (empty: none; read with ReadServiceTokenFile, so it cannot
// inject a header) is sent as "Authorization: Bearer …" with
// every request: entry bundles (tile/entries/…) need an auditor's credential
// (docs/audit-log.md), checkpoints and hash tiles do not. The token is never
// printed. A 401 or 403 answer fails the fetch with kUnauthenticated or
// kPermissionDenied and a message (English, then French) saying what to do:
// pass --token-file, use a valid token with the auditor role, or pass a
// client certificate (when none was presented over https).
// Errors: kInvalidArgument for a URL that is not http(s)://host[:port][/path],
// or a CA file or client certificate given with an http:// URL;
// kFailedPrecondition when a file of `tls` cannot be used (naming it).
Result<std::unique_ptr<TileFetcher>> RemoteFetcher(const std::string& url,
                                                   const runtime::ClientTlsFiles& tls,
                                                   const std::string& bearer_token = "");

}  // namespace garant::cli
