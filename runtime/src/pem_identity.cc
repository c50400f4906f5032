#include "pem_identity.h"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "garant/core/config.h"

namespace garant::runtime::tls_internal {
namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;

// OpenSSL asks this for an encrypted key's passphrase: there is none (the
// default would prompt on the terminal, or hang a daemon).
int NoPassphrase(char*, int, int, void*) { return -1; }

}  // namespace

std::string OpenSslError() {
  unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) return "unknown OpenSSL error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

std::vector<X509Ptr> PemCertificates(const std::string& pem) {
  std::vector<X509Ptr> out;
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
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

Status Problem(const std::string& label, const std::string& path, const std::string& what) {
  return Status::FailedPrecondition(label + ": " + path + " " + what);
}

Result<PemIdentity> LoadPemIdentity(const PemIdentityFiles& f) {
  PemIdentity id;
  // The certificate chain.
  auto cert_pem = ReadFile(f.certificate_file);
  if (!cert_pem.ok()) {
    return Status::FailedPrecondition(f.certificate_label + ": " + cert_pem.status().message());
  }
  id.chain = PemCertificates(*cert_pem);
  if (id.chain.empty()) {
    return Problem(f.certificate_label, f.certificate_file, "holds no PEM certificate");
  }
  X509* leaf = id.leaf();
  if (X509_cmp_current_time(X509_get0_notAfter(leaf)) <= 0) {
    return Problem(f.certificate_label, f.certificate_file,
                   "holds a certificate that expired on " + TimeText(X509_get0_notAfter(leaf)));
  }
  if (X509_cmp_current_time(X509_get0_notBefore(leaf)) >= 0) {
    return Problem(
        f.certificate_label, f.certificate_file,
        "holds a certificate that is not valid before " + TimeText(X509_get0_notBefore(leaf)));
  }

  // The private key: a secret file.
  auto key_bytes = ReadSecretFile(f.key_file);
  if (!key_bytes.ok()) {
    return Status::FailedPrecondition(f.key_label + ": " + key_bytes.status().message());
  }
  {
    BioPtr bio(BIO_new_mem_buf(key_bytes->data(), static_cast<int>(key_bytes->size())));
    if (bio) id.key.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, &NoPassphrase, nullptr));
    std::fill(key_bytes->begin(), key_bytes->end(), 0);
    ERR_clear_error();
  }
  if (!id.key) {
    return Problem(f.key_label, f.key_file,
                   "holds no unencrypted PEM private key (an encrypted key cannot be used: "
                   "no passphrase is ever asked for)");
  }
  if (X509_check_private_key(leaf, id.key.get()) != 1) {
    ERR_clear_error();
    return Problem(
        f.key_label, f.key_file,
        "does not match the certificate of " + f.certificate_label + " " + f.certificate_file);
  }
  return id;
}

Status InstallPemIdentity(SSL_CTX* ctx, const PemIdentity& id, const PemIdentityFiles& f) {
  if (SSL_CTX_use_certificate(ctx, id.leaf()) != 1) {
    return Problem(f.certificate_label, f.certificate_file, "cannot be used: " + OpenSslError());
  }
  for (size_t i = 1; i < id.chain.size(); ++i) {
    if (SSL_CTX_add1_chain_cert(ctx, id.chain[i].get()) != 1) {
      return Problem(f.certificate_label, f.certificate_file,
                     "has an intermediate certificate that cannot be used: " + OpenSslError());
    }
  }
  if (SSL_CTX_use_PrivateKey(ctx, id.key.get()) != 1 || SSL_CTX_check_private_key(ctx) != 1) {
    return Problem(f.key_label, f.key_file, "cannot be used: " + OpenSslError());
  }
  return Status::Ok();
}

}  // namespace garant::runtime::tls_internal
