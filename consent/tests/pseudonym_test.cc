// Tokens of Pseudonymisation v1: messages, order, and an oracle independent of
// garant's code.

#include "garant/consent/pseudonym.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "garant/consent/identity.h"
#include "garant/core/bytes.h"
#include "garant/core/crypto.h"
#include "garant/core/status.h"

namespace garant::consent {
namespace {

constexpr int kYear = 2025;

PseudonymKey TestKey() {  // 00 01 02 ... 1f, the key of the worked vectors
  PseudonymKey key{};
  for (size_t i = 0; i < key.size(); ++i) {
    key[i] = static_cast<uint8_t>(i);
  }
  return key;
}

IdentityTraits Traits(std::string birth_name, std::string given_names, std::string birth_date,
                      std::string sex) {
  IdentityTraits t;
  t.birth_name = std::move(birth_name);
  t.given_names = std::move(given_names);
  t.birth_date = std::move(birth_date);
  t.sex = std::move(sex);
  return t;
}

// The independent oracle. These values were computed once by hand, outside
// garant, with the OpenSSL command line (OpenSSL 3.0), e.g.
//   printf '%s' 'garant-v1|traits|DUPONT|MARIE|19850314|F' | openssl dgst -sha256
//     -mac HMAC -macopt hexkey:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
// and pasted here. They must never be regenerated from garant's own output.
TEST(PseudonymOracleTest, MatchesOpensslCommandLine) {
  const PseudonymKey key = TestKey();
  Result<std::vector<std::string>> basic =
      ComputeTokens(key, Traits("Dupont", "Marie", "1985-03-14", "F"), kYear);
  ASSERT_TRUE(basic.ok()) << basic.status().ToString();
  EXPECT_EQ(basic.value(), std::vector<std::string>{
                               "e849f8d75cbcd58df2fbb330534e95d16b47cf67f732262ee96dbb0fbb83ef60"});

  // "Jean-Christophe Marie": JEAN CHRISTOPHE then JEAN.
  Result<std::vector<std::string>> compound =
      ComputeTokens(key, Traits("Martin", "Jean-Christophe Marie", "1978-05-30", "M"), kYear);
  ASSERT_TRUE(compound.ok()) << compound.status().ToString();
  EXPECT_EQ(compound.value(),
            (std::vector<std::string>{
                "2395da95974dbe06733cab098d77e8c9884b77229cebe486ed3c7ab75d67b3d1",
                "47b4bddf2516964131280550a871d9d6b90af1c81ba2053330409686dcc8670e"}));

  // Corsican INS, typed in lowercase: message "garant-v1|ins|269052A00401228".
  IdentityTraits corsica = Traits("Santoni", "Marie-Jos\u00e9e", "1969-05-11", "f");
  corsica.ins = "269052a00401228";
  Result<std::vector<std::string>> with_ins = ComputeTokens(key, corsica, kYear);
  ASSERT_TRUE(with_ins.ok()) << with_ins.status().ToString();
  ASSERT_EQ(with_ins.value().size(), 3u);
  EXPECT_EQ(with_ins.value()[2],
            "939cb781130d476745f9f43c9f9ddd38a21253e4718159a0d724640ef3a5c2c7");
}

TEST(TokenMessagesTest, CanonicalOrder) {
  NormalizedIdentity id;
  id.names = {"MARTIN", "DURAND MARTIN"};
  id.given_names = {"JEAN PIERRE", "JEAN"};
  id.birth_date = "19801225";
  id.sex = "M";
  id.ins = "185057800608491";
  EXPECT_EQ(TokenMessages(id), (std::vector<std::string>{
                                   "garant-v1|traits|MARTIN|JEAN PIERRE|19801225|M",
                                   "garant-v1|traits|MARTIN|JEAN|19801225|M",
                                   "garant-v1|traits|DURAND MARTIN|JEAN PIERRE|19801225|M",
                                   "garant-v1|traits|DURAND MARTIN|JEAN|19801225|M",
                                   "garant-v1|ins|185057800608491",
                               }));
  EXPECT_EQ(TokenMessages(id).size(), kMaxTokensPerIdentity);
}

TEST(ComputeTokensTest, TokensAreHmacOfTheMessagesInLowercaseHex) {
  const PseudonymKey key = TestKey();
  IdentityTraits t = Traits("Martin", "Jean-Pierre", "1980-12-25", "M");
  t.used_name = "Durand-Martin";
  t.ins = "185057800608491";
  const NormalizedIdentity id = NormalizeIdentity(t, kYear).value();
  const std::vector<std::string> messages = TokenMessages(id);
  const std::vector<std::string> tokens = ComputeTokens(key, t, kYear).value();
  ASSERT_EQ(tokens.size(), messages.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    EXPECT_EQ(tokens[i], HexEncode(crypto::HmacSha256(key, AsBytes(messages[i]))));
    EXPECT_EQ(tokens[i].size(), 64u);
    EXPECT_EQ(tokens[i].find_first_not_of("0123456789abcdef"), std::string::npos);
  }
}

TEST(ComputeTokensTest, DifferentWritingsOfOnePersonShareTheirTokens) {
  const PseudonymKey key = TestKey();
  const std::vector<std::string> form =
      ComputeTokens(key, Traits("Lef\u00e8vre", "\u00c9lodie", "1990-07-21", "F"), kYear).value();
  for (const IdentityTraits& other :
       {Traits("LEFEVRE", "ELODIE", "1990-07-21", "f"),
        Traits("Lefe\u0300vre", "E\u0301lodie, Anne", "1990-07-21", "F"),
        Traits("  lef\u00e8vre ", "\u00e9lodie\u00a0anne", "1990-07-21", "F")}) {
    EXPECT_EQ(ComputeTokens(key, other, kYear).value(), form) << other.birth_name;
  }
  // A compound given name shares its G2 token with the short form.
  const std::vector<std::string> long_form =
      ComputeTokens(key, Traits("Martin", "Jean-Christophe", "1978-05-30", "M"), kYear).value();
  const std::vector<std::string> short_form =
      ComputeTokens(key, Traits("Martin", "Jean", "1978-05-30", "M"), kYear).value();
  ASSERT_EQ(long_form.size(), 2u);
  EXPECT_EQ(long_form[1], short_form[0]);
}

TEST(ComputeTokensTest, KeyMatters) {
  PseudonymKey other = TestKey();
  other[31] ^= 1;
  const IdentityTraits t = Traits("Dupont", "Marie", "1985-03-14", "F");
  EXPECT_NE(ComputeTokens(TestKey(), t, kYear).value(), ComputeTokens(other, t, kYear).value());
}

TEST(ComputeTokensTest, InvalidIdentityHasNoTokens) {
  const PseudonymKey key = TestKey();
  Result<std::vector<std::string>> r =
      ComputeTokens(key, Traits("Dupont", "Marie", "1985-02-30", "F"), kYear);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(r.status().message().rfind("birth_date: ", 0), 0u) << r.status().message();
}

TEST(PseudonymizerTest, SameTokensAsTheOneShotFunction) {
  const PseudonymKey key = TestKey();
  Pseudonymizer pseudonymizer(key);
  IdentityTraits t = Traits("Martin", "Jean-Pierre", "1980-12-25", "M");
  t.used_name = "Durand-Martin";
  t.ins = "185057800608491";
  const std::vector<std::string> expected = ComputeTokens(key, t, kYear).value();
  for (int round = 0; round < 3; ++round) {  // the reused buffer leaves no trace
    EXPECT_EQ(pseudonymizer.Tokens(t, kYear).value().tokens, expected);
  }
  EXPECT_EQ(
      pseudonymizer.Tokens(Traits("Dupont", "Marie", "1985-03-14", "F"), kYear).value().tokens,
      std::vector<std::string>{"e849f8d75cbcd58df2fbb330534e95d16b47cf67f732262ee96dbb0fbb83ef60"});

  const NormalizedIdentity id = NormalizeIdentity(t, kYear).value();
  std::vector<crypto::Digest> digests;
  pseudonymizer.AppendDigests(id, &digests);
  pseudonymizer.AppendDigests(id, &digests);  // appends, does not replace
  ASSERT_EQ(digests.size(), 2 * expected.size());
  for (size_t i = 0; i < digests.size(); ++i) {
    EXPECT_EQ(HexEncode(digests[i]), expected[i % expected.size()]);
  }
  EXPECT_FALSE(pseudonymizer.Tokens(Traits("Dupont", "Marie", "1985-03-14", "X"), kYear).ok());
}

TEST(PseudonymizerTest, Movable) {
  Pseudonymizer a(TestKey());
  Pseudonymizer b = std::move(a);
  EXPECT_EQ(b.Tokens(Traits("Dupont", "Marie", "1985-03-14", "F"), kYear).value().tokens.size(),
            1u);
}

}  // namespace
}  // namespace garant::consent
