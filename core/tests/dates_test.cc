#include "garant/core/dates.h"

#include <gtest/gtest.h>

#include "garant/core/paris_time.h"

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
  for (std::string_view bad : {"",
                               " ",
                               "14/03/85",
                               "1985/03/14",
                               "14/03-1985",
                               "143/03/1985",
                               "14//1985",
                               "/03/1985",
                               "14/03/19856",
                               "1403198",
                               "140319850",
                               "14/O3/1985",
                               "quatorze mars",
                               "1985-3-14",
                               "14/03/1985/",
                               "+4/03/1985",
                               "14/03/1985 10:00",
                               "1985-03-14T00:00:00Z",
                               "14 /03/1985",
                               "14/03/ 1985",
                               "-1/03/1985",
                               "14/-3/1985",
                               "1985-03-1a",
                               "1985--3-14",
                               "\t14/03/1985",
                               "\xD9\xA0\xD9\xA3/07/1975",          // Arabic-Indic digits
                               "\xEF\xBC\x90\xEF\xBC\x93/07/1975",  // full-width digits
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

TimePoint Utc(std::string_view s) {
  TimePoint t;
  EXPECT_TRUE(ParseRfc3339(s, &t)) << s;
  return t;
}

TEST(ParisDayStart, WinterSummerAndBothChangeDays) {
  EXPECT_EQ(ParisDayStart(sys_days(year(2026) / 12 / 3)), Utc("2026-12-02T23:00:00Z"));
  EXPECT_EQ(ParisDayStart(sys_days(year(2026) / 7 / 14)), Utc("2026-07-13T22:00:00Z"));
  // 29 March 2026 begins in winter time, 30 March in summer time.
  EXPECT_EQ(ParisDayStart(sys_days(year(2026) / 3 / 29)), Utc("2026-03-28T23:00:00Z"));
  EXPECT_EQ(ParisDayStart(sys_days(year(2026) / 3 / 30)), Utc("2026-03-29T22:00:00Z"));
  // 25 October 2026 begins in summer time, 26 October in winter time.
  EXPECT_EQ(ParisDayStart(sys_days(year(2026) / 10 / 25)), Utc("2026-10-24T22:00:00Z"));
  EXPECT_EQ(ParisDayStart(sys_days(year(2026) / 10 / 26)), Utc("2026-10-25T23:00:00Z"));
}

TEST(ParsePeriodBound, FrenchAndIsoDaysInParisTimeOrInstants) {
  EXPECT_EQ(ParsePeriodBound("03/12/2026", false), Utc("2026-12-02T23:00:00Z"));
  EXPECT_EQ(ParsePeriodBound("2026-12-03", false), Utc("2026-12-02T23:00:00Z"));
  // The end day is included: the bound is the next Paris midnight.
  EXPECT_EQ(ParsePeriodBound("03/12/2026", true), Utc("2026-12-03T23:00:00Z"));
  EXPECT_EQ(ParsePeriodBound("25/10/2026", true), Utc("2026-10-25T23:00:00Z"));
  // An instant is taken as it is, for both bounds.
  EXPECT_EQ(ParsePeriodBound("2026-12-03T10:00:00+01:00", true), Utc("2026-12-03T09:00:00Z"));
  for (std::string_view bad : {"", "31/02/2026", "00/12/2026", "3/12/26", "demain", "2026-13-01"}) {
    EXPECT_FALSE(ParsePeriodBound(bad, false).has_value()) << bad;
  }
}

}  // namespace
}  // namespace garant
