// garant filter --server (docs/exclusion-lists.md §6): the list is fetched
// from garantd instead of read from a file, and a successful run is recorded
// in garantd's audit log as a "filter.run" event.
//
// The fetched document is only bytes: the caller verifies it exactly as a
// file (VerifyExclusionList) before reading any record. The recorded event
// holds the list version, digest and key id, the input's SHA-256, the counts
// (with the RPPS ones: numbers replaced by their token, records flagged
// because their professional objected) and the project: never an identity,
// an RPPS number or a record.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "garant/consent/exclusion_list.h"
#include "garant/consent/filter.h"
#include "garant/core/status.h"
#include "garantd_client.h"

namespace garant::cli {

// GET /api/v1/exclusions/current?pseudonym_key_id=<id>: the document as served.
Result<std::string> FetchCurrentList(const GarantdClient& client,
                                     std::string_view pseudonym_key_id);

// What a finished run did, as recorded.
struct FilterRunFacts {
  consent::ListHeader list;
  std::optional<std::string> project;  // the project reference, if filtered for one
  std::string record_format;           // jsonl or csv
  std::string input_sha256;
  consent::FilterCounts counts;
  std::string started_at;  // RFC 3339 UTC, 6 fraction digits
  std::string finished_at;
  // The member read as a health professional's RPPS number (--rpps-field);
  // the payload holds it beside counts.rpps_tokenised and
  // counts.professional_flagged.
  std::string rpps_field = std::string(consent::kDefaultRppsField);
};

// The event id: a UUID derived from the run's facts (input digest, list
// version and digest, key id, project, start time), so that a retried
// request is recognised by garantd and never recorded twice.
std::string FilterRunEventId(const FilterRunFacts& run);
// The body of POST /api/v1/audit/events for this run (one event).
std::string FilterRunEventsBody(const FilterRunFacts& run);

struct RecordedRun {
  std::string event_id;
  std::optional<uint64_t> index;  // the audit log index garantd returned
};

// POSTs the event, retrying a transient failure (unreachable, 5xx) twice
// with the same event id.
Result<RecordedRun> RecordFilterRun(const GarantdClient& client, const FilterRunFacts& run);

}  // namespace garant::cli
