// Shared by the audit HTTP handlers (audit_tlog.cc, audit_api.cc,
// audit_console.cc): the log, its verifier key, and small readers over the
// audit tables. Built once by AddAuditRoutes; immutable afterwards, so it is
// shared by every request thread.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "garant/audit/checkpoint.h"
#include "garant/audit/log_store.h"
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

// The latest signed checkpoint: note, parsed head, signing time.
struct LatestCheckpoint {
  std::string note;
  audit::Checkpoint checkpoint;
  std::string signed_at;  // RFC 3339 UTC
};
// nullopt when nothing was signed yet. The note's signature is not checked here.
Result<std::optional<LatestCheckpoint>> ReadLatestCheckpoint(db::Connection& conn);

// A decimal index or size: digits only, no sign, at most kMaxTreeSize.
Result<uint64_t> ParseLogIndex(std::string_view s, std::string_view what);

// One stored entry as JSON: index, decoded fields, payload as JSON, leaf hash
// (hex). An entry that does not decode is shown with "decode_error".
boost::json::object EntryJson(uint64_t index, ByteView leaf, ByteView leaf_hash);

// A search of the trail; every filter optional. Times are leaf-format UTC
// text ("2026-11-28T17:20:51.000000Z"); `to` is exclusive. Newest first:
// `before` (a cursor) keeps indexes below it.
struct AuditQuery {
  std::optional<std::string> type, actor, object, from, to;
  std::optional<uint64_t> before;
  int64_t limit = 100;
};
struct AuditRow {
  uint64_t index = 0;
  Bytes leaf;
  Bytes leaf_hash;
};
Result<std::vector<AuditRow>> SearchAuditEntries(db::Connection& conn, const AuditQuery& q);

boost::json::array DigestsJson(const std::vector<audit::Digest>& digests);

void AddAuditTlogRoutes(Router& router, std::shared_ptr<AuditHttp> ctx);
void AddAuditApiRoutes(Router& router, std::shared_ptr<AuditHttp> ctx);
void AddAuditConsoleRoutes(Router& router, std::shared_ptr<AuditHttp> ctx);

}  // namespace garant::server
