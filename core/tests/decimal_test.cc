#include "garant/core/decimal.h"

#include <gtest/gtest.h>

#include <limits>
#include <string_view>

namespace garant {
namespace {

using namespace std::string_view_literals;
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

TEST(ParseDecimalTest, Plain) {
  EXPECT_EQ(ParseDecimal("0"), 0);
  EXPECT_EQ(ParseDecimal("7"), 7);
  EXPECT_EQ(ParseDecimal("1234567890"), 1234567890);
  EXPECT_EQ(ParseDecimal("9223372036854775807"), kMax);
}

TEST(ParseDecimalTest, Empty) {
  EXPECT_EQ(ParseDecimal(""), std::nullopt);
  EXPECT_EQ(ParseDecimal("", {.min = -5}), std::nullopt);
  EXPECT_EQ(ParseDecimal("-", {.min = -5}), std::nullopt);
}

TEST(ParseDecimalTest, SignOnlyWhenNegativeAllowed) {
  EXPECT_EQ(ParseDecimal("-1"), std::nullopt);
  EXPECT_EQ(ParseDecimal("-0"), std::nullopt);
  EXPECT_EQ(ParseDecimal("+1"), std::nullopt);
  EXPECT_EQ(ParseDecimal("+1", {.min = -10}), std::nullopt);
  EXPECT_EQ(ParseDecimal("-1", {.min = -10}), -1);
  EXPECT_EQ(ParseDecimal("-10", {.min = -10}), -10);
  EXPECT_EQ(ParseDecimal("-11", {.min = -10}), std::nullopt);
  EXPECT_EQ(ParseDecimal("--1", {.min = -10}), std::nullopt);
  EXPECT_EQ(ParseDecimal("-9223372036854775808", {.min = kMin}), kMin);
}

TEST(ParseDecimalTest, Overflow) {
  EXPECT_EQ(ParseDecimal("9223372036854775808"), std::nullopt);
  EXPECT_EQ(ParseDecimal("99999999999999999999999"), std::nullopt);
  EXPECT_EQ(ParseDecimal("-9223372036854775809", {.min = kMin}), std::nullopt);
}

TEST(ParseDecimalTest, Range) {
  EXPECT_EQ(ParseDecimal("0", {.min = 1}), std::nullopt);
  EXPECT_EQ(ParseDecimal("1", {.min = 1}), 1);
  EXPECT_EQ(ParseDecimal("100", {.max = 100}), 100);
  EXPECT_EQ(ParseDecimal("101", {.max = 100}), std::nullopt);
}

TEST(ParseDecimalTest, TrailingAndLeadingJunk) {
  for (std::string_view bad : {"1a"sv, "a1"sv, " 1"sv, "1 "sv, "1.0"sv, "1e3"sv, "0x10"sv,
                               "1,000"sv, "1\n"sv, "1\0"sv, "\t1"sv, "١"sv}) {
    EXPECT_EQ(ParseDecimal(bad), std::nullopt) << bad;
  }
}

TEST(ParseDecimalTest, LeadingZerosPolicy) {
  EXPECT_EQ(ParseDecimal("007"), 7);
  EXPECT_EQ(ParseDecimal("00"), 0);
  EXPECT_EQ(ParseDecimal("-007", {.min = -10}), -7);
  const DecimalOptions canonical{.leading_zeros = false};
  EXPECT_EQ(ParseDecimal("0", canonical), 0);
  EXPECT_EQ(ParseDecimal("10", canonical), 10);
  EXPECT_EQ(ParseDecimal("007", canonical), std::nullopt);
  EXPECT_EQ(ParseDecimal("00", canonical), std::nullopt);
  EXPECT_EQ(ParseDecimal("-0", {.min = -1, .leading_zeros = false}), std::nullopt);
  EXPECT_EQ(ParseDecimal("-01", {.min = -1, .leading_zeros = false}), std::nullopt);
  EXPECT_EQ(ParseDecimal("-1", {.min = -1, .leading_zeros = false}), -1);
}

}  // namespace
TEST(FormatFrenchIntegerTest, GroupsDigitsByThreeWithNoBreakSpaces) {
  EXPECT_EQ(FormatFrenchInteger(0), "0");
  EXPECT_EQ(FormatFrenchInteger(999), "999");
  EXPECT_EQ(FormatFrenchInteger(1000), "1\u00a0000");
  EXPECT_EQ(FormatFrenchInteger(180000), "180\u00a0000");
  EXPECT_EQ(FormatFrenchInteger(1234567), "1\u00a0234\u00a0567");
  EXPECT_EQ(FormatFrenchInteger(-1234), "-1\u00a0234");
  EXPECT_EQ(FormatFrenchInteger(std::numeric_limits<int64_t>::min()),
            "-9\u00a0223\u00a0372\u00a0036\u00a0854\u00a0775\u00a0808");
}

}  // namespace garant
