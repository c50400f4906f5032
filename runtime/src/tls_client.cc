#include "garant/runtime/tls_client.h"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>

#include <mutex>
#include <optional>

#include "pem_identity.h"

namespace garant::runtime {

Result<ClientTls> ClientTls::Create(const ClientTlsFiles& files) {
  if (files.certificate_file.empty() != files.key_file.empty()) {
    return Status::InvalidArgument(
        "a client certificate and its key go together: give both files or neither");
  }
  // The client's identity, read and checked before anything else.
  const tls_internal::PemIdentityFiles identity_files{"client certificate", files.certificate_file,
                                                      "client key", files.key_file};
  std::optional<tls_internal::PemIdentity> identity;
  if (!files.certificate_file.empty()) {
    GARANT_ASSIGN_OR_RETURN(identity, tls_internal::LoadPemIdentity(identity_files));
  }
  try {
    Poco::Net::Context::Params p;
    p.verificationMode = Poco::Net::Context::VERIFY_STRICT;
    p.verificationDepth = 9;
    p.loadDefaultCAs = files.ca_file.empty();
    p.caLocation = files.ca_file;
    p.cipherList = "HIGH:!aNULL:!MD5:!RC4";
    Poco::Net::Context::Ptr ctx =
        new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, p);  // NOLINT: Poco AutoPtr
    ctx->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    if (identity) {
      GARANT_RETURN_IF_ERROR(
          tls_internal::InstallPemIdentity(ctx->sslContext(), *identity, identity_files));
    }
    // Poco asks a process-wide handler what to do with a certificate that
    // fails verification: always refuse.
    static std::once_flag once;
    std::call_once(once, [&ctx] {
      Poco::Net::initializeSSL();
      Poco::SharedPtr<Poco::Net::InvalidCertificateHandler> reject =
          new Poco::Net::RejectCertificateHandler(false);  // NOLINT: Poco SharedPtr
      Poco::Net::SSLManager::instance().initializeClient(nullptr, reject, ctx);
    });
    // The shared_ptr holds one Poco reference, released on destruction.
    Poco::Net::Context* raw = ctx.duplicate();
    ClientTls tls;
    tls.context_ =
        std::shared_ptr<Poco::Net::Context>(raw, [](Poco::Net::Context* c) { c->release(); });
    return tls;
  } catch (const Poco::Exception& e) {
    return Status::FailedPrecondition(
        "cannot set up TLS (CA file " +
        (files.ca_file.empty() ? std::string("unset") : files.ca_file) + "): " + e.displayText());
  }
}

bool ClientTls::presents_certificate() const {
  return SSL_CTX_get0_certificate(context_->sslContext()) != nullptr;
}

}  // namespace garant::runtime
