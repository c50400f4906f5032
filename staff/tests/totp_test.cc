#include "garant/staff/totp.h"

#include <gtest/gtest.h>

#include <set>
#include <vector>

namespace garant::staff {
namespace {

TimePoint At(int64_t unix_seconds) { return FromUnixMicros(unix_seconds * 1'000'000); }

const std::string kRfcKey = "12345678901234567890";  // RFC 4226 / RFC 6238 SHA-1 seed

TEST(TotpTest, HotpMatchesRfc4226AppendixD) {
  const uint32_t expected[] = {755224, 287082, 359152, 969429, 338314,
                               254676, 287922, 162583, 399871, 520489};
  for (uint64_t c = 0; c < 10; ++c) {
    EXPECT_EQ(Hotp(AsBytes(kRfcKey), c), expected[c]) << "counter " << c;
  }
}

TEST(TotpTest, TotpMatchesRfc6238AppendixB) {
  // Unix time -> the 8-digit SHA-1 TOTP of RFC 6238, Appendix B.
  const std::pair<int64_t, const char*> vectors[] = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
  };
  for (const auto& [t, code] : vectors) {
    const int64_t step = TotpStep(At(t));
    EXPECT_EQ(FormatOtp(Hotp(AsBytes(kRfcKey), static_cast<uint64_t>(step), 8), 8), code) << t;
  }
}

TEST(TotpTest, StepsAreThirtySecondsFromTheEpoch) {
  EXPECT_EQ(TotpStep(At(0)), 0);
  EXPECT_EQ(TotpStep(At(29)), 0);
  EXPECT_EQ(TotpStep(At(30)), 1);
  EXPECT_EQ(TotpStep(At(59)), 1);
  EXPECT_EQ(TotpStep(FromUnixMicros(59'999'999)), 1);
  EXPECT_EQ(TotpStep(At(60)), 2);
}

TEST(TotpTest, Base32MatchesRfc4648AndRoundTrips) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},
      {"f", "MY"},
      {"fo", "MZXQ"},
      {"foo", "MZXW6"},
      {"foob", "MZXW6YQ"},
      {"fooba", "MZXW6YTB"},
      {"foobar", "MZXW6YTBOI"},
  };
  for (const auto& [plain, b32] : vectors) {
    EXPECT_EQ(Base32Encode(AsBytes(plain)), b32);
    auto back = Base32Decode(b32);
    ASSERT_TRUE(back.ok()) << b32;
    EXPECT_EQ(std::string(AsString(*back)), plain);
  }
  auto lower = Base32Decode("mzxw 6ytb oi==");
  ASSERT_TRUE(lower.ok());
  EXPECT_EQ(std::string(AsString(*lower)), "foobar");
  EXPECT_FALSE(Base32Decode("MZXW1").ok());  // '1' is not Base32
  EXPECT_FALSE(Base32Decode("M").ok());      // one symbol cannot make a byte
  EXPECT_FALSE(Base32Decode("MZX").ok());
}

TEST(TotpTest, AcceptsTheCurrentStepAndOneEitherSide) {
  const int64_t now_s = 1'700'000'015;
  const int64_t step = TotpStep(At(now_s));
  for (int64_t s : {step - 1, step, step + 1}) {
    std::string code = FormatOtp(Hotp(AsBytes(kRfcKey), static_cast<uint64_t>(s)));
    auto m = MatchTotp(AsBytes(kRfcKey), code, At(now_s), -1);
    ASSERT_TRUE(m.has_value()) << s;
    EXPECT_EQ(*m, s);
  }
  for (int64_t s : {step - 2, step + 2}) {
    std::string code = FormatOtp(Hotp(AsBytes(kRfcKey), static_cast<uint64_t>(s)));
    EXPECT_FALSE(MatchTotp(AsBytes(kRfcKey), code, At(now_s), -1).has_value()) << s;
  }
}

