// How the audit log is read by whoever checks or copies it: the entries
// (leaf, stored leaf hash, stored chain value), the stored hashes of tree
// levels 8, 16, ... (the upper tiles) and the signed checkpoints.
//
// One interface, so that `garant audit verify` (verifier.h) and
// `garant audit export` (export.h) read a log the same way, whatever holds
// it: PostgreSQL (pg_log_source.h), or a tlog-tiles layout fetched from an
// export directory or a garant server (tiled_log_source.h; the fetching
// itself lives in tools/). A source serves what is stored, never
// recomputed: finding the damage is the verifier's job.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "garant/audit/hash.h"
#include "garant/core/bytes.h"
#include "garant/core/status.h"

namespace garant::audit {

// One entry as a source stores it.
struct StoredEntry {
  uint64_t index = 0;
  Bytes leaf;
  std::optional<Digest> leaf_hash;  // the stored level-0 hash, when the source keeps one
  std::optional<Digest> chain;      // the stored chain value, when the source keeps one
  // The entry's content was removed by retention (`garant audit prune`):
  // `leaf` is empty and `leaf_hash` is all that is left of it. In a
  // tlog-tiles layout a pruned entry is a zero-length entry of its bundle (a
  // leaf is never empty).
  bool pruned = false;
  // The stored copy of the entry's type, when the source keeps one apart
  // from the leaf (PostgreSQL): tells a pruned entry of a family retention
  // never prunes.
  std::string stored_type;
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

}  // namespace garant::audit
