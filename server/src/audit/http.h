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

#include "garant/access/views.h"
#include "garant/audit/checkpoint.h"
#include "garant/audit/log_queries.h"
#include "garant/audit/note.h"
#include "garant/core/db.h"
#include "garant/core/status.h"
#include "http/router.h"
#include "services.h"

namespace ctemplate {
class TemplateDictionary;
}

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
// The auditor's desk (desk.cc): person, account and project trails, the DPO's
// access letter, and their JSON API.
void AddAuditDeskRoutes(Router& router, std::shared_ptr<AuditHttp> ctx);

// Records a staff member's view of the trail as garant's own access event
// (desk.cc); the view must not be shown when this fails.
Status RecordDeskView(AuditHttp& ctx, const HttpExchange& ex, const std::string& what);
// The period of /audit's overview (`periode_du`, `periode_au`; the last 30
// days by default) and the overview itself, as the include OVERVIEW.
Result<access::Period> OverviewPeriod(HttpExchange& ex, TimePoint now);
void FillOverview(AuditHttp& ctx, db::Connection& conn, const access::Period& period,
                  ctemplate::TemplateDictionary& d);

}  // namespace garant::server
