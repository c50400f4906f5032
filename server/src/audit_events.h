// Appending audit events that have no business transaction of their own
// (staff logins and logouts, ...), through the server's group-commit
// Appender (Services::appender).
//
// Thread-safe. Errors: kInvalidArgument / kTooLarge for an invalid event (a
// bug of the caller), database errors from the append; every failure is
// also logged (without the payload).
#pragma once

#include <string>

#include "garant/core/status.h"
#include "services.h"

namespace garant::server {

// Appends one event (fresh UUID, the services' clock) and returns once it is
// committed. Ok without doing anything when the server has no audit log.
Status RecordAuditEvent(Services& services, const std::string& type, const std::string& actor,
                        const std::string& object, const std::string& payload = "{}");

}  // namespace garant::server
