#include "garant/core/clock.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace garant {
namespace {

using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_days;
namespace chr = std::chrono;

// A UTC instant built without the parser under test.
TimePoint Utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0, int64_t us = 0) {
  return TimePoint(sys_days{chr::year{y} / mo / d}) + hours(h) + minutes(mi) + seconds(s) +
         microseconds(us);
}

TimePoint Parse(std::string_view s) {
  TimePoint t;
  EXPECT_TRUE(ParseRfc3339(s, &t)) << s;
  return t;
}

TEST(ClockTest, ManualClockMovesOnlyWhenTold) {
  ManualClock clock(Utc(2026, 11, 28, 17, 20));
  EXPECT_EQ(clock.Now(), Utc(2026, 11, 28, 17, 20));
  clock.Advance(seconds(90));
  EXPECT_EQ(clock.Now(), Utc(2026, 11, 28, 17, 21, 30));
  clock.Set(Utc(2030, 1, 1));
  EXPECT_EQ(clock.Now(), Utc(2030, 1, 1));
}

TEST(ClockTest, SystemClockIsRecent) {
  const TimePoint now = SystemClock::Instance().Now();
  EXPECT_GT(now, Utc(2024, 1, 1));
  EXPECT_EQ(&SystemClock::Instance(), &SystemClock::Instance());
}

