// Injected time. Production uses SystemClock; tests use ManualClock.
// Times inside garant are UTC, to the microsecond. Pages show Europe/Paris.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace garant {

using TimePoint = std::chrono::time_point<std::chrono::system_clock, std::chrono::microseconds>;

// Thread-safe: implementations may be called from any thread.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override;
  // A process-wide instance (never destroyed).
  static const Clock& Instance();
};

// A clock that moves only when told to. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start) : now_(start) {}
  TimePoint Now() const override;
  void Advance(std::chrono::microseconds d);
  void Set(TimePoint t);

 private:
  mutable std::mutex mu_;
  TimePoint now_;
};

// Microseconds since the Unix epoch.
int64_t ToUnixMicros(TimePoint t);
TimePoint FromUnixMicros(int64_t us);

// "2026-11-28T17:20:51.123456Z" (RFC 3339, UTC, always 6 fractional digits).
std::string FormatRfc3339Utc(TimePoint t);
// "2026-11-28T17:20:51Z": to the second, the fraction truncated (the form of
// the staff API's account and token times, and of checkpoint times).
std::string FormatRfc3339UtcSeconds(TimePoint t);
// "2026-11-28": a calendar day as ISO 8601 (a date column, a date input's
// value, a JSON date).
std::string FormatIsoDay(std::chrono::sys_days d);
// Parses RFC 3339 with a Z or a numeric offset; fractional seconds optional.
// Returns false on malformed input.
bool ParseRfc3339(std::string_view s, TimePoint* out);
// "28/11/2026 à 18:20" in Europe/Paris local time (CET/CEST rules), for pages.
std::string FormatParisHuman(TimePoint t);
// "2 janvier 2027 à 2 h 00": the same instant in words, as a French letter
// writes it (receipts, status pages). "1er" for the first of a month.
std::string FormatParisWords(TimePoint t);
// "2 janvier 2027": the Paris calendar day of `t`, in words.
std::string FormatParisDayWords(TimePoint t);

}  // namespace garant
