#include "garant/runtime/tls_server.h"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/SSLManager.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cstdio>
#include <ctime>
#include <mutex>
#include <vector>

#include "garant/core/config.h"

namespace garant::runtime {
namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

// OpenSSL's last error as text (and the queue cleared).
std::string OpenSslError() {
  unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) return "unknown OpenSSL error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

// Every PEM certificate of `pem`, in order ("" when none could be read).
std::vector<X509Ptr> PemCertificates(const std::string& pem) {
  std::vector<X509Ptr> out;
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return out;
  while (X509* x = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) out.emplace_back(x);
  ERR_clear_error();  // the end of the file reads as an error
  return out;
}

std::string TimeText(const ASN1_TIME* t) {
  std::tm tm{};
  if (ASN1_TIME_to_tm(t, &tm) != 1) return "(unreadable date)";
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d UTC", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min);
  return buf;
}

std::string SubjectText(X509* x) {
  char buf[256];
  X509_NAME_oneline(X509_get_subject_name(x), buf, sizeof buf);
  return buf;
}

// OpenSSL asks this for an encrypted key's passphrase: there is none (the
// default would prompt on the terminal of a daemon).
int NoPassphrase(char*, int, int, void*) { return -1; }

Status Problem(const std::string& key, const std::string& path, const std::string& what) {
  return Status::FailedPrecondition(key + ": " + path + " " + what);
}

}  // namespace

Result<ServerTls> ServerTls::Create(const std::string& certificate_file,
                                    const std::string& key_file,
                                    const std::string& client_ca_file) {
  // The certificate chain.
  auto cert_pem = ReadFile(certificate_file);
  if (!cert_pem.ok()) {
    return Status::FailedPrecondition("tls_certificate_file: " + cert_pem.status().message());
  }
  std::vector<X509Ptr> chain = PemCertificates(*cert_pem);
  if (chain.empty()) {
    return Problem("tls_certificate_file", certificate_file, "holds no PEM certificate");
  }
  X509* leaf = chain.front().get();
  if (X509_cmp_current_time(X509_get0_notAfter(leaf)) <= 0) {
    return Problem("tls_certificate_file", certificate_file,
                   "holds a certificate that expired on " + TimeText(X509_get0_notAfter(leaf)));
  }
  if (X509_cmp_current_time(X509_get0_notBefore(leaf)) >= 0) {
    return Problem(
        "tls_certificate_file", certificate_file,
        "holds a certificate that is not valid before " + TimeText(X509_get0_notBefore(leaf)));
  }

  // The private key: a secret file.
  auto key_bytes = ReadSecretFile(key_file);
  if (!key_bytes.ok()) {
    return Status::FailedPrecondition("tls_key_file: " + key_bytes.status().message());
  }
  std::unique_ptr<EVP_PKEY, PkeyFree> key;
  {
    std::unique_ptr<BIO, BioFree> bio(
        BIO_new_mem_buf(key_bytes->data(), static_cast<int>(key_bytes->size())));
    if (bio) key.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, &NoPassphrase, nullptr));
    std::fill(key_bytes->begin(), key_bytes->end(), 0);
    ERR_clear_error();
  }
  if (!key) {
    return Problem("tls_key_file", key_file,
                   "holds no unencrypted PEM private key (an encrypted key cannot be used: "
                   "garantd cannot ask for its passphrase)");
  }
  if (X509_check_private_key(leaf, key.get()) != 1) {
    ERR_clear_error();
    return Problem("tls_key_file", key_file,
                   "does not match the certificate of tls_certificate_file " + certificate_file);
  }

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
    if (SSL_CTX_set_min_proto_version(s, TLS1_2_VERSION) != 1 ||
        SSL_CTX_use_certificate(s, leaf) != 1) {
      return Problem("tls_certificate_file", certificate_file, "cannot be used: " + OpenSslError());
    }
    for (size_t i = 1; i < chain.size(); ++i) {
      if (SSL_CTX_add1_chain_cert(s, chain[i].get()) != 1) {
        return Problem("tls_certificate_file", certificate_file,
                       "has an intermediate certificate that cannot be used: " + OpenSslError());
      }
    }
    if (SSL_CTX_use_PrivateKey(s, key.get()) != 1 || SSL_CTX_check_private_key(s) != 1) {
      return Problem("tls_key_file", key_file, "cannot be used: " + OpenSslError());
    }
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
    tls.description_ = SubjectText(leaf) + ", expires " + TimeText(X509_get0_notAfter(leaf));
    return tls;
  } catch (const Poco::Exception& e) {
    return Status::FailedPrecondition("cannot set up TLS: " + e.displayText());
  }
}

}  // namespace garant::runtime
