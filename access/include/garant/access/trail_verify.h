// Offline verification of a trail export (trail_export.h), for
// `garant audit verify-export FILE --key K`: the checkpoint's signature, each
// entry's inclusion proof (and its findings') against the checkpoint root,
// and that each entry's text is exactly what its proven leaves render to.
// Read line by line: memory stays flat whatever the export's size.
//
// What it proves: every entry shown is in the signed log, as shown, with
// the findings shown. What it cannot prove offline: that no entry of the
// trail was left out (the recipient would need the whole log), or that a
// person's token is among an event's patients when the event names more
// than one (the leaf holds only the patients' digest; with one patient the
// digest is checked).
//
// Pure (reads the streams it is given), thread-compatible.
#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <span>
#include <string>

#include "garant/access/trail_export.h"
#include "garant/audit/checkpoint.h"
#include "garant/audit/note.h"
#include "garant/core/status.h"

namespace garant::access {

struct ExportVerification {
  bool ok = false;
  TrailFormat format = TrailFormat::kJsonl;
  uint64_t entries = 0;          // entries verified
  audit::Checkpoint checkpoint;  // when the header was read
  // The checkpoint's signed note verbatim (with any witness cosignature
  // lines), once its signature by one of the verifiers was checked.
  std::string note;
  // On failure: what is wrong, the entry's audit index when known, and the
  // line (1-based) of the file at fault (of the sidecar for proof lines).
  std::string problem;
  std::optional<uint64_t> index;
  uint64_t line = 0;
  bool in_sidecar = false;
};

// `file`: the export. `sidecar`: the CSV's .proofs.jsonl (required for CSV,
// ignored otherwise). The checkpoint must be signed by one of `verifiers`
// with origin `origin`. Always returns a verification (ok or the first
// problem); the Status is for a CSV without its sidecar (kInvalidArgument).
Result<ExportVerification> VerifyTrailExport(std::istream& file, std::istream* sidecar,
                                             std::span<const audit::NoteVerifier> verifiers,
                                             std::string_view origin);
// True when the first line of an export says it is CSV (needs a sidecar).
bool LooksLikeCsvExport(std::string_view first_line);

}  // namespace garant::access
