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

// The DPO's answer to an access request (art. 15): the printable letter
// (dpo_access_letter.tpl, reference DA-XXXX-XXXX) listing the projects and
// organisations that accessed the data of `tokens`, and the person's
// objections; the reading is recorded as garant's own view and the answer as
// a rights.answered entry (references and counts only). Used by
// /console/demandes/acces and by the rights requests' letters.
// The letter's addressee block (as the objection and rights letters): the
// name of who wrote (`name`; the person concerned, or the parent, heir,
// lawyer… then `on_behalf` names the person concerned), the birth name when a
// used name is shown, and the postal or e-mail address, one line per line;
// without `contact` the page asks to complete it by hand (not printed).
// Rendered only, never stored nor logged.
struct LetterAddressee {
  std::string name;
  std::optional<std::string> birth_name;
  std::optional<std::string> on_behalf;
  std::optional<std::string> contact;
};
Status SendAccessTrailLetter(HttpExchange& ex, Services& s, const std::vector<std::string>& tokens,
                             const LetterAddressee& to);

// Who may read the audit trail.
extern const std::vector<std::string> kAuditReadRoles;  // auditor, dpo, admin
// Who may report events.
extern const std::vector<std::string> kAuditWriteRoles;  // warehouse, ingestion

// A decimal index or size: digits only, no sign, at most kMaxTreeSize.
Result<uint64_t> ParseLogIndex(std::string_view s, std::string_view what);

// One stored entry as JSON: index, "pruned", decoded fields, payload as JSON,
// leaf hash (hex). An entry that does not decode is shown with
// "decode_error". A pruned entry (`pruned` set) has "pruned": true,
// "pruned_at", "retention_days" and its kept search columns (id, type, time,
// actor, object), and no payload (docs/openapi.yaml, AuditEntry).
boost::json::object EntryJson(uint64_t index, ByteView leaf, ByteView leaf_hash,
                              const std::optional<audit::PrunedEntry>& pruned);

// "Contenu supprimé le 03/12/2026 au terme de la durée de conservation
// (365 jours)": what the pages say in place of a pruned entry's content.
std::string PrunedNoticeFr(TimePoint pruned_at, std::optional<int64_t> retention_days);

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
// The value of a period bound's <input type="date">: AAAA-MM-JJ, the only
// form such a field takes (a bound typed JJ/MM/AAAA in the URL, given back
// as typed, would leave the field blank). The Paris day of a start, or the
// last day an (exclusive) end includes; "" for an open bound. A bound given
// as an RFC 3339 instant shows its day.
std::string DateInputValue(const std::optional<TimePoint>& bound, bool end);

// The period of /audit's overview: as the query gave it (`periode_du`,
// `periode_au`; the form's fields show it back), and as read (the last 30
// days when the query gives neither bound).
struct OverviewPeriodQuery {
  access::Period asked;
  access::Period read;
};
// The period and the overview itself, as the include OVERVIEW.
// The open cases are counted by OpenCases before the page takes `conn` (a
// handler never holds two pooled connections at once); nullopt: unavailable.
Result<OverviewPeriodQuery> OverviewPeriod(HttpExchange& ex, TimePoint now);
std::optional<int64_t> OpenCases(AuditHttp& ctx);
void FillOverview(AuditHttp& ctx, db::Connection& conn, const OverviewPeriodQuery& query,
                  std::optional<int64_t> open_cases, ctemplate::TemplateDictionary& d);

}  // namespace garant::server
