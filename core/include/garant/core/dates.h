// Calendar days as people type them on French forms. Pure, thread-safe.
//
// A French person writes 14/03/1985; programs and the API write 1985-03-14.
// Forms accept both, so that a date never has to be retyped in a format the
// phone's keypad cannot produce.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "garant/core/clock.h"

namespace garant {

// The three numbers of a typed date, not checked against the calendar (a
// birth date may have 00 for an unknown day or month).
struct TypedDate {
  int year = 0;
  int month = 0;
  int day = 0;
};

// Reads, after trimming ASCII spaces:
//   JJ/MM/AAAA, with "/", "-", "." or one space between the parts, and the
//              day and month written with one or two digits (4/3/1985);
//   JJMMAAAA   (8 digits, the form's numeric keypad);
//   AAAA-MM-JJ (ISO 8601, what programs send).
// Anything else (two-digit years, other orders, letters): nullopt.
std::optional<TypedDate> SplitTypedDate(std::string_view typed);

// SplitTypedDate, and a day that exists in the calendar (no 00). For dates
// typed by staff (reception dates, search periods).
std::optional<std::chrono::sys_days> ParseTypedDay(std::string_view typed);

// A bound of a search period typed by staff or sent by a program: a day
// (ParseTypedDay's forms) taken in Paris time, giving the start of that day,
// or with `end` the start of the next one (the day is included); or an
// RFC 3339 instant, as it is (then `end` is exclusive). nullopt otherwise.
std::optional<TimePoint> ParsePeriodBound(std::string_view text, bool end);

}  // namespace garant
