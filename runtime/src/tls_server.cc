#include "garant/runtime/tls_server.h"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/SSLManager.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <mutex>
#include <vector>

#include "garant/core/config.h"
#include "pem_identity.h"

namespace garant::runtime {

using tls_internal::OpenSslError;
using tls_internal::PemCertificates;
using tls_internal::Problem;
using tls_internal::X509Ptr;

Result<ServerTls> ServerTls::Create(const std::string& certificate_file,
                                    const std::string& key_file,
                                    const std::string& client_ca_file) {
  // The certificate chain and its key.
  const tls_internal::PemIdentityFiles files{"tls_certificate_file", certificate_file,
                                             "tls_key_file", key_file};
  GARANT_ASSIGN_OR_RETURN(tls_internal::PemIdentity identity, tls_internal::LoadPemIdentity(files));

  // The client authorities.
  std::vector<X509Ptr> client_cas;
  if (!client_ca_file.empty()) {
    auto ca_pem = ReadFile(client_ca_file);
    if (!ca_pem.ok()) {
      return Status::FailedPrecondition("tls_client_ca_file: " + ca_pem.status().message());
    }
    client_cas = PemCertificates(*ca_pem);
    if (client_cas.empty()) {
      return Problem("tls_client_ca_file", client_ca_file, "holds no PEM certificate");
    }
  }

  try {
    static std::once_flag once;
    std::call_once(once, [] { Poco::Net::initializeSSL(); });
    Poco::Net::Context::Params p;
    // Requested, not required: a client without a certificate still
    // connects (browsers); one with a certificate the authorities did not
    // sign does not.
    p.verificationMode =
        client_cas.empty() ? Poco::Net::Context::VERIFY_NONE : Poco::Net::Context::VERIFY_RELAXED;
    p.verificationDepth = 9;
    p.loadDefaultCAs = false;
    p.cipherList = kServerTls12Ciphers;
    p.dhUse2048Bits = true;
    Poco::Net::Context::Ptr ctx =
        new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, p);  // NOLINT: Poco AutoPtr
    ctx->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    // Resumed sessions need an id context when clients are verified.
    ctx->enableSessionCache(true, "garant");
    SSL_CTX* s = ctx->sslContext();
    // No compression (CRIME), no renegotiation of either side (OpenSSL 3
    // refuses a client's by default; SSL_OP_NO_RENEGOTIATION refuses all).
    SSL_CTX_set_options(s, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
    SSL_CTX_clear_options(s, SSL_OP_ALLOW_CLIENT_RENEGOTIATION);
    if (SSL_CTX_set_min_proto_version(s, TLS1_2_VERSION) != 1) {
      return Problem("tls_certificate_file", certificate_file, "cannot be used: " + OpenSslError());
    }
    GARANT_RETURN_IF_ERROR(tls_internal::InstallPemIdentity(s, identity, files));
    if (!client_cas.empty()) {
      X509_STORE* store = SSL_CTX_get_cert_store(s);
      for (const auto& ca : client_cas) {
        if (X509_STORE_add_cert(store, ca.get()) != 1 || SSL_CTX_add_client_CA(s, ca.get()) != 1) {
          return Problem("tls_client_ca_file", client_ca_file,
                         "holds a certificate that cannot be used: " + OpenSslError());
        }
      }
    }
    Poco::Net::Context* raw = ctx.duplicate();
    ServerTls tls;
    tls.context_ =
        std::shared_ptr<Poco::Net::Context>(raw, [](Poco::Net::Context* c) { c->release(); });
    tls.verifies_clients_ = !client_cas.empty();
    tls.description_ = tls_internal::SubjectText(identity.leaf()) + ", expires " +
                       tls_internal::TimeText(X509_get0_notAfter(identity.leaf()));
    return tls;
  } catch (const Poco::Exception& e) {
    return Status::FailedPrecondition("cannot set up TLS: " + e.displayText());
  }
}

}  // namespace garant::runtime
