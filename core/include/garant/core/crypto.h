// Cryptographic primitives over OpenSSL 3. Every OpenSSL handle is owned by an
// RAII type inside crypto.cc; none appears here.
//
// Thread-safety: free functions are thread-safe. Objects (Sha256, HmacSha256,
// Ed25519PrivateKey) may be used from one thread at a time; const methods of
// Ed25519PrivateKey/Ed25519PublicKey are thread-safe.
// Errors: functions that take untrusted input return Result/Status;
// failures of OpenSSL itself on valid input abort (nothing safe to do).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "garant/core/bytes.h"
#include "garant/core/status.h"

namespace garant::crypto {

using Digest = std::array<uint8_t, 32>;

// SHA-256 (FIPS 180-4).
Digest Sha256(ByteView data);
inline Digest Sha256(std::string_view s) { return Sha256(AsBytes(s)); }

// Incremental SHA-256. Move-only.
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(Sha256Hasher&&) noexcept;
  Sha256Hasher& operator=(Sha256Hasher&&) noexcept;
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;

  void Update(ByteView data);
  void Update(std::string_view s) { Update(AsBytes(s)); }
  // Returns the digest and resets the hasher for reuse.
  Digest Finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// HMAC-SHA-256 (RFC 2104 / RFC 4231), by OpenSSL's own HMAC (its providers).
Digest HmacSha256(ByteView key, ByteView message);

// A keyed HMAC-SHA-256 computer, for many messages under one key (the
// ingestion filter computes millions). The key's inner and outer SHA-256
// states are prepared once; each Mac then runs the SHA-256 block function
// directly (no allocation; outside OpenSSL's providers, so not a FIPS-module
// service). Same results as HmacSha256 for every key and message.
// Move-only; one thread at a time (make one per thread); a moved-from object
// may only be destroyed or assigned to.
class HmacSha256Keyed {
 public:
  explicit HmacSha256Keyed(ByteView key);
  ~HmacSha256Keyed();
  HmacSha256Keyed(HmacSha256Keyed&&) noexcept;
  HmacSha256Keyed& operator=(HmacSha256Keyed&&) noexcept;
  HmacSha256Keyed(const HmacSha256Keyed&) = delete;
  HmacSha256Keyed& operator=(const HmacSha256Keyed&) = delete;

  Digest Mac(ByteView message);
  Digest Mac(std::string_view message) { return Mac(AsBytes(message)); }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Ed25519 (RFC 8032), pure mode.
using Ed25519Signature = std::array<uint8_t, 64>;
using Ed25519PublicKeyBytes = std::array<uint8_t, 32>;
using Ed25519Seed = std::array<uint8_t, 32>;

Result<Ed25519PublicKeyBytes> Ed25519PublicFromSeed(const Ed25519Seed& seed);
Result<Ed25519Signature> Ed25519Sign(const Ed25519Seed& seed, ByteView message);
bool Ed25519Verify(const Ed25519PublicKeyBytes& pub, ByteView message, const Ed25519Signature& sig);

// AES-256-GCM with a random 96-bit nonce. Sealed format:
//   nonce (12 bytes) || ciphertext || tag (16 bytes)
// aad is authenticated, not encrypted (bind the ciphertext to its row/purpose).
using Aes256Key = std::array<uint8_t, 32>;
Bytes Aes256GcmSeal(const Aes256Key& key, ByteView plaintext, ByteView aad);
// Fails with kDataLoss when the tag does not verify (tampered or wrong key/aad)
// or when sealed is shorter than nonce + tag (28 bytes).
Result<Bytes> Aes256GcmOpen(const Aes256Key& key, ByteView sealed, ByteView aad);
// Same, with an explicit nonce (for known-answer tests only).
Bytes Aes256GcmSealWithNonce(const Aes256Key& key, const std::array<uint8_t, 12>& nonce,
                             ByteView plaintext, ByteView aad);

// PBKDF2-HMAC-SHA256 (RFC 8018). Requires 1 <= iterations <= INT_MAX and
// 1 <= out_len <= INT_MAX (programming errors otherwise: aborts).
Bytes Pbkdf2Sha256(std::string_view password, ByteView salt, uint32_t iterations, size_t out_len);

}  // namespace garant::crypto
