// The bulk HMAC path (HmacSha256Keyed: raw SHA-256 block function, padding
// done by hand) against the one-shot HmacSha256 (OpenSSL's own HMAC through
// its providers), an independent implementation.

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "garant/core/bytes.h"
#include "garant/core/crypto.h"

namespace garant::crypto {
namespace {

Bytes RandomBytes(std::mt19937_64& rng, size_t n) {
  Bytes b(n);
  for (uint8_t& x : b) {
    x = static_cast<uint8_t>(rng());
  }
  return b;
}

// Every message length 0..300 (the padding has its edge cases at 55, 56, 63,
// 64, 119, 120 ... bytes), under random keys of every length class: empty,
// shorter than a block, exactly a block, longer (hashed first).
TEST(HmacSha256FastTest, EveryMessageLengthMatchesOneShot) {
  std::mt19937_64 rng(20261128);
  const size_t key_lengths[] = {0, 1, 16, 32, 63, 64, 65, 100, 131, 200};
  for (const size_t key_len : key_lengths) {
    const Bytes key = RandomBytes(rng, key_len);
    HmacSha256Keyed keyed(key);
    for (size_t len = 0; len <= 300; ++len) {
      const Bytes message = RandomBytes(rng, len);
      ASSERT_EQ(HexEncode(keyed.Mac(message)), HexEncode(HmacSha256(key, message)))
          << "key length " << key_len << ", message length " << len;
    }
  }
}

TEST(HmacSha256FastTest, ManyRandomKeysAndMessages) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<size_t> key_len(0, 150);
  std::uniform_int_distribution<size_t> msg_len(0, 300);
  for (int k = 0; k < 200; ++k) {
    const Bytes key = RandomBytes(rng, key_len(rng));
    HmacSha256Keyed keyed(key);
    for (int m = 0; m < 20; ++m) {
      const Bytes message = RandomBytes(rng, msg_len(rng));
      ASSERT_EQ(keyed.Mac(message), HmacSha256(key, message))
          << "key " << HexEncode(key) << ", message " << HexEncode(message);
    }
  }
}

// The one-shot itself against a hand computation of the definition with plain
// SHA-256, so that the reference is not trusted blindly either.
TEST(HmacSha256FastTest, OneShotMatchesTheDefinition) {
  std::mt19937_64 rng(11);
  for (const size_t key_len : {0, 20, 64, 65, 131}) {
    const Bytes key = RandomBytes(rng, key_len);
    Bytes block(64, 0);
    if (key.size() > 64) {
      const Digest hashed = Sha256(key);
      std::copy(hashed.begin(), hashed.end(), block.begin());
    } else {
      std::copy(key.begin(), key.end(), block.begin());
    }
    for (const size_t len : {0, 1, 55, 56, 64, 119, 120, 300}) {
      const Bytes message = RandomBytes(rng, len);
      Bytes inner_input, outer_input;
      for (const uint8_t b : block) inner_input.push_back(b ^ 0x36);
      inner_input.insert(inner_input.end(), message.begin(), message.end());
      const Digest inner = Sha256(inner_input);
      for (const uint8_t b : block) outer_input.push_back(b ^ 0x5c);
      outer_input.insert(outer_input.end(), inner.begin(), inner.end());
      EXPECT_EQ(HmacSha256(key, message), Sha256(outer_input))
          << "key length " << key_len << ", message length " << len;
      EXPECT_EQ(HmacSha256Keyed(key).Mac(message), Sha256(outer_input))
          << "key length " << key_len << ", message length " << len;
    }
  }
}

// The prepared state is not consumed by a Mac, and survives a move.
TEST(HmacSha256FastTest, InterleavedKeysStayIndependent) {
  std::mt19937_64 rng(3);
  const Bytes key_a = RandomBytes(rng, 32);
  const Bytes key_b = RandomBytes(rng, 32);
  HmacSha256Keyed a(key_a);
  HmacSha256Keyed b(key_b);
  const Bytes message = RandomBytes(rng, 46);
  const Digest first_a = a.Mac(message);
  EXPECT_NE(first_a, b.Mac(message));
  HmacSha256Keyed moved(std::move(a));
  EXPECT_EQ(moved.Mac(message), first_a);
  EXPECT_EQ(moved.Mac(message), HmacSha256(key_a, message));
  EXPECT_EQ(b.Mac(message), HmacSha256(key_b, message));
}

}  // namespace
}  // namespace garant::crypto
