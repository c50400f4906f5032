#include "garant/core/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <bit>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string_view>

#include "crypto_internal.h"
#include "garant/core/random.h"

namespace garant::crypto {
namespace internal {

// OpenSSL failing on valid input means a broken library or no memory: there
// is no safe way to continue (see the error policy in crypto.h).
void Die(const char* what) {
  std::fprintf(stderr, "garant: OpenSSL failure in %s; aborting\n", what);
  std::abort();
}

void Check(int rc, const char* what) {
  if (rc != 1) {
    Die(what);
  }
}

// Explicitly fetched algorithms, fetched once per process and never freed
// (fetching on every call is measurably slower than reusing the handle).
const EVP_MD* Sha256Md() {
  static const EVP_MD* const kMd = [] {
    EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (md == nullptr) {
      Die("EVP_MD_fetch(SHA256)");
    }
    return md;
  }();
  return kMd;
}

}  // namespace internal

using internal::Check;
using internal::Die;
using internal::Sha256Md;

namespace {

// RAII owners for OpenSSL handles. Nothing below holds a raw owning pointer.
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
struct PkeyDeleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct CipherCtxDeleter {
  void operator()(EVP_CIPHER_CTX* p) const { EVP_CIPHER_CTX_free(p); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

constexpr size_t kGcmNonceSize = 12;
constexpr size_t kGcmTagSize = 16;
// OpenSSL's update functions take int lengths: feed them at most this much.
constexpr size_t kMaxUpdate = 1 << 30;

const EVP_CIPHER* Aes256GcmCipher() {
  static const EVP_CIPHER* const kCipher = [] {
    EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
    if (cipher == nullptr) {
      Die("EVP_CIPHER_fetch(AES-256-GCM)");
    }
    return cipher;
  }();
  return kCipher;
}

MdCtxPtr NewMdCtx() {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) {
    Die("EVP_MD_CTX_new");
  }
  return ctx;
}

void DigestUpdate(EVP_MD_CTX* ctx, ByteView data) {
  // EVP_DigestUpdate takes a size_t; no chunking needed.
  if (!data.empty()) {
    Check(EVP_DigestUpdate(ctx, data.data(), data.size()), "EVP_DigestUpdate");
  }
}

Digest DigestFinal(EVP_MD_CTX* ctx) {
  Digest out;
  unsigned int len = 0;
  Check(EVP_DigestFinal_ex(ctx, out.data(), &len), "EVP_DigestFinal_ex");
  if (len != out.size()) {
    Die("EVP_DigestFinal_ex length");
  }
  return out;
}

// A private key object from an RFC 8032 seed (the 32-byte "private key").
Result<PkeyPtr> Ed25519KeyFromSeed(const Ed25519Seed& seed) {
  PkeyPtr key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()));
  if (!key) {
    return Status::Internal("Ed25519: cannot load private key");
  }
  return key;
}

}  // namespace

// ---------------------------------------------------------------- SHA-256

Digest Sha256(ByteView data) {
  Digest out;
  unsigned int len = 0;
  Check(EVP_Digest(data.data(), data.size(), out.data(), &len, Sha256Md(), nullptr), "EVP_Digest");
  return out;
}

struct Sha256Hasher::Impl {
  MdCtxPtr ctx = NewMdCtx();
};

Sha256Hasher::Sha256Hasher() : impl_(std::make_unique<Impl>()) {
  Check(EVP_DigestInit_ex2(impl_->ctx.get(), Sha256Md(), nullptr), "EVP_DigestInit_ex2");
}
Sha256Hasher::~Sha256Hasher() = default;
Sha256Hasher::Sha256Hasher(Sha256Hasher&&) noexcept = default;
Sha256Hasher& Sha256Hasher::operator=(Sha256Hasher&&) noexcept = default;

void Sha256Hasher::Update(ByteView data) { DigestUpdate(impl_->ctx.get(), data); }

Digest Sha256Hasher::Finish() {
  const Digest out = DigestFinal(impl_->ctx.get());
  Check(EVP_DigestInit_ex2(impl_->ctx.get(), Sha256Md(), nullptr), "EVP_DigestInit_ex2");
  return out;
}

// ---------------------------------------------------------------- Ed25519

Result<Ed25519PublicKeyBytes> Ed25519PublicFromSeed(const Ed25519Seed& seed) {
  GARANT_ASSIGN_OR_RETURN(PkeyPtr key, Ed25519KeyFromSeed(seed));
  Ed25519PublicKeyBytes pub;
  size_t len = pub.size();
  if (EVP_PKEY_get_raw_public_key(key.get(), pub.data(), &len) != 1 || len != pub.size()) {
    return Status::Internal("Ed25519: cannot derive public key");
  }
  return pub;
}

Result<Ed25519Signature> Ed25519Sign(const Ed25519Seed& seed, ByteView message) {
  GARANT_ASSIGN_OR_RETURN(PkeyPtr key, Ed25519KeyFromSeed(seed));
  MdCtxPtr ctx = NewMdCtx();
  if (EVP_DigestSignInit_ex(ctx.get(), nullptr, nullptr, nullptr, nullptr, key.get(), nullptr) !=
      1) {
    return Status::Internal("Ed25519: sign init failed");
  }
  Ed25519Signature sig;
  size_t len = sig.size();
  if (EVP_DigestSign(ctx.get(), sig.data(), &len, message.data(), message.size()) != 1 ||
      len != sig.size()) {
    return Status::Internal("Ed25519: sign failed");
  }
  return sig;
}

