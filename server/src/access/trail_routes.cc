// GET /api/v1/audit/trail: the access trail of a person, an account or a
// project as a verifiable export (docs/audit-trail-exports.md), streamed with
// chunked transfer encoding in constant memory. Roles auditor and dpo (and
// the auditor service role). Each export is recorded first, as garant's own
// access event (action export, source "garant"); the export is cut from the
// latest signed checkpoint read BEFORE that event, so it never contains it.
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <memory>

#include "access/own_events.h"
#include "garant/access/event.h"
#include "garant/access/trail.h"
#include "garant/access/trail_export.h"
#include "garant/core/crypto.h"
#include "http/routes.h"

namespace garant::server {
namespace {

const std::vector<std::string> kTrailReaders = {kRoleAuditor, kRoleDpo};

Status Bad(std::string message, std::string_view reason) {
  return Status::InvalidArgument(std::move(message)).WithReason(reason);
}

Result<std::optional<TimePoint>> TimeParam(HttpExchange& ex, const std::string& name) {
  auto v = ex.Query(name);
  if (!v || v->empty()) return std::optional<TimePoint>();
  TimePoint t;
  if (!ParseRfc3339(*v, &t))
    return Bad("'" + name + "' must be an RFC 3339 time", "trail_bad_time");
  return std::optional<TimePoint>(t);
}

struct TrailRequest {
  access::TrailQuery query;
  access::TrailFormat format = access::TrailFormat::kJsonl;
  char separator = ',';
  std::optional<uint64_t> checkpoint;
};

Result<TrailRequest> ParseRequest(HttpExchange& ex) {
  TrailRequest r;
  int keys = 0;
  for (access::TrailKey k :
       {access::TrailKey::kPerson, access::TrailKey::kAccount, access::TrailKey::kProject}) {
    auto v = ex.Query(std::string(access::ToString(k)));
    if (!v || v->empty()) continue;
    r.query.key = k;
    r.query.value = *v;
    ++keys;
  }
  if (keys != 1) {
    return Bad("give exactly one of 'person_token', 'account', 'project'", "trail_one_key");
  }
  GARANT_ASSIGN_OR_RETURN(r.query.from, TimeParam(ex, "from"));
  GARANT_ASSIGN_OR_RETURN(r.query.to, TimeParam(ex, "to"));
  GARANT_RETURN_IF_ERROR(access::ValidateTrailQuery(r.query));
  auto format = access::ParseTrailFormat(ex.Query("format").value_or(""));
  if (!format) return Bad("'format' must be csv, csv-proofs, jsonl or fhir", "trail_bad_format");
  r.format = *format;
  if (auto sep = ex.Query("sep"); sep && !sep->empty()) {
    if (r.format != access::TrailFormat::kCsv && r.format != access::TrailFormat::kCsvProofs) {
      return Bad("'sep' applies to CSV only", "trail_bad_separator");
    }
    if (*sep == "semicolon") {
      r.separator = ';';
    } else if (*sep != "comma") {
      return Bad("'sep' must be comma or semicolon", "trail_bad_separator");
    }
  }
  if (auto cp = ex.Query("checkpoint"); cp && !cp->empty()) {
    if (cp->size() > 18 ||
        !std::all_of(cp->begin(), cp->end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return Bad("'checkpoint' must be a checkpoint's size", "trail_bad_checkpoint");
    }
    r.checkpoint = std::stoull(*cp);
  }
  return r;
}

// The query as the export's fingerprint: "trail:" and the SHA-256 of its
// canonical text (no token in clear: the event's patients say who).
std::string Fingerprint(const access::TrailQuery& q) {
  std::string text = std::string(access::ToString(q.key)) + "=" + q.value;
  if (q.from) text += "&from=" + FormatRfc3339Utc(*q.from);
  if (q.to) text += "&to=" + FormatRfc3339Utc(*q.to);
  crypto::Digest d = crypto::Sha256(text);
  return "trail:" + HexEncode(ByteView(d.data(), d.size()));
}

Status GetTrail(HttpExchange& ex, Services& s) {
  GARANT_ASSIGN_OR_RETURN(TrailRequest req, ParseRequest(ex));
  // 1. The cut, before the export's own event. (No connection is held while
  //    the event is recorded: the recording takes one from the same pool.)
  auto cut_or = [&]() -> Result<access::TrailCut> {
    GARANT_ASSIGN_OR_RETURN(db::PooledConnection c, s.pool.Acquire());
    return access::CutTrail(*c, req.checkpoint);
  }();
  GARANT_ASSIGN_OR_RETURN(access::TrailCut cut, std::move(cut_or));
  // 2. The export recorded as garant's own access event, committed before
  //    anything is sent: no export without its trace.
  std::vector<std::string> person;
  if (req.query.key == access::TrailKey::kPerson) person = {req.query.value};
  GARANT_ASSIGN_OR_RETURN(OwnReadEvent ev, RecordOwnRead(s, ex, Fingerprint(req.query),
                                                         access::Action::kExport, person));
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, s.pool.Acquire());
  // 3. The export, read in one snapshot, streamed.
  access::TrailHeader header;
  header.query = req.query;
  header.cut = std::move(cut);
  header.exported_at = ev.at;
  header.export_event_id = ev.id;
  header.export_event_index = ev.index;
  header.separator = req.separator;
  db::Transaction tx(*conn, db::Transaction::Isolation::kRepeatableRead);
  GARANT_RETURN_IF_ERROR(tx.status());
  std::string filename = "trail-" + ev.id +
                         (req.format == access::TrailFormat::kCsv         ? ".csv"
                          : req.format == access::TrailFormat::kFhir      ? ".fhir.json"
                          : req.format == access::TrailFormat::kCsvProofs ? ".csv.proofs.jsonl"
                                                                          : ".jsonl");
  ex.SetHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  ex.SetHeader("Garant-Checkpoint-Size", std::to_string(header.cut.checkpoint.head.size));
  ex.SetHeader("Garant-Export-Event", ev.id);
  // The events of the range that retention pruned (left out), in the same
  // snapshot as the export; also in the export's own header (JSON Lines, the
  // CSV sidecar, FHIR), which the plain CSV has no room for.
  GARANT_ASSIGN_OR_RETURN(
      header.pruned_entries,
      access::CountPrunedInTrail(*conn, header.query, header.cut.checkpoint.head.size));
  ex.SetHeader("Garant-Pruned-Entries", std::to_string(*header.pruned_entries));
  std::ostream& out = ex.BeginStream(200, std::string(access::ContentType(req.format)));
  auto written = access::WriteTrailExport(*conn, req.format, header, out);
  if (!written.ok()) {
    spdlog::error("trail export {} cut short: {}", ev.id, written.status().ToString());
    ex.AbortStream();
    return written.status();
  }
  return Status::Ok();
}

}  // namespace

// Registered by AddAccessRoutes (routes.cc).
void AddTrailRoutes(Router& router, Services& services) {
  router.Add({.method = "GET",
              .pattern = "/api/v1/audit/trail",
              .kind = ResponseKind::kJson,
              .access = Access::kRoles,
              .roles = kTrailReaders,
              .csrf = CsrfRule::kNone,
              .handler = [&services](HttpExchange& ex) { return GetTrail(ex, services); }});
}

}  // namespace garant::server
