// A TLS identity, a certificate chain and its private key, read from PEM
// files, checked, and installed into an OpenSSL context. Shared by ServerTls
// (tls_certificate_file, tls_key_file) and ClientTls (the client certificate
// the CLI presents with --client-cert, --client-key). Internal to runtime/:
// OpenSSL never appears in a public header.
//
// Checks, in order (each failure a kFailedPrecondition "LABEL: PATH what",
// LABEL the setting or option that named the file):
//   - the certificate file is readable and holds at least one PEM certificate
//     (the leaf first, then its intermediates);
//   - the leaf is valid now (not expired, not valid later);
//   - the key file is a secret file (ReadSecretFile: a regular file not
//     readable by group or others) holding an unencrypted PEM private key
//     (no passphrase is ever asked for);
//   - the key matches the leaf.
// Key bytes are wiped after parsing and never appear in a message.
//
// Every OpenSSL object is owned by a std::unique_ptr with its free function.
// Thread-safety: free functions over their arguments only.
#pragma once

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <memory>
#include <string>
#include <vector>

#include "garant/core/status.h"

namespace garant::runtime::tls_internal {

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

// OpenSSL's last error as text (and the queue cleared).
std::string OpenSslError();
// Every PEM certificate of `pem`, in order (empty when none could be read).
std::vector<X509Ptr> PemCertificates(const std::string& pem);
// "YYYY-MM-DD HH:MM UTC".
std::string TimeText(const ASN1_TIME* t);
// The subject as OpenSSL prints it on one line ("/CN=…").
std::string SubjectText(X509* x);
// "LABEL: PATH what", kFailedPrecondition.
Status Problem(const std::string& label, const std::string& path, const std::string& what);

// The files of an identity and the names (settings or options) that gave
// them, for the messages.
struct PemIdentityFiles {
  std::string certificate_label;
  std::string certificate_file;
  std::string key_label;
  std::string key_file;
};

struct PemIdentity {
  std::vector<X509Ptr> chain;  // never empty: the leaf, then its intermediates
  PkeyPtr key;
  X509* leaf() const { return chain.front().get(); }
};

// Reads and checks the files as described above.
Result<PemIdentity> LoadPemIdentity(const PemIdentityFiles& files);

// Makes `ctx` present the identity: the leaf, the intermediates, the key.
// kFailedPrecondition (naming the file) when OpenSSL refuses one of them.
Status InstallPemIdentity(SSL_CTX* ctx, const PemIdentity& identity, const PemIdentityFiles& files);

}  // namespace garant::runtime::tls_internal