TEST(ClockTest, UnixMicrosRoundTrip) {
  EXPECT_EQ(ToUnixMicros(Utc(1970, 1, 1)), 0);
  EXPECT_EQ(ToUnixMicros(Utc(1970, 1, 1, 0, 0, 1, 5)), 1'000'005);
  EXPECT_EQ(ToUnixMicros(Utc(2026, 11, 28, 17, 20, 51, 123456)), 1'795'886'451'123'456);
  EXPECT_EQ(FromUnixMicros(1'795'886'451'123'456), Utc(2026, 11, 28, 17, 20, 51, 123456));
  EXPECT_EQ(FromUnixMicros(-1), Utc(1969, 12, 31, 23, 59, 59, 999999));
}

TEST(ClockTest, FormatRfc3339AlwaysSixDigits) {
  EXPECT_EQ(FormatRfc3339Utc(Utc(2026, 11, 28, 17, 20, 51, 123456)), "2026-11-28T17:20:51.123456Z");
  EXPECT_EQ(FormatRfc3339Utc(Utc(2026, 1, 2, 3, 4, 5)), "2026-01-02T03:04:05.000000Z");
  EXPECT_EQ(FormatRfc3339Utc(Utc(1970, 1, 1)), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(FormatRfc3339Utc(Utc(2024, 2, 29, 23, 59, 59, 999999)), "2024-02-29T23:59:59.999999Z");
  // Before the epoch: floor, not truncation toward zero.
  EXPECT_EQ(FormatRfc3339Utc(FromUnixMicros(-1)), "1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(FormatRfc3339Utc(Utc(9999, 12, 31, 23, 59, 59, 1)), "9999-12-31T23:59:59.000001Z");
  EXPECT_EQ(FormatRfc3339Utc(Utc(10000, 1, 1)), "10000-01-01T00:00:00.000000Z");
  EXPECT_EQ(FormatRfc3339Utc(Utc(987, 6, 5, 4, 3, 2, 10)), "0987-06-05T04:03:02.000010Z");
}

TEST(ClockTest, FormatIsoDayPadsEveryField) {
  using namespace std::chrono;
  EXPECT_EQ(FormatIsoDay(sys_days{year{2026} / 11 / 30}), "2026-11-30");
  EXPECT_EQ(FormatIsoDay(sys_days{year{2027} / 1 / 2}), "2027-01-02");
  EXPECT_EQ(FormatIsoDay(sys_days{year{987} / 3 / 4}), "0987-03-04");
  EXPECT_EQ(FormatIsoDay(sys_days{}), "1970-01-01");
}

TEST(ClockTest, ParseRfc3339Variants) {
  const TimePoint expected = Utc(2026, 11, 28, 17, 20, 51, 123456);
  EXPECT_EQ(Parse("2026-11-28T17:20:51.123456Z"), expected);
  EXPECT_EQ(Parse("2026-11-28T18:20:51.123456+01:00"), expected);
  EXPECT_EQ(Parse("2026-11-28T12:50:51.123456-04:30"), expected);
  EXPECT_EQ(Parse("2026-11-28T17:20:51Z"), Utc(2026, 11, 28, 17, 20, 51));
  EXPECT_EQ(Parse("2026-11-28T17:20:51.5Z"), Utc(2026, 11, 28, 17, 20, 51, 500000));
  EXPECT_EQ(Parse("2026-11-28T17:20:51.000001Z"), Utc(2026, 11, 28, 17, 20, 51, 1));
  // Nanoseconds are accepted and truncated to microseconds.
  EXPECT_EQ(Parse("2026-11-28T17:20:51.123456789Z"), expected);
  EXPECT_EQ(Parse("2026-11-28T17:20:51+00:00"), Parse("2026-11-28T17:20:51-00:00"));
  // An offset can move the date across a day and a year.
  EXPECT_EQ(Parse("2026-12-31T23:30:00-01:00"), Utc(2027, 1, 1, 0, 30));
  EXPECT_EQ(Parse("2024-02-29T00:00:00Z"), Utc(2024, 2, 29));
}

TEST(ClockTest, FormatParseRoundTrip) {
  for (const TimePoint t :
       {Utc(1970, 1, 1), Utc(2000, 2, 29, 12), Utc(2026, 3, 29, 1, 0, 0, 1),
        Utc(2099, 12, 31, 23, 59, 59, 999999), FromUnixMicros(1'795'886'451'123'456)}) {
    TimePoint back;
    ASSERT_TRUE(ParseRfc3339(FormatRfc3339Utc(t), &back)) << FormatRfc3339Utc(t);
    EXPECT_EQ(back, t);
  }
  for (const char* s : {"2026-11-28T17:20:51.123456Z", "1999-01-01T00:00:00.000000Z"}) {
    EXPECT_EQ(FormatRfc3339Utc(Parse(s)), s);
  }
}

TEST(ClockTest, ParseRfc3339Rejects) {
  const TimePoint sentinel = Utc(2001, 1, 1);
  for (const char* bad : {
           "",
           "2026-11-28",                       // date only
           "2026-11-28T17:20:51",              // no offset
           "2026-11-28T17:20Z",                // no seconds
           "2026-11-28 17:20:51Z",             // space separator
           "2026-11-28t17:20:51Z",             // lower-case t
           "2026-11-28T17:20:51z",             // lower-case z
           "2026-11-28T17:20:51.Z",            // empty fraction
           "2026-11-28T17:20:51.1234567890Z",  // fraction over 9 digits
           "2026-11-28T17:20:51,5Z",           // comma fraction
           "2026-11-28T17:20:51+0100",         // offset without colon
           "2026-11-28T17:20:51+01",           // offset without minutes
           "2026-11-28T17:20:51+24:00",        // offset hour out of range
           "2026-11-28T17:20:51+01:60",        // offset minute out of range
           "2026-11-28T17:20:51ZZ",            // trailing garbage
           "2026-11-28T17:20:51Z ",            // trailing space
           " 2026-11-28T17:20:51Z",            // leading space
           "26-11-28T17:20:51Z",               // two-digit year
           "2026-1-28T17:20:51Z",              // one-digit month
           "2026-13-01T00:00:00Z",             // month 13
           "2026-00-01T00:00:00Z",             // month 0
           "2026-02-29T00:00:00Z",             // not a leap year
           "2026-04-31T00:00:00Z",             // April has 30 days
           "2026-11-00T00:00:00Z",             // day 0
           "2026-11-28T24:00:00Z",             // hour 24
           "2026-11-28T23:60:00Z",             // minute 60
           "2026-12-31T23:59:60Z",             // leap second
           "2026-11-28T1a:20:51Z",             // non-digit
           "+2026-11-28T17:20:51Z",            // signed year
       }) {
    TimePoint t = sentinel;
    EXPECT_FALSE(ParseRfc3339(bad, &t)) << bad;
    EXPECT_EQ(t, sentinel) << "output written on failure: " << bad;
  }
}

TEST(ClockTest, ParisHumanWinterAndSummer) {
  // The header's example: 17:20 UTC in November is 18:20 CET.
  EXPECT_EQ(FormatParisHuman(Utc(2026, 11, 28, 17, 20, 51)), "28/11/2026 \xC3\xA0 18:20");
  // July: CEST, UTC+2.
  EXPECT_EQ(FormatParisHuman(Utc(2026, 7, 14, 8, 5)), "14/07/2026 \xC3\xA0 10:05");
  // Local midnight crosses the date (and the year).
  EXPECT_EQ(FormatParisHuman(Utc(2026, 12, 31, 23, 30)), "01/01/2027 \xC3\xA0 00:30");
  EXPECT_EQ(FormatParisHuman(Utc(2026, 6, 30, 22, 0)), "01/07/2026 \xC3\xA0 00:00");
}

TEST(ClockTest, ParisHumanSpringForward2026) {
  // Last Sunday of March 2026 is the 29th; clocks jump 02:00 CET -> 03:00 CEST.
  EXPECT_EQ(FormatParisHuman(Parse("2026-03-29T00:59:59Z")), "29/03/2026 \xC3\xA0 01:59");
  EXPECT_EQ(FormatParisHuman(Parse("2026-03-29T00:59:59.999999Z")), "29/03/2026 \xC3\xA0 01:59");
  EXPECT_EQ(FormatParisHuman(Parse("2026-03-29T01:00:00Z")), "29/03/2026 \xC3\xA0 03:00");
  // The Sunday before is still winter time.
  EXPECT_EQ(FormatParisHuman(Parse("2026-03-22T01:00:00Z")), "22/03/2026 \xC3\xA0 02:00");
}

TEST(ClockTest, ParisHumanFallBack2026) {
  // Last Sunday of October 2026 is the 25th; 03:00 CEST -> 02:00 CET.
  EXPECT_EQ(FormatParisHuman(Parse("2026-10-25T00:59:59Z")), "25/10/2026 \xC3\xA0 02:59");
  EXPECT_EQ(FormatParisHuman(Parse("2026-10-25T01:00:00Z")), "25/10/2026 \xC3\xA0 02:00");
  EXPECT_EQ(FormatParisHuman(Parse("2026-10-18T01:00:00Z")), "18/10/2026 \xC3\xA0 03:00");
}

TEST(ClockTest, ParisHumanOtherYears) {
  // 2027: last Sundays are 28 March and 31 October (the month's last day).
  EXPECT_EQ(FormatParisHuman(Parse("2027-03-28T00:59:00Z")), "28/03/2027 \xC3\xA0 01:59");
  EXPECT_EQ(FormatParisHuman(Parse("2027-03-28T01:00:00Z")), "28/03/2027 \xC3\xA0 03:00");
  EXPECT_EQ(FormatParisHuman(Parse("2027-10-31T00:59:00Z")), "31/10/2027 \xC3\xA0 02:59");
  EXPECT_EQ(FormatParisHuman(Parse("2027-10-31T01:00:00Z")), "31/10/2027 \xC3\xA0 02:00");
  // 2024: 31 March and 27 October.
  EXPECT_EQ(FormatParisHuman(Parse("2024-03-31T00:59:00Z")), "31/03/2024 \xC3\xA0 01:59");
  EXPECT_EQ(FormatParisHuman(Parse("2024-03-31T01:00:00Z")), "31/03/2024 \xC3\xA0 03:00");
  EXPECT_EQ(FormatParisHuman(Parse("2024-10-27T01:00:00Z")), "27/10/2024 \xC3\xA0 02:00");
}

TEST(ClockTest, ParisWords) {
  // The example: 01:00 UTC on 2 January 2027 is 02:00 CET.
  EXPECT_EQ(FormatParisWords(Utc(2027, 1, 2, 1, 0)), "2 janvier 2027 \xC3\xA0 2 h 00");
  EXPECT_EQ(FormatParisWords(Utc(2026, 7, 14, 8, 5)), "14 juillet 2026 \xC3\xA0 10 h 05");
  // First of the month, and local midnight crossing the year.
  EXPECT_EQ(FormatParisWords(Utc(2026, 12, 31, 23, 30)), "1er janvier 2027 \xC3\xA0 0 h 30");
  EXPECT_EQ(FormatParisDayWords(Utc(2026, 8, 15, 21, 59)), "15 ao\xC3\xBBt 2026");
  EXPECT_EQ(FormatParisDayWords(Utc(2026, 8, 15, 22, 0)), "16 ao\xC3\xBBt 2026");
}

}  // namespace
}  // namespace garant
