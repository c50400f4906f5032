// The value given back to a period's <input type="date"> on the auditor's
// pages (audit/http.h DateInputValue): always AAAA-MM-JJ, the only form such
// a field shows, whichever form the period was typed in; the end day as the
// person typed it although the period's end is exclusive.

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "audit/http.h"
#include "garant/core/dates.h"

namespace garant::server {
namespace {

std::string Shown(const char* typed, bool end) {
  const std::optional<TimePoint> bound = ParsePeriodBound(typed, end);
  EXPECT_TRUE(bound.has_value()) << typed;
  return DateInputValue(bound, end);
}

TEST(DateInputValue, ADayTypedTheFrenchWayComesBackInIso) {
  EXPECT_EQ(Shown("01/01/2026", false), "2026-01-01");
  EXPECT_EQ(Shown("31/12/2026", true), "2026-12-31");  // the end day, not the next one
  EXPECT_EQ(Shown("4/3/2026", false), "2026-03-04");
  EXPECT_EQ(Shown("14072026", true), "2026-07-14");
}

TEST(DateInputValue, AnIsoDayComesBackAsTyped) {
  EXPECT_EQ(Shown("2026-07-14", false), "2026-07-14");
  EXPECT_EQ(Shown("2026-07-14", true), "2026-07-14");
  // Across the changes of time in Paris (29/03 and 25/10 in 2026).
  EXPECT_EQ(Shown("2026-03-29", true), "2026-03-29");
  EXPECT_EQ(Shown("2026-10-25", false), "2026-10-25");
}

TEST(DateInputValue, AnInstantShowsItsParisDayAndAnEndIsExclusive) {
  // 22:00 UTC in summer is midnight in Paris: the start of the 16th, and an
  // end there includes the 15th only.
  EXPECT_EQ(Shown("2030-06-15T22:00:00Z", false), "2030-06-16");
  EXPECT_EQ(Shown("2030-06-15T22:00:00Z", true), "2030-06-15");
  // 23:30 UTC in winter is already the next day in Paris.
  EXPECT_EQ(Shown("2026-01-10T23:30:00Z", false), "2026-01-11");
  EXPECT_EQ(Shown("2026-01-10T23:30:00Z", true), "2026-01-11");
}

TEST(DateInputValue, AnOpenBoundLeavesTheFieldEmpty) {
  EXPECT_EQ(DateInputValue(std::nullopt, false), "");
  EXPECT_EQ(DateInputValue(std::nullopt, true), "");
}

}  // namespace
}  // namespace garant::server
