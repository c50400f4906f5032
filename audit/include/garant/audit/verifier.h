// Offline verification of a whole audit log (what `garant audit verify`
// runs): recompute every leaf hash, the hash chain and the Merkle tree from
// the entries alone, compare them with what the log stores and with every
// signed checkpoint, and name the first bad index and the kind of damage.
// The detection rules are in audit/DESIGN.md, "Verification".
//
// The source is abstract: PostgreSQL (log_store.h), an export directory or a
// tlog-tiles URL (tools/). Reading is sequential, in blocks of 256 entries.
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
#include <vector>

#include "garant/audit/checkpoint.h"
#include "garant/audit/hash.h"
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

// One entry as a source stores it.
struct StoredEntry {
  uint64_t index = 0;
  Bytes leaf;
  std::optional<Digest> leaf_hash;  // the stored level-0 hash, when the source keeps one
  std::optional<Digest> chain;      // the stored chain value, when the source keeps one
};

class LogSource {
 public:
  virtual ~LogSource() = default;
  // The latest signed checkpoint note, verbatim.
  virtual Result<std::string> LatestCheckpoint() = 0;
  // Earlier signed checkpoint notes the source keeps (any order; may be empty).
  virtual Result<std::vector<std::string>> CheckpointHistory() = 0;
  // How many entries the source says it holds (its tree state).
  virtual Result<uint64_t> Size() = 0;
  // Appends the entries present with index in [begin, end), ascending.
  virtual Status ReadEntries(uint64_t begin, uint64_t end, std::vector<StoredEntry>* out) = 0;
  // Whether the source keeps the full-subtree hashes of tree levels 8, 16, ...
  virtual bool KeepsTileHashes() const = 0;
  // Appends, for each index in [begin, end), the stored hash at tree level
  // `level` (a positive multiple of 8), or nullopt when it is not stored.
  virtual Status ReadStoredHashes(int level, uint64_t begin, uint64_t end,
                                  std::vector<std::optional<Digest>>* out) = 0;
  // The first index in [begin, end) with an entry present. The default
  // reads entries in chunks; sources override it with one query.
  virtual Result<std::optional<uint64_t>> FirstPresentIndex(uint64_t begin, uint64_t end);
};

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
  uint64_t checkpoints_checked = 0;
  // History notes that did not verify or are for another origin.
  std::vector<std::string> rejected_checkpoints;

  bool ok() const { return kind == DamageKind::kNone && rejected_checkpoints.empty(); }
  // One line: "ok: 1234 entries, checkpoint 1234" or "modified at index 17: ...".
  std::string Summary() const;
};

Result<VerifyReport> VerifyLog(LogSource& source, const VerifyOptions& options);

}  // namespace garant::audit
