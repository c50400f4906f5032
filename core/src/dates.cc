#include "garant/core/dates.h"

#include <string>

#include "garant/core/paris_time.h"

namespace garant {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The value of 1 to 4 ASCII digits; -1 when `s` is empty, longer, or has a
// non-digit.
int Digits(std::string_view s) {
  if (s.empty() || s.size() > 4) return -1;
  int v = 0;
  for (char c : s) {
    if (!IsDigit(c)) return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<TypedDate> SplitTypedDate(std::string_view typed) {
  const std::string_view s = Trim(typed);
  // AAAA-MM-JJ
  if (s.size() == 10 && s[4] == '-' && s[7] == '-') {
    const int y = Digits(s.substr(0, 4)), m = Digits(s.substr(5, 2)), d = Digits(s.substr(8, 2));
    if (y < 0 || m < 0 || d < 0) return std::nullopt;
    return TypedDate{y, m, d};
  }
  // JJMMAAAA ("4/3/1985" is 8 characters too: digits only here).
  if (s.size() == 8 && s.find_first_not_of("0123456789") == std::string_view::npos) {
    return TypedDate{Digits(s.substr(4, 4)), Digits(s.substr(2, 2)), Digits(s.substr(0, 2))};
  }
  // J[J] sep M[M] sep AAAA, one separator kind.
  const size_t first = s.find_first_of("/-. ");
  if (first == std::string_view::npos || first == 0 || first > 2) return std::nullopt;
  const char sep = s[first];
  const size_t second = s.find(sep, first + 1);
  if (second == std::string_view::npos || second - first - 1 == 0 || second - first - 1 > 2) {
    return std::nullopt;
  }
  const std::string_view year = s.substr(second + 1);
  if (year.size() != 4) return std::nullopt;
  const int d = Digits(s.substr(0, first));
  const int m = Digits(s.substr(first + 1, second - first - 1));
  const int y = Digits(year);
  if (y < 0 || m < 0 || d < 0) return std::nullopt;
  return TypedDate{y, m, d};
}

std::optional<std::chrono::sys_days> ParseTypedDay(std::string_view typed) {
  const std::optional<TypedDate> t = SplitTypedDate(typed);
  if (!t) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year(t->year),
                                        std::chrono::month(static_cast<unsigned>(t->month)),
                                        std::chrono::day(static_cast<unsigned>(t->day))};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days(ymd);
}

std::optional<TimePoint> ParsePeriodBound(std::string_view text, bool end) {
  if (const auto day = ParseTypedDay(text)) {
    return ParisDayStart(end ? *day + std::chrono::days(1) : *day);
  }
  TimePoint t;
  if (ParseRfc3339(text, &t)) return t;
  return std::nullopt;
}

}  // namespace garant
