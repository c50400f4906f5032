// Appending audit events that have no business transaction of their own
// (the access check's answers), through the server's group-commit Appender
// (Services::appender). Staff logins and logouts are not here: their entry
// commits with the session row (staff::SessionStore).
//
// Thread-safe. Errors: kInvalidArgument / kTooLarge for an invalid event (a
// bug of the caller), database errors from the append; every failure is
// also logged (without the payload).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "garant/core/status.h"
#include "services.h"

namespace garant::server {

// For an answer that must not be given unless its entry is in the log (fail
// closed, e.g. the access check): appends one event and returns its index
// once committed, through the group-commit appender when the server has one,
// else in a transaction of its own (Services::audit_log); never Ok without an
// entry. Any failure to record is kUnavailable with reason `reason` (the
// cause goes to the server log), so the caller answers 503 and grants
// nothing; kInvalidArgument / kTooLarge stay as they are (a caller's bug).
Result<uint64_t> RecordRequiredAuditEvent(Services& services, const std::string& type,
                                          const std::string& actor, const std::string& object,
                                          const std::string& payload, std::string_view reason);

// The reason of RecordRequiredAuditEvent's refusal for the access check.
inline constexpr std::string_view kReasonAccessCheckNotRecorded = "access_check_not_recorded";

}  // namespace garant::server
