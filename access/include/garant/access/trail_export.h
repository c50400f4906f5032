// Trail exports: the access trail (trail.h) as JSON Lines, CSV (with its
// proofs in a JSON Lines sidecar) or a FHIR R4 Bundle of AuditEvent
// resources, each carrying the checkpoint it was cut from and, per entry, its
// audit index and inclusion proof. Formats, the FHIR mapping and the URIs:
// docs/audit-trail-exports.md.
//
// Every format is line-oriented and every entry line is a pure function of
// the entry's leaf bytes, its findings' leaf bytes, their proofs and the
// export's header (RenderEntry): the verifier (trail_verify.h) re-renders
// each entry from the leaves it has proven and compares bytes. Nothing of an
// entry comes from anywhere but its leaves.
//
// Thread-safety: pure functions are thread-safe; WriteTrailExport uses the
// connection it is given, from one thread. Errors: kDataLoss for a stored
// leaf that does not decode, the stream's failure as kUnavailable, and those
// of trail.h.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "garant/access/trail.h"
#include "garant/audit/hash.h"
#include "garant/core/clock.h"
#include "garant/core/status.h"

namespace garant::access {

enum class TrailFormat { kJsonl, kCsv, kCsvProofs, kFhir };
// "jsonl", "csv", "csv-proofs", "fhir".
std::string_view ToString(TrailFormat f);
std::optional<TrailFormat> ParseTrailFormat(std::string_view s);
// The HTTP Content-Type of each format.
std::string_view ContentType(TrailFormat f);

// The extension URIs of the FHIR rendering (documented in
// docs/audit-trail-exports.md; stable).
inline constexpr std::string_view kFhirCheckpointUrl =
    "urn:garant:fhir:StructureDefinition:audit-checkpoint";
inline constexpr std::string_view kFhirQueryUrl = "urn:garant:fhir:StructureDefinition:trail-query";
inline constexpr std::string_view kFhirEntryUrl = "urn:garant:fhir:StructureDefinition:audit-entry";
inline constexpr std::string_view kFhirFindingUrl =
    "urn:garant:fhir:StructureDefinition:audit-finding";

// What an export says about itself, in its header.
struct TrailHeader {
  TrailQuery query;
  TrailCut cut;
  TimePoint exported_at{};
  std::string export_event_id;      // the access event that records this export
  uint64_t export_event_index = 0;  // its audit index (>= the cut's size)
  char separator = ',';             // CSV only: ',' or ';'
  // The access events of the range left out because retention pruned them
  // (CountPrunedInTrail): "pruned" in the JSON header and the CSV sidecar's,
  // pruned_entries in the FHIR query extension. nullopt: not stated (an
  // export written before garant stated it; WriteTrailExport counts it).
  std::optional<uint64_t> pruned_entries = std::nullopt;
};

// What "scope" says of a pruned count: "key" (exactly the account's or the
// project's), "range" (a person's trail: every pruned event of the range).
std::string_view PrunedScope(TrailKey k);
// The pruned count stated in an export's first line (JSON Lines, the CSV
// sidecar, or the FHIR Bundle's first line); nullopt when it states none.
std::optional<uint64_t> PrunedEntriesOfExport(std::string_view first_line);

// An entry with its proofs against the cut.
struct ProvenEntry {
  TrailLeaves entry;
  std::vector<audit::Digest> proof;
  std::vector<std::vector<audit::Digest>> finding_proofs;  // as entry.findings
};

// The first line(s) of the export, each ending in "\n" (CSV: the header row;
// FHIR: the Bundle up to its entries).
Result<std::string> RenderHeader(TrailFormat f, const TrailHeader& h);
// The entry's line, ending in "\n"; `ordinal` counts entries from 0 (the
// FHIR bundle opens its entry array on the first). kDataLoss when a leaf does
// not decode as an access event (or a finding leaf as finding.raised).
Result<std::string> RenderEntry(TrailFormat f, const TrailHeader& h, const ProvenEntry& e,
                                uint64_t ordinal);
// The closing line, with the number of entries (JSON Lines and the sidecar:
// {"end":{"entries":N}}; FHIR: the Bundle's total; CSV: nothing).
std::string RenderEnd(TrailFormat f, uint64_t entries);

// Reads the trail of h.query below h.cut, proves each entry and writes the
// whole export to `out`, chunk by chunk (constant memory). Runs inside a
// transaction on `conn` (the caller's); counts the pruned entries in it when
// h.pruned_entries is nullopt. Returns the number of entries.
Result<uint64_t> WriteTrailExport(db::Connection& conn, TrailFormat f, const TrailHeader& h,
                                  std::ostream& out);

}  // namespace garant::access
