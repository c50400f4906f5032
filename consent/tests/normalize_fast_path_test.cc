// norm()'s table path (ASCII and two-byte UTF-8, no utf8proc) against the
// general path (utf8proc for everything): the same failure and the same text
// for every input, and the table path does take the inputs it should.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "../src/text_normalization.h"

namespace garant::consent::internal {
namespace {

std::string Utf8(char32_t c) {
  std::string s;
  if (c < 0x80) {
    s.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    s.push_back(static_cast<char>(0xc0 | (c >> 6)));
    s.push_back(static_cast<char>(0x80 | (c & 0x3f)));
  } else if (c < 0x10000) {
    s.push_back(static_cast<char>(0xe0 | (c >> 12)));
    s.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3f)));
    s.push_back(static_cast<char>(0x80 | (c & 0x3f)));
  } else {
    s.push_back(static_cast<char>(0xf0 | (c >> 18)));
    s.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3f)));
    s.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3f)));
    s.push_back(static_cast<char>(0x80 | (c & 0x3f)));
  }
  return s;
}

std::string Hex(std::string_view s) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const char c : s) {
    out.push_back(kDigits[static_cast<unsigned char>(c) >> 4]);
    out.push_back(kDigits[static_cast<unsigned char>(c) & 0xf]);
  }
  return out;
}

// Both paths on `in`: the same failure and, on success, the same text.
// Returns whether the table path took the input.
bool ExpectSameAsGeneral(const std::string& in) {
  std::string general_out;
  const NormFailure general = NormalizeTextGeneral(in, &general_out);
  std::string table_out;
  NormFailure table = NormFailure::kNone;
  const bool taken = NormalizeTextByTable(in, &table_out, &table);
  std::string out;
  const NormFailure combined = NormalizeText(in, &out);
  EXPECT_EQ(combined, general) << "input " << Hex(in);
  if (general == NormFailure::kNone && combined == NormFailure::kNone) {
    EXPECT_EQ(out, general_out) << "input " << Hex(in);
  }
  if (taken) {
    EXPECT_EQ(table, general) << "input " << Hex(in);
    if (general == NormFailure::kNone && table == NormFailure::kNone) {
      EXPECT_EQ(table_out, general_out) << "input " << Hex(in);
    }
  }
  return taken;
}

// Every code point of one and two bytes, alone and among letters, spaces,
// marks and itself: the table path takes them all and agrees.
TEST(NormalizeFastPathTest, EveryOneAndTwoByteCodePointInContext) {
  for (char32_t c = 0; c < 0x800; ++c) {
    const std::string cp = Utf8(c);
    const std::string contexts[] = {
        cp,
        "a" + cp + "b",
        "Ab " + cp + " cD",
        cp + cp,
        "x" + cp,
        cp + "x",
        cp + "\u0301e",        // followed by a combining mark, then a letter
        "e\u0301" + cp + "z",  // after a combining sequence
        "-" + cp + "-",
    };
    for (const std::string& in : contexts) {
      EXPECT_TRUE(ExpectSameAsGeneral(in)) << "code point " << static_cast<uint32_t>(c);
    }
  }
}

// Random text over an alphabet that mixes what the table covers with what it
// does not (three- and four-byte characters, invalid bytes): the paths agree
// on every input, whichever one NormalizeText picks.
TEST(NormalizeFastPathTest, RandomMixedText) {
  std::vector<std::string> alphabet;
  for (int c = 0; c < 0x80; ++c) alphabet.push_back(std::string(1, static_cast<char>(c)));
  for (const char32_t c :
       {U'\u00e9', U'\u00c9', U'\u00e7', U'\u00eb', U'\u00ef', U'\u00f4', U'\u0153', U'\u0152',
        U'\u00e6', U'\u00c6', U'\u00df', U'\u00f8', U'\u00d8', U'\u0142', U'\u0141', U'\u0111',
        U'\u0110', U'\u00d0', U'\u01fe', U'\u01e3', U'\u01c5', U'\u0131', U'\u00a0', U'\u0301',
        U'\u0308', U'\u0327', U'\u00bd', U'\u00b2', U'\u0391', U'\u0416', U'\u05d0', U'\u0600',
        U'\u02bc', U'\u0149', U'\u0133', U'\u01c9'}) {
    alphabet.push_back(Utf8(c));
  }
  // Outside the table: three and four bytes.
  for (const char32_t c : {U'\ufb01', U'\uff21', U'\u1e9e', U'\u2003', U'\u200b', U'\u212b',
                           U'\u3000', U'\U0001F600', U'\U0001D400'}) {
    alphabet.push_back(Utf8(c));
  }
  // Invalid UTF-8: stray bytes, overlong and truncated sequences.
  for (const char* bad : {"\xff", "\xc0\xaf", "\xc1\x81", "\xc3", "\x80", "\xe0\x80\xaf",
                          "\xed\xa0\x80", "\xf4\x90\x80\x80"}) {
    alphabet.push_back(bad);
  }
  std::mt19937 rng(20261128);
  int taken = 0, general_only = 0;
  for (int n = 0; n < 30000; ++n) {
    std::string in;
    const size_t length = rng() % 110;  // across the 100-code-point limit
    // Most inputs draw from the table's range only, so that it is exercised.
    const bool table_only = rng() % 4 != 0;
    const size_t range = table_only ? alphabet.size() - 17 : alphabet.size();
    for (size_t i = 0; i < length; ++i) in += alphabet[rng() % range];
    (ExpectSameAsGeneral(in) ? taken : general_only)++;
    if (HasFailure()) return;
  }
  EXPECT_GT(taken, 15000);
  EXPECT_GT(general_only, 1000);
}

