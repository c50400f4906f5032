#include "audit/reported_events.h"

#include <algorithm>
#include <string>

namespace garant::server {

bool IsReservedEventType(std::string_view type) {
  std::string_view root = type.substr(0, type.find('.'));
  return std::find(kReservedEventTypeRoots.begin(), kReservedEventTypeRoots.end(), root) !=
         kReservedEventTypeRoots.end();
}

Status CheckReportedEvent(const audit::Event& event, TimePoint now) {
  if (IsReservedEventType(event.type)) {
    std::string root(event.type.substr(0, event.type.find('.')));
    return Status(
        Code::kInvalidArgument,
        "field 'type': '" + root + ".' types are garant's own and cannot be reported by a service",
        std::string(kReasonReservedEventType));
  }
  if (event.time > now + kMaxReportedEventLead) {
    return Status(Code::kInvalidArgument,
                  "field 'time' is more than 5 minutes ahead of garant's clock (" +
                      FormatRfc3339Utc(now) + ")",
                  std::string(kReasonEventTimeInFuture));
  }
  return Status::Ok();
}

}  // namespace garant::server
