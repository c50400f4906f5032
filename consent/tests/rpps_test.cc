// The "rpps" extension of Pseudonymisation v1 (docs/pseudonymisation-v1-rpps.md):
// validation of RPPS numbers and their tokens, against values computed by the
// OpenSSL command line (an oracle independent of garant's code).

#include "garant/consent/rpps.h"

#include <gtest/gtest.h>

#include <string>

#include "garant/consent/objection.h"
#include "garant/consent/pseudonym.h"
#include "garant/core/bytes.h"
#include "garant/core/crypto.h"

namespace garant::consent {
namespace {

PseudonymKey TestKey() {  // 00 01 02 ... 1f, the key of the worked vectors
  PseudonymKey key{};
  for (size_t i = 0; i < key.size(); ++i) key[i] = static_cast<uint8_t>(i);
  return key;
}

// Each token: printf '%s' 'garant-v1|rpps|<rpps>' | openssl dgst -sha256 -mac HMAC
// -macopt hexkey:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
struct Vector {
  const char* rpps;
  const char* token;
};
constexpr Vector kVectors[] = {
    {"10001234567", "bc3dcaead1707ed6df7d1bdcf2801e1363e6f5f554d1ea502b4fa65395fc2e3b"},
    {"10003456782", "cb639fd59893e2a807a25bd002df8a6d1bcc1b004d1bc891b972645772be5157"},
    {"81234567890", "9ba8713fd35628b46c3e51a30469c6b725b8793d122dd909cc08b73800bbd678"},
    {"00000000000", "aff9c6df0b4422b93fcdf268b0ae1bd991390ababa015c7b096fe5b86f76ffbb"},
};

TEST(RppsTest, TokensMatchTheOpenSslVectors) {
  const PseudonymKey key = TestKey();
  crypto::HmacSha256Keyed fast(key);
  for (const Vector& v : kVectors) {
    EXPECT_EQ(RppsMessage(v.rpps), std::string("garant-v1|rpps|") + v.rpps);
    auto token = RppsToken(key, v.rpps);
    ASSERT_TRUE(token.ok()) << v.rpps << ": " << token.status().ToString();
    EXPECT_EQ(*token, v.token) << v.rpps;
    // The filter's fast path gives the same token.
    EXPECT_EQ(HexEncode(RppsDigest(fast, v.rpps)), v.token) << v.rpps;
  }
}

TEST(RppsTest, TheDocumentStatesTheSameVectors) {
  // docs/pseudonymisation-v1-rpps.md §4 lists the same values (a reader
  // reimplementing the extension checks against it).
  std::string doc;
  {
    FILE* f = std::fopen(GARANT_SOURCE_DIR "/docs/pseudonymisation-v1-rpps.md", "rb");
    ASSERT_NE(f, nullptr);
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) doc.append(buf, n);
    std::fclose(f);
  }
  for (const Vector& v : kVectors) {
    EXPECT_NE(doc.find(std::string("| `") + v.rpps + "` |"), std::string::npos) << v.rpps;
    EXPECT_NE(doc.find(v.token), std::string::npos) << v.token;
  }
}

TEST(RppsTest, ADifferentKeyOrNumberGivesAnotherToken) {
  PseudonymKey other = TestKey();
  other[0] ^= 1;
  EXPECT_NE(*RppsToken(other, "10001234567"), kVectors[0].token);
  EXPECT_NE(*RppsToken(TestKey(), "10001234568"), kVectors[0].token);
}

TEST(RppsTest, NeverEqualsAPatientMessage) {
  // The prefix keeps the kinds apart: no patient message starts with it.
  EXPECT_NE(kRppsMessagePrefix, kTraitsMessagePrefix);
  EXPECT_NE(kRppsMessagePrefix, kInsMessagePrefix);
  EXPECT_FALSE(std::string_view(kTraitsMessagePrefix).starts_with(kRppsMessagePrefix));
  EXPECT_FALSE(std::string_view(kInsMessagePrefix).starts_with(kRppsMessagePrefix));
}

void ExpectRefused(std::string_view rpps, std::string_view reason) {
  Status st = CheckRpps(rpps);
  EXPECT_EQ(st.code(), Code::kInvalidArgument) << rpps;
  EXPECT_EQ(st.reason(), reason) << rpps;
  EXPECT_TRUE(st.message().starts_with("rpps: ")) << st.message();
  EXPECT_EQ(st.message().find(rpps.empty() ? "\x01" : rpps), std::string::npos)
      << "the message quotes the value";
  EXPECT_FALSE(RppsToken(TestKey(), rpps).ok()) << rpps;
}

TEST(RppsTest, TenDigitsAreRefused) { ExpectRefused("1000123456", kReasonRppsLength); }
TEST(RppsTest, TwelveDigitsAreRefused) { ExpectRefused("100012345678", kReasonRppsLength); }
TEST(RppsTest, LettersAreRefused) {
  ExpectRefused("1000123456A", kReasonRppsNotDigits);
  ExpectRefused("A0001234567", kReasonRppsNotDigits);
}
TEST(RppsTest, SpacesAndOtherDigitsAreRefused) {
  ExpectRefused("10 00 123 4567", kReasonRppsNotDigits);
  ExpectRefused(" 10001234567", kReasonRppsNotDigits);
  ExpectRefused("1000123456\xd9\xa7", kReasonRppsNotDigits);  // Arabic-Indic 7
  ExpectRefused(std::string_view("1000123456\0", 11), kReasonRppsNotDigits);
}
TEST(RppsTest, EmptyIsRefused) { ExpectRefused("", kReasonRppsRequired); }

TEST(RppsTest, TheCheckDigitIsNotVerified) {
  // Documented choice (§2.1): no authoritative Luhn rule was found, so the
  // last digit is never checked: the ten numbers differing only in it are
  // all accepted (at most one of them could satisfy a check-digit rule).
  for (char last = '0'; last <= '9'; ++last) {
    std::string rpps = "1000123456";
    rpps.push_back(last);
    EXPECT_TRUE(CheckRpps(rpps).ok()) << rpps;
  }
}

TEST(RppsTest, TheFormRemovesSeparatorsOnly) {
  EXPECT_EQ(StripRppsSeparators("10 00 123 4567"), "10001234567");
  EXPECT_EQ(StripRppsSeparators("10.00.123.45-67"), "10001234567");
  EXPECT_EQ(StripRppsSeparators("10\xC2\xA0"
                                "00\xE2\x80\xAF"
                                "1234567"),
            "10001234567");
  EXPECT_EQ(StripRppsSeparators("1000123456A"), "1000123456A");  // letters stay (refused later)
}

TEST(RppsTest, AProfessionalsObjectionIsValidatedOnItsOwnFields) {
  const TimePoint now = FromUnixMicros(1'790'000'000'000'000);
  NewObjection o;
  o.subject = SubjectKind::kProfessional;
  o.requester = Requester::kProfessional;
  o.scope = std::string(kScopeProfessional);
  o.rpps = "10001234567";
  EXPECT_TRUE(ValidateObjection(o, now).empty());  // no patient traits needed

  o.rpps = "1000123456";
  auto errors = ValidateObjection(o, now);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "rpps");
  EXPECT_EQ(errors[0].reason, kReasonRppsLength);

  o.rpps = "10001234567";
  o.requester = Requester::kPatient;
  o.scope = "all";
  errors = ValidateObjection(o, now);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].reason, kReasonRequesterForSubject);
  EXPECT_EQ(errors[1].reason, kReasonScopeInvalid);
}

