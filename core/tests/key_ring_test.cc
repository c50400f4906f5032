#include "garant/core/key_ring.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "garant/core/bytes.h"

namespace garant::crypto {
namespace {

std::string Hex(ByteView b) { return HexEncode(b); }

MasterSecret Counting() {
  MasterSecret m{};
  for (size_t i = 0; i < m.size(); ++i) m[i] = static_cast<uint8_t>(i);
  return m;
}

MasterSecret Filled(uint8_t v) {
  MasterSecret m{};
  m.fill(v);
  return m;
}

// RFC 5869 appendix A, test cases 1 and 3 (SHA-256).
TEST(HkdfSha256Test, Rfc5869Case1) {
  const Bytes ikm(22, 0x0b);
  const Bytes salt = *HexDecode("000102030405060708090a0b0c");
  const Bytes info = *HexDecode("f0f1f2f3f4f5f6f7f8f9");
  EXPECT_EQ(Hex(HkdfSha256(ikm, salt, info, 42)),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
}

TEST(HkdfSha256Test, Rfc5869Case3NoSaltNoInfo) {
  const Bytes ikm(22, 0x0b);
  EXPECT_EQ(Hex(HkdfSha256(ikm, {}, {}, 42)),
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
}

// The derivations of garant, fixed: a change here makes every stored value
// unreadable. Computed independently (Python hmac/hashlib, RFC 5869 by hand).
TEST(KeyDerivationTest, VectorsForTheLabels) {
  const MasterSecret m = Counting();
  EXPECT_EQ(Hex(DeriveKey(m, kLabelSeal)),
            "885f2c0a37d9a681f8810b8e4d5c12bdb1dceb1711265ecee42cf284962e9358");
  EXPECT_EQ(Hex(DeriveKey(m, kLabelReceiptCode)),
            "8b89a8fdb5d6377d2c853f7d23021dc42fd3736e455ef40613af3a273494647b");
  EXPECT_EQ(Hex(DeriveKey(m, kLabelAnonymousCsrf)),
            "e16974e2818b3157f76cb4f4b6e98dd67113277ffc65a807f8b057c5ac3fb000");
  EXPECT_EQ(KeyIdOf(m), 1590464666);
  EXPECT_EQ(KeyIdOf(Filled(0x22)), 2141066425);
}

TEST(KeyDerivationTest, PurposesGetDistinctKeysNeverTheMaster) {
  const MasterSecret m = Counting();
  const auto seal = DeriveKey(m, kLabelSeal);
  const auto code = DeriveKey(m, kLabelReceiptCode);
  EXPECT_NE(seal, code);
  EXPECT_NE(seal, m);
  EXPECT_NE(code, m);
  EXPECT_NE(KeyIdOf(m), kLegacyKeyId);
}

TEST(KeyRingTest, SealsUnderTheDerivedKeyWithItsId) {
  const KeyRing ring(Counting());
  const Sealed s = ring.Seal(AsBytes("secret"), AsBytes("aad"));
  EXPECT_EQ(s.key_id, KeyIdOf(Counting()));
  // The derived key opens it, the master itself does not.
  EXPECT_TRUE(Aes256GcmOpen(DeriveKey(Counting(), kLabelSeal), s.bytes, AsBytes("aad")).ok());
  EXPECT_FALSE(Aes256GcmOpen(Counting(), s.bytes, AsBytes("aad")).ok());
  auto opened = ring.Open(s.key_id, s.bytes, AsBytes("aad"));
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(AsString(*opened), "secret");
  EXPECT_EQ(ring.Open(s.key_id, s.bytes, AsBytes("other")).status().code(), Code::kDataLoss);
}

TEST(KeyRingTest, LegacyValuesOpenUnderTheMasterCurrentOrPrevious) {
  const Bytes legacy_a = Aes256GcmSeal(Filled(0xa1), AsBytes("old"), AsBytes("aad"));
  const KeyRing only_a(Filled(0xa1));
  EXPECT_TRUE(only_a.Open(kLegacyKeyId, legacy_a, AsBytes("aad")).ok());
  const KeyRing b_after_a(Filled(0xb2), Filled(0xa1));
  auto opened = b_after_a.Open(kLegacyKeyId, legacy_a, AsBytes("aad"));
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(AsString(*opened), "old");
  const KeyRing only_b(Filled(0xb2));
  EXPECT_EQ(only_b.Open(kLegacyKeyId, legacy_a, AsBytes("aad")).status().code(), Code::kDataLoss);
}

TEST(KeyRingTest, PreviousKeyOpensItsOwnIdOnly) {
  const KeyRing a(Filled(0xa1));
  const Sealed s = a.Seal(AsBytes("x"), {});
  const KeyRing b_after_a(Filled(0xb2), Filled(0xa1));
  EXPECT_EQ(b_after_a.previous_id(), a.current_id());
  EXPECT_TRUE(b_after_a.Open(s.key_id, s.bytes, {}).ok());
  const KeyRing only_b(Filled(0xb2));
  EXPECT_EQ(only_b.Open(s.key_id, s.bytes, {}).status().code(), Code::kDataLoss);
  EXPECT_EQ(only_b.Open(12345, s.bytes, {}).status().code(), Code::kDataLoss);
}

TEST(KeyRingTest, ReceiptCodeKeysPerId) {
  const KeyRing b_after_a(Filled(0xb2), Filled(0xa1));
  EXPECT_EQ(b_after_a.receipt_code_key(), DeriveKey(Filled(0xb2), kLabelReceiptCode));
  auto cur = b_after_a.ReceiptCodeKeys(b_after_a.current_id());
  ASSERT_EQ(cur.size(), 1u);
  EXPECT_EQ(cur[0], b_after_a.receipt_code_key());
  auto prev = b_after_a.ReceiptCodeKeys(*b_after_a.previous_id());
  ASSERT_EQ(prev.size(), 1u);
  EXPECT_EQ(prev[0], DeriveKey(Filled(0xa1), kLabelReceiptCode));
  auto legacy = b_after_a.ReceiptCodeKeys(kLegacyKeyId);
  ASSERT_EQ(legacy.size(), 2u);
  EXPECT_EQ(legacy[1], HmacSha256(Filled(0xa1), AsBytes(kLegacyReceiptCodeDomain)));
  EXPECT_TRUE(b_after_a.ReceiptCodeKeys(7).empty());
}

}  // namespace
}  // namespace garant::crypto
