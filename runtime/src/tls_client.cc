#include "garant/runtime/tls_client.h"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>

#include <mutex>

namespace garant::runtime {

Result<ClientTls> ClientTls::Create(const std::string& ca_file) {
  try {
    Poco::Net::Context::Params p;
    p.verificationMode = Poco::Net::Context::VERIFY_STRICT;
    p.verificationDepth = 9;
    p.loadDefaultCAs = ca_file.empty();
    p.caLocation = ca_file;
    p.cipherList = "HIGH:!aNULL:!MD5:!RC4";
    Poco::Net::Context::Ptr ctx =
        new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, p);  // NOLINT: Poco AutoPtr
    ctx->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
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
    return Status::FailedPrecondition("cannot set up TLS (CA file " +
                                      (ca_file.empty() ? std::string("unset") : ca_file) +
                                      "): " + e.displayText());
  }
}

}  // namespace garant::runtime
