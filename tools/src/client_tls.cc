#include "client_tls.h"

namespace garant::cli {

Result<runtime::ClientTlsFiles> ClientTlsFlags(const Args& a) {
  if (a.Has("client-cert") != a.Has("client-key")) {
    return Status::InvalidArgument(
        "--client-cert and --client-key go together: give both (the certificate and its key, "
        "PEM) or neither");
  }
  runtime::ClientTlsFiles files;
  files.ca_file = a.Get("ca-file").value_or("");
  files.certificate_file = a.Get("client-cert").value_or("");
  files.key_file = a.Get("client-key").value_or("");
  if (a.Has("client-cert") && (files.certificate_file.empty() || files.key_file.empty())) {
    return Status::InvalidArgument("--client-cert and --client-key need a file each");
  }
  return files;
}

Result<Poco::Net::Context::Ptr> ClientTlsContext(bool https, const runtime::ClientTlsFiles& files) {
  if (!https) {
    if (!files.certificate_file.empty()) {
      return Status::InvalidArgument("--client-cert and --client-key apply to https:// URLs only");
    }
    return Poco::Net::Context::Ptr();
  }
  GARANT_ASSIGN_OR_RETURN(runtime::ClientTls tls, runtime::ClientTls::Create(files));
  return Poco::Net::Context::Ptr(tls.context(), /*shared=*/true);
}

std::string MissingClientCertificateHint(bool https, const runtime::ClientTlsFiles& files) {
  if (!https || !files.certificate_file.empty()) return "";
  return " No client certificate was presented: a server with tls_client_ca_file refuses a "
         "service token without one; pass --client-cert and --client-key.";
}

std::string TlsRefusalHint(const runtime::ClientTlsFiles& files) {
  std::string hint =
      " (is the server's certificate signed by an authority given with --ca-file, or by one "
      "of the system's, and issued for this host name?";
  if (!files.certificate_file.empty()) {
    hint += " Is the certificate of --client-cert " + files.certificate_file +
            " signed by an authority the server accepts?";
  }
  return hint + ")";
}

}  // namespace garant::cli