bool Ed25519Verify(const Ed25519PublicKeyBytes& pub, ByteView message,
                   const Ed25519Signature& sig) {
  PkeyPtr key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, pub.data(), pub.size()));
  if (!key) {
    return false;
  }
  MdCtxPtr ctx = NewMdCtx();
  if (EVP_DigestVerifyInit_ex(ctx.get(), nullptr, nullptr, nullptr, nullptr, key.get(), nullptr) !=
      1) {
    return false;
  }
  return EVP_DigestVerify(ctx.get(), sig.data(), sig.size(), message.data(), message.size()) == 1;
}

// ---------------------------------------------------------------- AES-256-GCM

namespace {

CipherCtxPtr NewGcmCtx(const Aes256Key& key, const uint8_t* nonce, bool encrypt) {
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  if (!ctx) {
    Die("EVP_CIPHER_CTX_new");
  }
  // The default GCM IV length is 12 bytes, the size we use.
  Check(
      EVP_CipherInit_ex2(ctx.get(), Aes256GcmCipher(), key.data(), nonce, encrypt ? 1 : 0, nullptr),
      "EVP_CipherInit_ex2");
  return ctx;
}

// Feeds in through the cipher, appending output at out (which must have room
// for in.size() bytes; GCM is a stream mode). With out == nullptr, in is AAD.
void CipherUpdate(EVP_CIPHER_CTX* ctx, ByteView in, uint8_t* out) {
  while (!in.empty()) {
    const size_t n = std::min(in.size(), kMaxUpdate);
    int out_len = 0;
    Check(EVP_CipherUpdate(ctx, out, &out_len, in.data(), static_cast<int>(n)), "EVP_CipherUpdate");
    if (out != nullptr) {
      if (static_cast<size_t>(out_len) != n) {
        Die("EVP_CipherUpdate length");
      }
      out += n;
    }
    in = in.subspan(n);
  }
}

}  // namespace

Bytes Aes256GcmSealWithNonce(const Aes256Key& key, const std::array<uint8_t, 12>& nonce,
                             ByteView plaintext, ByteView aad) {
  Bytes sealed(kGcmNonceSize + plaintext.size() + kGcmTagSize);
  std::copy(nonce.begin(), nonce.end(), sealed.begin());
  CipherCtxPtr ctx = NewGcmCtx(key, nonce.data(), /*encrypt=*/true);
  CipherUpdate(ctx.get(), aad, nullptr);
  uint8_t* ct = sealed.data() + kGcmNonceSize;
  CipherUpdate(ctx.get(), plaintext, ct);
  int final_len = 0;
  Check(EVP_EncryptFinal_ex(ctx.get(), ct + plaintext.size(), &final_len), "EVP_EncryptFinal_ex");
  if (final_len != 0) {
    Die("EVP_EncryptFinal_ex length");
  }
  Check(EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kGcmTagSize),
                            ct + plaintext.size()),
        "EVP_CTRL_GCM_GET_TAG");
  return sealed;
}

Bytes Aes256GcmSeal(const Aes256Key& key, ByteView plaintext, ByteView aad) {
  // A random 96-bit nonce: keep well under 2^32 messages per key (NIST
  // SP 800-38D section 8.3).
  std::array<uint8_t, kGcmNonceSize> nonce;
  SecureRandom::Instance().Fill(nonce);
  return Aes256GcmSealWithNonce(key, nonce, plaintext, aad);
}

Result<Bytes> Aes256GcmOpen(const Aes256Key& key, ByteView sealed, ByteView aad) {
  if (sealed.size() < kGcmNonceSize + kGcmTagSize) {
    return Status::DataLoss("AES-GCM: sealed data shorter than nonce and tag");
  }
  const ByteView nonce = sealed.first(kGcmNonceSize);
  const ByteView ct = sealed.subspan(kGcmNonceSize, sealed.size() - kGcmNonceSize - kGcmTagSize);
  const ByteView tag = sealed.last(kGcmTagSize);

  CipherCtxPtr ctx = NewGcmCtx(key, nonce.data(), /*encrypt=*/false);
  CipherUpdate(ctx.get(), aad, nullptr);
  Bytes plaintext(ct.size());
  CipherUpdate(ctx.get(), ct, plaintext.data());
  // EVP_CTRL_GCM_SET_TAG takes a non-const pointer but only reads the tag.
  std::array<uint8_t, kGcmTagSize> tag_copy;
  std::copy(tag.begin(), tag.end(), tag_copy.begin());
  Check(EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kGcmTagSize),
                            tag_copy.data()),
        "EVP_CTRL_GCM_SET_TAG");
  int final_len = 0;
  if (EVP_DecryptFinal_ex(ctx.get(), plaintext.data() + plaintext.size(), &final_len) != 1) {
    // Never hand out unauthenticated plaintext, not even in memory we free.
    OPENSSL_cleanse(plaintext.data(), plaintext.size());
    return Status::DataLoss("AES-GCM: authentication failed (tampered data, wrong key or aad)");
  }
  return plaintext;
}

// ---------------------------------------------------------------- PBKDF2

Bytes Pbkdf2Sha256(std::string_view password, ByteView salt, uint32_t iterations, size_t out_len) {
  if (iterations == 0 || iterations > INT_MAX || out_len == 0 || out_len > INT_MAX ||
      password.size() > INT_MAX || salt.size() > INT_MAX) {
    Die("Pbkdf2Sha256: parameters out of range");
  }
  Bytes out(out_len);
  Check(PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt.data(),
                          static_cast<int>(salt.size()), static_cast<int>(iterations), Sha256Md(),
                          static_cast<int>(out_len), out.data()),
        "PKCS5_PBKDF2_HMAC");
  return out;
}

}  // namespace garant::crypto