// Random ASCII (every byte 0-127) of every length up to past the limit.
TEST(NormalizeFastPathTest, RandomAscii) {
  std::mt19937 rng(7);
  for (int n = 0; n < 20000; ++n) {
    std::string in;
    const size_t length = rng() % 130;
    for (size_t i = 0; i < length; ++i) in.push_back(static_cast<char>(rng() % 0x80));
    EXPECT_TRUE(ExpectSameAsGeneral(in)) << "ASCII must take the table path";
    if (HasFailure()) return;
  }
}

TEST(NormalizeFastPathTest, LimitsAndFailuresOnTheTablePath) {
  std::string out;
  NormFailure failure = NormFailure::kNone;
  ASSERT_TRUE(NormalizeTextByTable(std::string(100, 'a'), &out, &failure));
  EXPECT_EQ(failure, NormFailure::kNone);
  EXPECT_EQ(out, std::string(100, 'A'));
  ASSERT_TRUE(NormalizeTextByTable(std::string(101, 'a'), &out, &failure));
  EXPECT_EQ(failure, NormFailure::kTooLong);
  // 100 two-byte code points (200 bytes) are within the limit, 101 are not.
  std::string e_acute;
  for (int i = 0; i < 100; ++i) e_acute += "\u00e9";
  ASSERT_TRUE(NormalizeTextByTable(e_acute, &out, &failure));
  EXPECT_EQ(failure, NormFailure::kNone);
  EXPECT_EQ(out, std::string(100, 'E'));
  ASSERT_TRUE(NormalizeTextByTable(e_acute + "\u00e9", &out, &failure));
  EXPECT_EQ(failure, NormFailure::kTooLong);
  ASSERT_TRUE(NormalizeTextByTable(" -- \u0301 ", &out, &failure));
  EXPECT_EQ(failure, NormFailure::kEmpty);
  // Not covered: invalid UTF-8 and three-byte characters go to the general path.
  EXPECT_FALSE(NormalizeTextByTable("Du\xffpont", &out, &failure));
  EXPECT_FALSE(NormalizeTextByTable("So\ufb01a", &out, &failure));
  EXPECT_EQ(NormalizeText("So\ufb01a", &out), NormFailure::kNone);
  EXPECT_EQ(out, "SOFIA");
  // Invalid UTF-8 wins over the length, as in the general path.
  EXPECT_EQ(NormalizeText(std::string(150, 'a') + "\xff", &out), NormFailure::kInvalidUtf8);
  EXPECT_EQ(NormalizeText(std::string(500, 'a'), &out), NormFailure::kTooLong);
}

TEST(NormalizeFastPathTest, KnownValuesOnTheTablePath) {
  const std::pair<const char*, const char*> cases[] = {
      {"\u00c9lodie", "ELODIE"},
      {"E\u0301lodie", "ELODIE"},
      {"C\u0153ur", "COEUR"},
      {"Wei\u00df", "WEISS"},
      {"\u00d8re s\u00f8n", "ORE SON"},
      {"\u0141\u00f3d\u017a", "LODZ"},
      {"\u0110or\u0111e", "DORDE"},
      {"\u01fe", "O"},
      {"\u01e3", "AE"},
      {"\u01c5emal", "DZEMAL"},
      {"A\u00d0B", "A B"},
      {"Jean\u00a0Pierre", "JEAN PIERRE"},
      {"  O'Neil -- Smith  ", "O NEIL SMITH"},
      {"\u0131lker", "ILKER"},
  };
  for (const auto& [in, expected] : cases) {
    std::string out;
    NormFailure failure = NormFailure::kEmpty;
    ASSERT_TRUE(NormalizeTextByTable(in, &out, &failure)) << in;
    EXPECT_EQ(failure, NormFailure::kNone) << in;
    EXPECT_EQ(out, expected) << in;
  }
}

}  // namespace
}  // namespace garant::consent::internal
