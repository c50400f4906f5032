#include "garant/core/clock.h"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

#include "garant/core/decimal.h"
#include "garant/core/paris_time.h"

namespace garant {
namespace {

namespace chr = std::chrono;

// Broken-down UTC (or local) civil time, to the microsecond.
struct CivilTime {
  int year;
  unsigned month;
  unsigned day;
  int64_t hour;
  int64_t minute;
  int64_t second;
  int64_t micros;
};

CivilTime ToCivil(TimePoint t) {
  const auto day_start = chr::floor<chr::days>(t);
  const chr::year_month_day ymd{day_start};
  int64_t us_of_day = (t - day_start).count();  // in [0, 86'400'000'000)
  CivilTime c;
  c.year = static_cast<int>(ymd.year());
  c.month = static_cast<unsigned>(ymd.month());
  c.day = static_cast<unsigned>(ymd.day());
  c.micros = us_of_day % 1'000'000;
  us_of_day /= 1'000'000;
  c.second = us_of_day % 60;
  us_of_day /= 60;
  c.minute = us_of_day % 60;
  c.hour = us_of_day / 60;
  return c;
}

// EU summer time (Directive 2000/84/EC): from the last Sunday of March at
// 01:00 UTC to the last Sunday of October at 01:00 UTC.
bool IsEuSummerTime(TimePoint t) {
  const chr::year year = chr::year_month_day{chr::floor<chr::days>(t)}.year();
  const TimePoint start = chr::sys_days{year / chr::March / chr::Sunday[chr::last]} + chr::hours(1);
  const TimePoint end = chr::sys_days{year / chr::October / chr::Sunday[chr::last]} + chr::hours(1);
  return t >= start && t < end;
}

// Consumes exactly n ASCII digits from s at *pos into *value.
bool ReadDigits(std::string_view s, size_t* pos, size_t n, int* value) {
  if (s.size() - *pos < n) {
    return false;
  }
  const std::optional<int64_t> v = ParseDecimal(s.substr(*pos, n));
  if (!v) {
    return false;
  }
  *pos += n;
  *value = static_cast<int>(*v);
  return true;
}

bool ReadChar(std::string_view s, size_t* pos, char expected) {
  if (*pos >= s.size() || s[*pos] != expected) {
    return false;
  }
  ++*pos;
  return true;
}

}  // namespace

TimePoint SystemClock::Now() const {
  return chr::time_point_cast<chr::microseconds>(chr::system_clock::now());
}

const Clock& SystemClock::Instance() {
  // Leaked on purpose: never destroyed (see clock.h).
  // NOLINTNEXTLINE(cppcoreguidelines-owning-memory)
  static const SystemClock* const kInstance = new SystemClock();
  return *kInstance;
}

TimePoint ManualClock::Now() const {
  std::lock_guard<std::mutex> lock(mu_);
  return now_;
}

void ManualClock::Advance(chr::microseconds d) {
  std::lock_guard<std::mutex> lock(mu_);
  now_ += d;
}

void ManualClock::Set(TimePoint t) {
  std::lock_guard<std::mutex> lock(mu_);
  now_ = t;
}

int64_t ToUnixMicros(TimePoint t) { return t.time_since_epoch().count(); }

TimePoint FromUnixMicros(int64_t us) { return TimePoint(chr::microseconds(us)); }

std::string FormatRfc3339Utc(TimePoint t) {
  const CivilTime c = ToCivil(t);
  if (c.year >= 0 && c.year <= 9999) {
    // Digit by digit: called for every row of the access batches' COPY text,
    // where snprintf's parsing of the format showed in the profiles.
    std::string s = "0000-00-00T00:00:00.000000Z";
    auto put = [&s](size_t at, int64_t v, size_t width) {
      for (size_t i = width; i > 0; --i) {
        s[at + i - 1] = static_cast<char>('0' + v % 10);
        v /= 10;
      }
    };
    put(0, c.year, 4);
    put(5, c.month, 2);
    put(8, c.day, 2);
    put(11, c.hour, 2);
    put(14, c.minute, 2);
    put(17, c.second, 2);
    put(20, c.micros, 6);
    return s;
  }
  char buf[64];
  const int n =
      std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld.%06lldZ", c.year, c.month,
                    c.day, static_cast<long long>(c.hour), static_cast<long long>(c.minute),
                    static_cast<long long>(c.second), static_cast<long long>(c.micros));
  return std::string(buf, static_cast<size_t>(n));
}

