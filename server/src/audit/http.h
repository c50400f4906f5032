// Shared by the audit HTTP handlers (tlog.cc, api.cc, console.cc): the log,
// its verifier key, and request parsing and JSON rendering. The reading
// itself (SQL) is garant/audit/log_queries.h. Built once by AddAuditRoutes;
// immutable afterwards, so it is shared by every request thread.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "garant/audit/checkpoint.h"
#include "garant/audit/log_queries.h"
#include "garant/audit/note.h"
#include "garant/core/db.h"
#include "garant/core/status.h"
#include "http/router.h"
#include "services.h"

namespace garant::server {

struct AuditHttp {
  Services& s;
  std::string origin;
  audit::NoteVerifier verifier;  // garant's checkpoint key (signing_key_file, audit_origin)
};

// Who may read the audit trail.
extern const std::vector<std::string> kAuditReadRoles;  // auditor, dpo, admin
// Who may report events.
extern const std::vector<std::string> kAuditWriteRoles;  // warehouse, ingestion

// A decimal index or size: digits only, no sign, at most kMaxTreeSize.
Result<uint64_t> ParseLogIndex(std::string_view s, std::string_view what);

// One stored entry as JSON: index, decoded fields, payload as JSON, leaf hash
// (hex). An entry that does not decode is shown with "decode_error".
boost::json::object EntryJson(uint64_t index, ByteView leaf, ByteView leaf_hash);

boost::json::array DigestsJson(const std::vector<audit::Digest>& digests);

void AddAuditTlogRoutes(Router& router, std::shared_ptr<AuditHttp> ctx);
void AddAuditApiRoutes(Router& router, std::shared_ptr<AuditHttp> ctx);
void AddAuditConsoleRoutes(Router& router, std::shared_ptr<AuditHttp> ctx);

}  // namespace garant::server
