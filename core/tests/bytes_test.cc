#include "garant/core/bytes.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace garant {
namespace {

using namespace std::string_view_literals;

std::string DecodeBase64ToString(std::string_view b64) {
  Result<Bytes> r = Base64Decode(b64);
  EXPECT_TRUE(r.ok()) << b64 << ": " << r.status().ToString();
  return r.ok() ? std::string(AsString(*r)) : std::string();
}

TEST(HexTest, EncodeLowercase) {
  EXPECT_EQ(HexEncode({}), "");
  const Bytes b = {0x00, 0x01, 0x7f, 0x80, 0xab, 0xff};
  EXPECT_EQ(HexEncode(b), "00017f80abff");
}

TEST(HexTest, DecodeBothCases) {
  const Result<Bytes> lower = HexDecode("00017f80abff");
  ASSERT_TRUE(lower.ok());
  EXPECT_EQ(*lower, (Bytes{0x00, 0x01, 0x7f, 0x80, 0xab, 0xff}));
  const Result<Bytes> upper = HexDecode("ABFF");
  ASSERT_TRUE(upper.ok());
  EXPECT_EQ(*upper, (Bytes{0xab, 0xff}));
  const Result<Bytes> empty = HexDecode("");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(HexTest, RoundTripAllBytes) {
  Bytes all;
  for (int i = 0; i < 256; ++i) {
    all.push_back(static_cast<uint8_t>(i));
  }
  const Result<Bytes> back = HexDecode(HexEncode(all));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, all);
}

TEST(HexTest, Rejects) {
  for (const char* bad : {"0", "abc", "0g", "g0", "0x00", " 00", "00 ", "-1"}) {
    const Result<Bytes> r = HexDecode(bad);
    EXPECT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument) << bad;
  }
  EXPECT_FALSE(HexDecode("00\0000"sv).ok());
}

TEST(HexTest, OddLengthAndBadDigitMessages) {
  EXPECT_EQ(HexDecode("abc").status().message(), "hex: odd number of digits");
  EXPECT_EQ(HexDecode("00zz").status().message(), "hex: invalid digit at offset 2");
}

TEST(HexTest, LowercaseOnly) {
  const Result<Bytes> lower = HexDecode("abff", HexCase::kLower);
  ASSERT_TRUE(lower.ok());
  EXPECT_EQ(*lower, (Bytes{0xab, 0xff}));
  EXPECT_FALSE(HexDecode("ABFF", HexCase::kLower).ok());
  EXPECT_FALSE(HexDecode("aBff", HexCase::kLower).ok());
}

TEST(HexTest, DigitValue) {
  EXPECT_EQ(HexDigitValue('0'), 0);
  EXPECT_EQ(HexDigitValue('9'), 9);
  EXPECT_EQ(HexDigitValue('a'), 10);
  EXPECT_EQ(HexDigitValue('F'), 15);
  EXPECT_EQ(HexDigitValue('F', HexCase::kLower), -1);
  for (char c : {'g', 'G', ' ', '-', 'x', '\0', '/', ':', '@', '`'}) {
    EXPECT_EQ(HexDigitValue(c), -1) << c;
  }
}

TEST(HexTest, DecodeIntoFixedSize) {
  uint8_t out[2] = {};
  EXPECT_TRUE(HexDecodeInto("0aF0", out));
  EXPECT_EQ(out[0], 0x0a);
  EXPECT_EQ(out[1], 0xf0);
  EXPECT_FALSE(HexDecodeInto("0aF0", out, HexCase::kLower));
  EXPECT_FALSE(HexDecodeInto("0af", out));     // odd
  EXPECT_FALSE(HexDecodeInto("0af000", out));  // too long
  EXPECT_FALSE(HexDecodeInto("0ag0", out));    // bad digit
  EXPECT_TRUE(HexDecodeInto("", std::span<uint8_t>()));
}

TEST(HexTest, IsHexAndAppend) {
  EXPECT_TRUE(IsHex("09afAF"));
  EXPECT_FALSE(IsHex("09afAF", HexCase::kLower));
  EXPECT_TRUE(IsHex("09af", HexCase::kLower));
  EXPECT_FALSE(IsHex(""));
  EXPECT_FALSE(IsHex("0x"));
  std::string out = "k=";
  const Bytes b = {0x01, 0xfe};
  AppendHex(&out, b);
  EXPECT_EQ(out, "k=01fe");
}

// RFC 4648 section 10.
TEST(Base64Test, Rfc4648Vectors) {
  const std::pair<const char*, const char*> kVectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : kVectors) {
    EXPECT_EQ(Base64Encode(AsBytes(plain)), encoded);
    EXPECT_EQ(DecodeBase64ToString(encoded), plain);
  }
}

TEST(Base64Test, StandardAlphabetNotUrl) {
  const Bytes b = {0xfb, 0xff, 0xbf};
  EXPECT_EQ(Base64Encode(b), "+/+/");
  const Result<Bytes> back = Base64Decode("+/+/");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, b);
  EXPECT_FALSE(Base64Decode("-_-_").ok());
}

TEST(Base64Test, RoundTripLengths) {
  Bytes data;
  for (int n = 0; n < 70; ++n) {
    const Result<Bytes> back = Base64Decode(Base64Encode(data));
    ASSERT_TRUE(back.ok()) << n;
    EXPECT_EQ(*back, data) << n;
    data.push_back(static_cast<uint8_t>(n * 37 + 11));
  }
}