std::string FormatIsoDay(std::chrono::sys_days d) {
  const std::chrono::year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string FormatRfc3339UtcSeconds(TimePoint t) {
  std::string s = FormatRfc3339Utc(t);
  s.erase(s.size() - 8, 7);  // ".123456" of "...:51.123456Z"
  return s;
}

// Grammar accepted (RFC 3339 section 5.6, upper-case T and Z only):
//   YYYY-MM-DD "T" hh:mm:ss [ "." 1*9DIGIT ] ( "Z" / ("+" / "-") hh:mm )
// Digits past the sixth fractional one are truncated. Leap seconds (ss = 60)
// are rejected: TimePoint cannot represent them.
bool ParseRfc3339(std::string_view s, TimePoint* out) {
  size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!ReadDigits(s, &pos, 4, &year) || !ReadChar(s, &pos, '-') ||
      !ReadDigits(s, &pos, 2, &month) || !ReadChar(s, &pos, '-') || !ReadDigits(s, &pos, 2, &day) ||
      !ReadChar(s, &pos, 'T') || !ReadDigits(s, &pos, 2, &hour) || !ReadChar(s, &pos, ':') ||
      !ReadDigits(s, &pos, 2, &minute) || !ReadChar(s, &pos, ':') ||
      !ReadDigits(s, &pos, 2, &second)) {
    return false;
  }
  const chr::year_month_day ymd{chr::year{year}, chr::month{static_cast<unsigned>(month)},
                                chr::day{static_cast<unsigned>(day)}};
  if (!ymd.ok() || hour > 23 || minute > 59 || second > 59) {
    return false;
  }

  int64_t micros = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 6) {
        micros = micros * 10 + (s[pos] - '0');
      }
      ++digits;
      ++pos;
    }
    if (digits == 0 || digits > 9) {
      return false;
    }
    for (size_t i = digits; i < 6; ++i) {
      micros *= 10;
    }
  }

  int64_t offset_minutes = 0;
  if (pos >= s.size()) {
    return false;
  }
  if (s[pos] == 'Z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    const bool negative = s[pos] == '-';
    ++pos;
    int off_hour = 0, off_minute = 0;
    if (!ReadDigits(s, &pos, 2, &off_hour) || !ReadChar(s, &pos, ':') ||
        !ReadDigits(s, &pos, 2, &off_minute) || off_hour > 23 || off_minute > 59) {
      return false;
    }
    offset_minutes = int64_t{off_hour} * 60 + off_minute;
    if (negative) {
      offset_minutes = -offset_minutes;
    }
  } else {
    return false;
  }
  if (pos != s.size()) {
    return false;
  }

  // Local time minus its offset is UTC.
  *out = TimePoint(chr::sys_days{ymd}) + chr::hours(hour) + chr::minutes(minute) +
         chr::seconds(second) + chr::microseconds(micros) - chr::minutes(offset_minutes);
  return true;
}

chr::hours ParisUtcOffset(TimePoint t) { return chr::hours(IsEuSummerTime(t) ? 2 : 1); }

TimePoint ParisDayStart(chr::sys_days day) {
  // Midnight CET is day - 1 h; if summer time is in force then, midnight
  // CEST (day - 2 h) is the start.
  const TimePoint winter = TimePoint(day) - chr::hours(1);
  return ParisUtcOffset(winter) == chr::hours(2) ? TimePoint(day) - chr::hours(2) : winter;
}

std::string FormatParisHuman(TimePoint t) {
  const TimePoint local = ParisWallClock(t);
  const CivilTime c = ToCivil(local);
  char buf[64];
  // "\xC3\xA0" is U+00E0 (a with grave accent) in UTF-8.
  const int n =
      std::snprintf(buf, sizeof buf, "%02u/%02u/%04d \xC3\xA0 %02lld:%02lld", c.day, c.month,
                    c.year, static_cast<long long>(c.hour), static_cast<long long>(c.minute));
  return std::string(buf, static_cast<size_t>(n));
}

namespace {

const char* const kFrenchMonths[] = {"janvier",   "février", "mars",     "avril",
                                     "mai",       "juin",    "juillet",  "août",
                                     "septembre", "octobre", "novembre", "décembre"};

std::string DayWords(const CivilTime& c) {
  std::string out = c.day == 1 ? "1er" : std::to_string(c.day);
  out += ' ';
  out += kFrenchMonths[c.month - 1];
  out += ' ';
  out += std::to_string(c.year);
  return out;
}

}  // namespace

std::string FormatParisWords(TimePoint t) {
  const TimePoint local = t + chr::hours(IsEuSummerTime(t) ? 2 : 1);
  const CivilTime c = ToCivil(local);
  char minutes[8];
  std::snprintf(minutes, sizeof minutes, "%02lld", static_cast<long long>(c.minute));
  // "\xC3\xA0" is U+00E0 (a with grave accent) in UTF-8.
  return DayWords(c) + " \xC3\xA0 " + std::to_string(c.hour) + " h " + minutes;
}

std::string FormatParisDayWords(TimePoint t) {
  const TimePoint local = t + chr::hours(IsEuSummerTime(t) ? 2 : 1);
  return DayWords(ToCivil(local));
}

}  // namespace garant
