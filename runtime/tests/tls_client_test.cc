// runtime::ClientTls with a client certificate (--client-cert, --client-key
// of the CLI): both files or neither, each checked before any connection and
// named when it cannot be used; the checks ServerTls shares
// (pem_identity.h). Certificates are made here with OpenSSL, in a temporary
// directory.
#include "garant/runtime/tls_client.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "garant/runtime/tls_server.h"

namespace garant::runtime {
namespace {
namespace fs = std::filesystem;

struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct FileClose {
  void operator()(FILE* f) const { std::fclose(f); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;
using FilePtr = std::unique_ptr<FILE, FileClose>;

class ClientTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("garant-tls-client-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A P-256 key written to NAME.key with `mode`; its path.
  std::string WriteKey(const std::string& name, EVP_PKEY* key, mode_t mode = 0600) {
    const std::string path = (dir_ / (name + ".key")).string();
    FilePtr f(std::fopen(path.c_str(), "w"));
    EXPECT_TRUE(f && PEM_write_PrivateKey(f.get(), key, nullptr, nullptr, 0, nullptr, nullptr));
    f.reset();
    ::chmod(path.c_str(), mode);
    return path;
  }

  // A self-signed certificate for `key`, valid from now + `from_days` for
  // `days`, written to NAME.pem; its path.
  std::string WriteCertificate(const std::string& name, EVP_PKEY* key, long from_days = -1,
                               long days = 2) {
    X509Ptr x(X509_new());
    X509_set_version(x.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(x.get()), from_days * 86400);
    X509_gmtime_adj(X509_getm_notAfter(x.get()), (from_days + days) * 86400);
    X509_NAME* subject = X509_get_subject_name(x.get());
    X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(name.c_str()), -1, -1, 0);
    X509_set_issuer_name(x.get(), subject);
    X509_set_pubkey(x.get(), key);
    EXPECT_GT(X509_sign(x.get(), key, EVP_sha256()), 0);
    const std::string path = (dir_ / (name + ".pem")).string();
    FilePtr f(std::fopen(path.c_str(), "w"));
    EXPECT_TRUE(f && PEM_write_X509(f.get(), x.get()));
    return path;
  }

  static PkeyPtr NewKey() { return PkeyPtr(EVP_EC_gen("P-256")); }

  fs::path dir_;
};

TEST_F(ClientTlsTest, WithoutACertificateNothingIsPresented) {
  auto tls = ClientTls::Create(ClientTlsFiles{});
  ASSERT_TRUE(tls.ok()) << tls.status().ToString();
  EXPECT_NE(tls->context(), nullptr);
  EXPECT_FALSE(tls->presents_certificate());
}

TEST_F(ClientTlsTest, AMatchingCertificateAndKeyArePresented) {
  PkeyPtr key = NewKey();
  ClientTlsFiles files{"", WriteCertificate("client", key.get()), WriteKey("client", key.get())};
  auto tls = ClientTls::Create(files);
  ASSERT_TRUE(tls.ok()) << tls.status().ToString();
  EXPECT_TRUE(tls->presents_certificate());
}

TEST_F(ClientTlsTest, ACertificateWithoutItsKeyOrTheReverseIsRefused) {
  PkeyPtr key = NewKey();
  const std::string cert = WriteCertificate("client", key.get());
  const std::string key_file = WriteKey("client", key.get());
  for (const ClientTlsFiles& files :
       {ClientTlsFiles{"", cert, ""}, ClientTlsFiles{"", "", key_file}}) {
    auto tls = ClientTls::Create(files);
    ASSERT_FALSE(tls.ok());
    EXPECT_EQ(tls.status().code(), Code::kInvalidArgument) << tls.status().ToString();
  }
}

TEST_F(ClientTlsTest, AKeyThatIsNotTheCertificatesIsRefusedNamingTheFile) {
  PkeyPtr key = NewKey();
  PkeyPtr other = NewKey();
  const std::string cert = WriteCertificate("client", key.get());
  const std::string other_file = WriteKey("other", other.get());
  auto tls = ClientTls::Create({"", cert, other_file});
  ASSERT_FALSE(tls.ok());
  EXPECT_EQ(tls.status().code(), Code::kFailedPrecondition);
  EXPECT_EQ(tls.status().message(), "client key: " + other_file +
                                        " does not match the certificate of client certificate " +
                                        cert);
}

TEST_F(ClientTlsTest, UnusableFilesAreNamedAndTheKeyNeverShown) {
  PkeyPtr key = NewKey();
  const std::string cert = WriteCertificate("client", key.get());
  const std::string key_file = WriteKey("client", key.get());
  const std::string loose = WriteKey("loose", key.get(), 0644);
  const std::string missing = (dir_ / "absent.pem").string();
  const std::string expired = WriteCertificate("expired", key.get(), -3, 1);
  const std::string later = WriteCertificate("later", key.get(), 2, 2);
  const std::string not_pem = (dir_ / "not.pem").string();
  const std::string cert_as_key = (dir_ / "cert-as.key").string();
  fs::copy_file(cert, cert_as_key);
  fs::permissions(cert_as_key, fs::perms::owner_read | fs::perms::owner_write);
  { FilePtr f(std::fopen(not_pem.c_str(), "w")); }
  struct Case {
    ClientTlsFiles files;
    std::string expected;  // a prefix of the message
  };
  const Case cases[] = {
      {{"", cert, loose}, "client key: secret file " + loose + " is readable by group or others"},
      {{"", missing, key_file}, "client certificate: no such file: " + missing},
      {{"", not_pem, key_file}, "client certificate: " + not_pem + " holds no PEM certificate"},
      {{"", cert, cert_as_key},
       "client key: " + cert_as_key + " holds no unencrypted PEM private key"},
      {{"", expired, key_file},
       "client certificate: " + expired + " holds a certificate that expired"},
      {{"", later, key_file},
       "client certificate: " + later + " holds a certificate that is not valid before"},
  };
  for (const Case& c : cases) {
    auto tls = ClientTls::Create(c.files);
    ASSERT_FALSE(tls.ok()) << c.expected;
    EXPECT_EQ(tls.status().code(), Code::kFailedPrecondition) << tls.status().ToString();
    EXPECT_EQ(tls.status().message().rfind(c.expected, 0), 0u) << tls.status().message();
    EXPECT_EQ(tls.status().message().find("PRIVATE KEY"), std::string::npos);
  }
}

// The checks are garantd's own: the same messages under its setting names.
TEST_F(ClientTlsTest, ServerTlsNamesItsSettings) {
  PkeyPtr key = NewKey();
  PkeyPtr other = NewKey();
  const std::string cert = WriteCertificate("server", key.get());
  const std::string other_file = WriteKey("other", other.get());
  auto tls = ServerTls::Create(cert, other_file, "");
  ASSERT_FALSE(tls.ok());
  EXPECT_EQ(tls.status().message(), "tls_key_file: " + other_file +
                                        " does not match the certificate of "
                                        "tls_certificate_file " +
                                        cert);
  auto good = ServerTls::Create(cert, WriteKey("server", key.get()), "");
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  EXPECT_FALSE(good->verifies_clients());
}

}  // namespace
}  // namespace garant::runtime