TEST(Base64Test, Rejects) {
  for (const char* bad : {
           "Zg",        // padding missing
           "Zg=",       // length not a multiple of 4
           "Zm9",       // idem
           "Zg===",     // too much padding
           "====",      // padding only
           "Z===",      // one data character
           "Zg==Zg==",  // padding in the middle
           "Z=g=",      // '=' inside a quantum
           "Zm9v\n",    // whitespace
           "Zm 9v",     // space
           "Zm9v Zg==",
           "Zh==",  // non-zero bits before padding (non-canonical "f")
           "Zm9=",  // non-canonical "fo" (canonical is Zm8=)
           "Zm-v",  // URL alphabet
           "Zm9v====",
       }) {
    const Result<Bytes> r = Base64Decode(bad);
    EXPECT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument) << bad;
  }
  EXPECT_FALSE(Base64Decode("Zg\0="sv).ok());
}

TEST(ConstantTimeEqualsTest, Compares) {
  EXPECT_TRUE(ConstantTimeEquals(AsBytes(""), AsBytes("")));
  EXPECT_TRUE(ConstantTimeEquals(AsBytes("secret"), AsBytes("secret")));
  EXPECT_FALSE(ConstantTimeEquals(AsBytes("secret"), AsBytes("secreT")));
  EXPECT_FALSE(ConstantTimeEquals(AsBytes("secret"), AsBytes("secret!")));
  EXPECT_FALSE(ConstantTimeEquals(AsBytes(""), AsBytes("x")));
}

TEST(Utf8Test, AcceptsWellFormed) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("\0"sv));                   // U+0000
  EXPECT_TRUE(IsValidUtf8("\x7f"));                   // U+007F
  EXPECT_TRUE(IsValidUtf8("\xC2\x80"));               // U+0080, smallest 2-byte
  EXPECT_TRUE(IsValidUtf8("d\xC3\xA9j\xC3\xA0 vu"));  // "déjà vu"
  EXPECT_TRUE(IsValidUtf8("\xDF\xBF"));               // U+07FF
  EXPECT_TRUE(IsValidUtf8("\xE0\xA0\x80"));           // U+0800, smallest 3-byte
  EXPECT_TRUE(IsValidUtf8("\xE2\x82\xAC"));           // U+20AC euro sign
  EXPECT_TRUE(IsValidUtf8("\xED\x9F\xBF"));           // U+D7FF, before surrogates
  EXPECT_TRUE(IsValidUtf8("\xEE\x80\x80"));           // U+E000, after surrogates
  EXPECT_TRUE(IsValidUtf8("\xEF\xBF\xBF"));           // U+FFFF
  EXPECT_TRUE(IsValidUtf8("\xF0\x90\x80\x80"));       // U+10000, smallest 4-byte
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));       // U+1F600 emoji
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));       // U+10FFFF, the last
  EXPECT_TRUE(IsValidUtf8("a\xF0\x9F\x98\x80z\xC3\xA9"));
}

TEST(Utf8Test, RejectsOverlongs) {
  EXPECT_FALSE(IsValidUtf8("\xC0\x80"));          // NUL as 2 bytes
  EXPECT_FALSE(IsValidUtf8("\xC1\xBF"));          // U+007F as 2 bytes
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\x80"));      // NUL as 3 bytes
  EXPECT_FALSE(IsValidUtf8("\xE0\x9F\xBF"));      // U+07FF as 3 bytes
  EXPECT_FALSE(IsValidUtf8("\xF0\x80\x80\x80"));  // NUL as 4 bytes
  EXPECT_FALSE(IsValidUtf8("\xF0\x8F\xBF\xBF"));  // U+FFFF as 4 bytes
}

TEST(Utf8Test, RejectsSurrogates) {
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));              // U+D800
  EXPECT_FALSE(IsValidUtf8("\xED\xBF\xBF"));              // U+DFFF
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\xBD\xED\xB8\x80"));  // CESU-8 pair for U+1F600
}

TEST(Utf8Test, RejectsOutOfRangeAndInvalidBytes) {
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(IsValidUtf8("\xF5\x80\x80\x80"));
  EXPECT_FALSE(IsValidUtf8("\xF8\x88\x80\x80\x80"));  // old 5-byte form
  EXPECT_FALSE(IsValidUtf8("\xFE"));
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_FALSE(IsValidUtf8("\x80"));  // lone continuation
  EXPECT_FALSE(
      IsValidUtf8("a\xBF"
                  "b"));
  EXPECT_FALSE(IsValidUtf8("\xC3\xA9\xA9"));  // extra continuation
}

TEST(Utf8Test, RejectsTruncated) {
  EXPECT_FALSE(IsValidUtf8("\xC3"));
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));
  EXPECT_FALSE(IsValidUtf8("\xF0\x9F\x98"));
  EXPECT_FALSE(IsValidUtf8("abc\xF0\x9F"));
  EXPECT_FALSE(
      IsValidUtf8("\xE2"
                  "a\xAC"));  // interrupted by ASCII
  EXPECT_FALSE(IsValidUtf8("\xC3 "));
}

}  // namespace
}  // namespace garant
