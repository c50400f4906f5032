// Europe/Paris civil time (CET, UTC+1; CEST, UTC+2 from the last Sunday of
// March 01:00 UTC to the last Sunday of October 01:00 UTC, EU Directive
// 2000/84/EC), for what garant shows or judges in Paris time (pages, the
// off_hours rule of the access trail).
//
// Pure, thread-safe.
#pragma once

#include <chrono>

#include "garant/core/clock.h"

namespace garant {

// The offset of Paris time from UTC at the instant `t`: 1 or 2 hours.
std::chrono::hours ParisUtcOffset(TimePoint t);

// The Paris wall-clock time of `t`, as a TimePoint whose UTC fields read as
// the Paris ones (floor<days> gives the Paris calendar day).
inline TimePoint ParisWallClock(TimePoint t) { return t + ParisUtcOffset(t); }

// The instant the Paris calendar day `day` begins (00:00 CET or CEST; the
// clocks never change at midnight).
TimePoint ParisDayStart(std::chrono::sys_days day);

}  // namespace garant
