// The pure part of the idempotency keys: the key rules, the stored digest,
// and the two-layer seal of an answer (idempotency.h).
#include "garant/consent/idempotency.h"

#include <gtest/gtest.h>

#include <string>

namespace garant::consent {
namespace {

crypto::KeyRing Ring(uint8_t fill) {
  crypto::MasterSecret m{};
  m.fill(fill);
  return crypto::KeyRing(m);
}

TEST(IdempotencyKeyTest, AcceptsOneTo255PrintableAsciiCharacters) {
  EXPECT_TRUE(CheckIdempotencyKey("a").ok());
  EXPECT_TRUE(CheckIdempotencyKey("8e03978e-40d5-43e8-bc93-6894a57f9324").ok());
  EXPECT_TRUE(CheckIdempotencyKey(" ~!\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}").ok());
  EXPECT_TRUE(CheckIdempotencyKey(std::string(255, 'k')).ok());
}

TEST(IdempotencyKeyTest, RefusesEmptyTooLongAndNonPrintableKeysWithAReason) {
  for (const std::string& key :
       {std::string(), std::string(256, 'k'), std::string("a\tb"), std::string("a\x7f"),
        std::string("a\x1f"), std::string("caf\xc3\xa9"), std::string("a\0b", 3)}) {
    Status s = CheckIdempotencyKey(key);
    EXPECT_EQ(s.code(), Code::kInvalidArgument) << key;
    EXPECT_EQ(s.reason(), kReasonIdempotencyKeyInvalid) << key;
    EXPECT_NE(s.message().find("Idempotency-Key"), std::string::npos);
  }
  EXPECT_NE(CheckIdempotencyKey(std::string(256, 'k')).message().find("255"), std::string::npos);
  EXPECT_NE(CheckIdempotencyKey("").message().find("empty"), std::string::npos);
}

TEST(IdempotencyKeyTest, TheDigestIsDomainSeparatedSha256) {
  const crypto::Digest d = IdempotencyKeyDigest("k-1");
  EXPECT_EQ(d, crypto::Sha256(std::string("garant-idempotency-key-v1|k-1")));
  EXPECT_NE(d, crypto::Sha256(std::string("k-1")));
  EXPECT_NE(d, IdempotencyKeyDigest("k-2"));
}

TEST(IdempotencyAnswerTest, OpensWithTheRingTheClientsKeyAndTheRowOnly) {
  const crypto::KeyRing ring = Ring(0x22);
  const std::string body = R"({"reference":"OPP-7K3M-9QXD","code":"4F7Q-ZT2M-8XKD"})";
  const crypto::Sealed s = SealAnswer(ring, "k-1", "row-1", body);
  EXPECT_EQ(s.key_id, ring.current_id());
  EXPECT_EQ(std::string(AsString(s.bytes)).find("4F7Q"), std::string::npos);
  auto opened = OpenAnswer(ring, s.key_id, "k-1", "row-1", s.bytes);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(*opened, body);
  // Another client key, another row, another ring, altered bytes: nothing.
  EXPECT_EQ(OpenAnswer(ring, s.key_id, "k-2", "row-1", s.bytes).status().code(), Code::kDataLoss);
  EXPECT_EQ(OpenAnswer(ring, s.key_id, "k-1", "row-2", s.bytes).status().code(), Code::kDataLoss);
  const crypto::KeyRing other = Ring(0x33);
  EXPECT_FALSE(OpenAnswer(other, s.key_id, "k-1", "row-1", s.bytes).ok());
  Bytes altered = s.bytes;
  altered[altered.size() / 2] ^= 1;
  EXPECT_EQ(OpenAnswer(ring, s.key_id, "k-1", "row-1", altered).status().code(), Code::kDataLoss);
}

}  // namespace
}  // namespace garant::consent