TEST(RppsTest, APatientCannotTakeTheProfessionalScopeOrRequester) {
  const TimePoint now = FromUnixMicros(1'790'000'000'000'000);
  NewObjection o;
  o.traits.birth_name = "DUPONT";
  o.traits.given_names = "Marie";
  o.traits.birth_date = "1985-03-14";
  o.traits.sex = "F";
  EXPECT_TRUE(ValidateObjection(o, now).empty());
  o.scope = std::string(kScopeProfessional);
  auto errors = ValidateObjection(o, now);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].reason, kReasonScopeInvalid);
  o.scope = "all";
  o.requester = Requester::kProfessional;
  errors = ValidateObjection(o, now);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].reason, kReasonRequesterForSubject);
}

TEST(RppsTest, StableNames) {
  EXPECT_EQ(Name(SubjectKind::kProfessional), "professional");
  EXPECT_EQ(Name(SubjectKind::kPatient), "patient");
  EXPECT_EQ(ParseSubjectKind("professional"), SubjectKind::kProfessional);
  EXPECT_EQ(ParseSubjectKind("Professional"), std::nullopt);
  EXPECT_EQ(Name(Requester::kProfessional), "professional");
  EXPECT_EQ(ParseRequester("professional"), Requester::kProfessional);
}

}  // namespace
}  // namespace garant::consent