TEST(TotpTest, ACodeAlreadyUsedOrOlderIsRefused) {
  const int64_t now_s = 1'700'000'015;
  const int64_t step = TotpStep(At(now_s));
  std::string code = FormatOtp(Hotp(AsBytes(kRfcKey), static_cast<uint64_t>(step)));
  EXPECT_TRUE(MatchTotp(AsBytes(kRfcKey), code, At(now_s), step - 1).has_value());
  EXPECT_FALSE(MatchTotp(AsBytes(kRfcKey), code, At(now_s), step).has_value());  // replay
  std::string previous = FormatOtp(Hotp(AsBytes(kRfcKey), static_cast<uint64_t>(step - 1)));
  EXPECT_FALSE(MatchTotp(AsBytes(kRfcKey), previous, At(now_s), step).has_value());
  std::string next = FormatOtp(Hotp(AsBytes(kRfcKey), static_cast<uint64_t>(step + 1)));
  EXPECT_TRUE(MatchTotp(AsBytes(kRfcKey), next, At(now_s), step).has_value());
}

TEST(TotpTest, RefusesMalformedCodes) {
  const TimePoint now = At(1'700'000'015);
  std::string good = FormatOtp(Hotp(AsBytes(kRfcKey), static_cast<uint64_t>(TotpStep(now))));
  EXPECT_TRUE(MatchTotp(AsBytes(kRfcKey), good.substr(0, 3) + " " + good.substr(3), now, -1));
  for (const std::string& bad :
       std::vector<std::string>{"", good.substr(0, 5), good + "0", "abcdef",
                                good.substr(0, 5) + "x", std::string("-") + good.substr(1)}) {
    EXPECT_FALSE(MatchTotp(AsBytes(kRfcKey), bad, now, -1).has_value()) << bad;
  }
  EXPECT_FALSE(MatchTotp(AsBytes("another key........."), good, now, -1).has_value());
}

TEST(TotpTest, OtpauthUriNamesIssuerAccountAndParameters) {
  EXPECT_EQ(OtpauthUri("garant SOS Médecins", "dpo", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/garant%20SOS%20M%C3%A9decins:dpo?secret=JBSWY3DPEHPK3PXP"
            "&issuer=garant%20SOS%20M%C3%A9decins&algorithm=SHA1&digits=6&period=30");
}

class CountingRandom final : public Random {
 public:
  void Fill(std::span<uint8_t> out) override {
    for (auto& b : out) b = next_++;
  }

 private:
  uint8_t next_ = 0;
};

TEST(TotpTest, RecoveryCodesAreDistinctGroupedAndCanonical) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    std::string code = NewRecoveryCode(SecureRandom::Instance());
    ASSERT_EQ(code.size(), 19u) << code;
    EXPECT_EQ(code[4], '-');
    EXPECT_EQ(code[9], '-');
    EXPECT_EQ(code[14], '-');
    std::string canonical = CanonicalRecoveryCode(code);
    EXPECT_EQ(canonical.size(), 16u) << code;
    std::string shouted = code;
    for (char& c : shouted) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(CanonicalRecoveryCode(" " + shouted + " "), canonical);
    seen.insert(canonical);
  }
  EXPECT_EQ(seen.size(), 50u);
  CountingRandom counting;  // every byte value: no character outside the alphabet
  for (int i = 0; i < 20; ++i)
    EXPECT_FALSE(CanonicalRecoveryCode(NewRecoveryCode(counting)).empty());
  EXPECT_EQ(CanonicalRecoveryCode("aaaa-bbbb-cccc-dddd"), "");  // 'b' is not in the alphabet
  EXPECT_EQ(CanonicalRecoveryCode("acde-fghj"), "");            // too short
  EXPECT_EQ(CanonicalRecoveryCode("123456"), "");
}

TEST(TotpTest, RecoveryHashDependsOnAccountAndCode) {
  EXPECT_EQ(RecoveryCodeHash(1, "acdefghjkmnpqrtu").size(), 32u);
  EXPECT_NE(RecoveryCodeHash(1, "acdefghjkmnpqrtu"), RecoveryCodeHash(2, "acdefghjkmnpqrtu"));
  EXPECT_NE(RecoveryCodeHash(1, "acdefghjkmnpqrtu"), RecoveryCodeHash(1, "acdefghjkmnpqrtv"));
  EXPECT_TRUE(LooksLikeTotpCode("123 456"));
  EXPECT_FALSE(LooksLikeTotpCode("acde-fghj"));
  EXPECT_FALSE(LooksLikeTotpCode(""));
}

}  // namespace
}  // namespace garant::staff
