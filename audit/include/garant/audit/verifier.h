// Offline verification of a whole audit log (what `garant audit verify`
// runs): recompute every leaf hash, the hash chain and the Merkle tree from
// the entries alone, compare them with what the log stores and with every
// signed checkpoint, and name the first bad index and the kind of damage.
// The detection rules are in audit/DESIGN.md, "Verification".
//
// The source is a LogSource (log_source.h): PostgreSQL (pg_log_source.h), or
// tlog-tiles read from an export directory or a URL (tiled_log_source.h).
// Reading is sequential, in blocks of 256 entries.
//
// Thread-safety: VerifyLog uses the source from the calling thread only.
// Errors: a Status when verification cannot run (source failure, the latest
// checkpoint or a trusted checkpoint does not verify, malformed source
// output); otherwise a VerifyReport, whose ok() says whether the log holds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "garant/audit/checkpoint.h"
#include "garant/audit/hash.h"
#include "garant/audit/log_source.h"
#include "garant/audit/note.h"
#include "garant/core/bytes.h"
#include "garant/core/status.h"

namespace garant::audit {

enum class DamageKind {
  kNone,
  kModified,   // an entry, or a stored hash or chain value, is not what was committed
  kMissing,    // an entry is absent while later entries are present
  kReordered,  // the entry at this index is a log entry that belongs at another index
  kTruncated,  // the entries stop before a size the log committed to
  kForked,  // the log is self-consistent and signed, but contradicts an earlier signed checkpoint
};
// "none", "modified", "missing", "reordered", "truncated", "forked".
std::string_view DamageKindName(DamageKind kind);

struct VerifyOptions {
  std::string origin;
  std::vector<NoteVerifier> verifiers;
  // Signed checkpoint notes the auditor kept from earlier (trusted input:
  // one that does not verify is an error, not a finding).
  std::vector<std::string> trusted_checkpoints;
  // Also check entries beyond the latest checkpoint, up to the source's size
  // (they are not signed yet, but the stored hashes and chain must hold).
  bool check_unsigned_tail = true;
};

struct VerifyReport {
  DamageKind kind = DamageKind::kNone;
  uint64_t index = 0;     // the first bad index (meaningful when kind != kNone)
  std::string detail;     // what was compared and did not match
  Checkpoint checkpoint;  // the latest checkpoint, verified
  uint64_t entries_checked = 0;
  // Entries whose content was removed by retention: not damage. Their stored
  // leaf hashes still enter the chain and the tree, so a changed one is found
  // like any other (modified, at its index). Ranges are [first, last], ascending.
  uint64_t pruned = 0;
  std::vector<std::pair<uint64_t, uint64_t>> pruned_ranges;
  uint64_t checkpoints_checked = 0;
  // History notes that did not verify or are for another origin.
  std::vector<std::string> rejected_checkpoints;

  bool ok() const { return kind == DamageKind::kNone && rejected_checkpoints.empty(); }
  // One line: "ok: 1234 entries, checkpoint 1234[, 200 pruned in 0-199]" or
  // "modified at index 17: ...".
  std::string Summary() const;
};

// Whether retention may prune entries of this type: access.* and staff.*
// (sql/0023 audit_prunable_type says the same to the database).
bool PrunableEventType(std::string_view type);

// "0-199,512,600-700": pruned ranges as VerifyReport::Summary prints them.
std::string PrunedRanges(const std::vector<std::pair<uint64_t, uint64_t>>& ranges);

Result<VerifyReport> VerifyLog(LogSource& source, const VerifyOptions& options);

}  // namespace garant::audit
