#include "garant/core/dates.h"

#include <gtest/gtest.h>

namespace garant {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::year;
using std::chrono::year_month_day;

void ExpectSplit(std::string_view typed, int y, int m, int d) {
  auto t = SplitTypedDate(typed);
  ASSERT_TRUE(t.has_value()) << typed;
  EXPECT_EQ(t->year, y) << typed;
  EXPECT_EQ(t->month, m) << typed;
  EXPECT_EQ(t->day, d) << typed;
}

TEST(SplitTypedDate, FrenchShapes) {
  ExpectSplit("14/03/1985", 1985, 3, 14);
  ExpectSplit("14-03-1985", 1985, 3, 14);
  ExpectSplit("14.03.1985", 1985, 3, 14);
  ExpectSplit("14 03 1985", 1985, 3, 14);
  ExpectSplit("4/3/1985", 1985, 3, 4);
  ExpectSplit("  14/03/1985 ", 1985, 3, 14);
  ExpectSplit("14031985", 1985, 3, 14);
  ExpectSplit("00/00/1985", 1985, 0, 0);  // unknown day and month: kept for the caller
}

TEST(SplitTypedDate, IsoShape) {
  ExpectSplit("1985-03-14", 1985, 3, 14);
  ExpectSplit("1985-00-00", 1985, 0, 0);
}

TEST(SplitTypedDate, RefusesOtherShapes) {
  for (std::string_view bad :
       {"", " ", "14/03/85", "1985/03/14", "14/03-1985", "143/03/1985", "14//1985", "/03/1985",
        "14/03/19856", "1403198", "140319850", "14/O3/1985", "quatorze mars", "1985-3-14",
        "14/03/1985/", "+4/03/1985",
        "14\xC2\xA0"
        "03 1985"}) {
    EXPECT_FALSE(SplitTypedDate(bad).has_value()) << bad;
  }
}

TEST(ParseTypedDay, RealDaysOnly) {
  EXPECT_EQ(ParseTypedDay("29/02/2024"), sys_days(year_month_day(year(2024), month(2), day(29))));
  EXPECT_EQ(ParseTypedDay("2024-02-29"), sys_days(year_month_day(year(2024), month(2), day(29))));
  EXPECT_FALSE(ParseTypedDay("29/02/2023").has_value());
  EXPECT_FALSE(ParseTypedDay("00/03/2023").has_value());
  EXPECT_FALSE(ParseTypedDay("31/04/2023").has_value());
  EXPECT_FALSE(ParseTypedDay("01/13/2023").has_value());
}

}  // namespace
}  // namespace garant
