#include "garant/core/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

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

#include "garant/core/random.h"

namespace garant::crypto {
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

constexpr size_t kSha256BlockSize = 64;
constexpr size_t kGcmNonceSize = 12;
constexpr size_t kGcmTagSize = 16;
// OpenSSL's update functions take int lengths: feed them at most this much.
constexpr size_t kMaxUpdate = 1 << 30;

// OpenSSL failing on valid input means a broken library or no memory: there
// is no safe way to continue (see the error policy in crypto.h).
[[noreturn]] void Die(const char* what) {
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

// ---------------------------------------------------------------- HMAC

// HMAC(K, m) = H((K' ^ opad) || H((K' ^ ipad) || m)), K' the key padded (or
// hashed, when longer than a block) to 64 bytes.
//
// HmacSha256Keyed (the bulk path): the chaining states after the one block
// K' ^ ipad and the one block K' ^ opad are computed once; each Mac runs the
// SHA-256 block function on the message and on padding built here (FIPS 180-4
// 5.1.1), then on one outer block: 2 compressions for messages up to 55 bytes,
// no allocation, no EVP context copy. It uses OpenSSL's low-level SHA256_*
// API (deprecated in OpenSSL 3, outside the providers, so not a FIPS-module
// service): acceptable for pseudonymous tokens, whose secrecy rests on the key.
// HmacSha256 (the one-shot) goes through OpenSSL's own HMAC: an independent
// implementation, the tests' reference for the bulk path.
namespace {

// Silenced here only: the SHA256_* functions are deprecated in OpenSSL 3 but
// kept, and they are the direct way to the (SHA-NI) block function.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
void Sha256AfterBlock(const std::array<uint8_t, kSha256BlockSize>& block, SHA256_CTX* state) {
  Check(SHA256_Init(state), "SHA256_Init");
  Check(SHA256_Update(state, block.data(), block.size()), "SHA256_Update");
}
void Sha256Block(SHA256_CTX* state, const uint8_t* block) { SHA256_Transform(state, block); }
#pragma GCC diagnostic pop

void StoreBigEndian32(uint32_t v, uint8_t* out) {
  if constexpr (std::endian::native == std::endian::little) {
    v = __builtin_bswap32(v);
  }
  std::memcpy(out, &v, sizeof v);
}

// The digest: the chaining state, big-endian.
void StoreState(const SHA256_CTX& state, uint8_t* out) {
  for (size_t i = 0; i < 8; ++i) {
    StoreBigEndian32(state.h[i], out + 4 * i);
  }
}

// Absorbs `data` and the final padding into *state, which has already
// absorbed one block, and writes the 32-byte digest at out.
void Sha256FinishAfterBlock(SHA256_CTX* state, ByteView data, uint8_t* out) {
  const uint8_t* p = data.data();
  size_t n = data.size();
  for (; n >= kSha256BlockSize; p += kSha256BlockSize, n -= kSha256BlockSize) {
    Sha256Block(state, p);
  }
  // The tail, 0x80, zeros, the length in bits (64 bits, big-endian): one
  // block when the tail leaves room for 9 bytes, else two. Fixed-size clears.
  alignas(16) uint8_t tail[2 * kSha256BlockSize];
  const size_t blocks = n + 9 <= kSha256BlockSize ? 1 : 2;
  std::memset(tail, 0, kSha256BlockSize);
  if (blocks == 2) {
    std::memset(tail + kSha256BlockSize, 0, kSha256BlockSize);
  }
  if (n > 0) {
    std::memcpy(tail, p, n);
  }
  tail[n] = 0x80;
  const uint64_t bits = (kSha256BlockSize + data.size()) * 8;
  uint8_t* length = tail + blocks * kSha256BlockSize - 8;
  StoreBigEndian32(static_cast<uint32_t>(bits >> 32), length);
  StoreBigEndian32(static_cast<uint32_t>(bits), length + 4);
  for (size_t b = 0; b < blocks; ++b) {
    Sha256Block(state, tail + b * kSha256BlockSize);
  }
  StoreState(*state, out);
}

}  // namespace

struct HmacSha256Keyed::Impl {
  SHA256_CTX inner;  // chaining state after K' ^ ipad
  SHA256_CTX outer;  // chaining state after K' ^ opad
  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() {
    OPENSSL_cleanse(&inner, sizeof inner);
    OPENSSL_cleanse(&outer, sizeof outer);
  }
};

HmacSha256Keyed::HmacSha256Keyed(ByteView key) : impl_(std::make_unique<Impl>()) {
  std::array<uint8_t, kSha256BlockSize> block{};
  if (key.size() > kSha256BlockSize) {
    Digest hashed = Sha256(key);
    std::copy(hashed.begin(), hashed.end(), block.begin());
    OPENSSL_cleanse(hashed.data(), hashed.size());
  } else {
    std::copy(key.begin(), key.end(), block.begin());
  }
  std::array<uint8_t, kSha256BlockSize> pad;
  for (size_t i = 0; i < block.size(); ++i) {
    pad[i] = block[i] ^ 0x36;
  }
  Sha256AfterBlock(pad, &impl_->inner);
  for (size_t i = 0; i < block.size(); ++i) {
    pad[i] = block[i] ^ 0x5c;
  }
  Sha256AfterBlock(pad, &impl_->outer);
  OPENSSL_cleanse(block.data(), block.size());
  OPENSSL_cleanse(pad.data(), pad.size());
}

HmacSha256Keyed::~HmacSha256Keyed() = default;
HmacSha256Keyed::HmacSha256Keyed(HmacSha256Keyed&&) noexcept = default;
HmacSha256Keyed& HmacSha256Keyed::operator=(HmacSha256Keyed&&) noexcept = default;

Digest HmacSha256Keyed::Mac(ByteView message) {
  // The inner digest goes straight into the outer block, then 0x80, zeros and
  // the outer length, (64 + 32) * 8 = 768 = 0x0300 bits. No wiping of `state`:
  // once a block has gone through it, it no longer reveals the prepared
  // (key-equivalent) state it started from.
  alignas(16) uint8_t outer_block[kSha256BlockSize] = {};
  SHA256_CTX state = impl_->inner;
  Sha256FinishAfterBlock(&state, message, outer_block);
  outer_block[32] = 0x80;
  outer_block[62] = 0x03;
  state = impl_->outer;
  Sha256Block(&state, outer_block);
  Digest out;
  StoreState(state, out.data());
  return out;
}

Digest HmacSha256(ByteView key, ByteView message) {
  // HMAC() reads key_len bytes at key: give it a valid pointer for an empty key.
  static constexpr uint8_t kNoKey = 0;
  Digest out;
  unsigned int len = 0;
  if (HMAC(Sha256Md(), key.empty() ? &kNoKey : key.data(), static_cast<int>(key.size()),
           message.data(), message.size(), out.data(), &len) == nullptr ||
      len != out.size()) {
    Die("HMAC");
  }
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
