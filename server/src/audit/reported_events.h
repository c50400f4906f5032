// What a service may report through POST /api/v1/audit/events, beyond the
// leaf grammar (audit::ValidateEvent): pure rules, unit-tested without a
// server (server/tests/reported_events_test.cc).
//
// - garant's own event types are reserved: a type whose first segment is one
//   of kReservedEventTypeRoots ("access.query", "staff.login", "access") is refused, so a
//   service can never forge an entry that reads as garant's (an objection, a
//   staff action, a key rotation, an access event, a finding …);
// - an event may not be dated more than kMaxReportedEventLead ahead of
//   garant's clock (exactly kMaxReportedEventLead ahead is accepted).
//
// Both refusals are kInvalidArgument with a reason slug (French text in
// http/reasons_fr.cc).
#pragma once

#include <array>
#include <chrono>
#include <string_view>

#include "garant/audit/leaf.h"
#include "garant/core/clock.h"
#include "garant/core/status.h"

namespace garant::server {

// First type segments reserved to garant. "gov" and "governance" are both
// reserved (the governance store writes "governance.…"); "rights" and "case"
// for the patient-rights and case-review work.
inline constexpr std::array<std::string_view, 13> kReservedEventTypeRoots = {
    "objection", "staff",         "exclusion", "keys",   "gov",  "governance", "audit",
    "access",    "service_token", "finding",   "rights", "case", "notice"};

inline constexpr std::chrono::minutes kMaxReportedEventLead{5};

inline constexpr std::string_view kReasonReservedEventType = "reserved_event_type";
inline constexpr std::string_view kReasonEventTimeInFuture = "event_time_in_future";
inline constexpr std::array<std::string_view, 2> kReportedEventReasons = {kReasonReservedEventType,
                                                                          kReasonEventTimeInFuture};

// True when `type`'s first segment (up to the first dot, or the whole type)
// is reserved.
bool IsReservedEventType(std::string_view type);

// Ok, or kInvalidArgument with reason kReasonReservedEventType or
// kReasonEventTimeInFuture. `now`: garant's clock.
Status CheckReportedEvent(const audit::Event& event, TimePoint now);

}  // namespace garant::server
