// HMAC-SHA-256: the one-shot HmacSha256 (OpenSSL's HMAC) and the bulk
// HmacSha256Keyed (prepared SHA-256 states), see crypto.h.
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>

#include "crypto_internal.h"
#include "garant/core/crypto.h"

namespace garant::crypto {

using internal::Check;
using internal::Die;
using internal::kSha256BlockSize;
using internal::Sha256Md;

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

}  // namespace garant::crypto
