#include "garant/audit/verifier.h"

#include <algorithm>
#include <string>
#include <utility>

#include "garant/audit/merkle.h"
#include "garant/audit/tile.h"

namespace garant::audit {
namespace {

constexpr uint64_t kBlock = kTileWidth;     // entries read per block (one entry bundle)
constexpr uint64_t kLookaheadChunk = 4096;  // entries per read when looking for a later entry

// A signed tree head and where it came from.
struct KnownHead {
  TreeHead head;
  std::string label;
  bool latest = false;
};

struct Finding {
  DamageKind kind = DamageKind::kNone;
  uint64_t index = 0;
  std::string detail;
};

std::string Short(const Digest& d) { return DigestHex(d).substr(0, 16); }

// Stored hashes of one tree level, one aligned run of 256 indexes at a time.
class StoredHashCache {
 public:
  StoredHashCache(LogSource& source, int level) : source_(source), level_(level) {}

  Result<std::optional<Digest>> Get(uint64_t index) {
    const uint64_t begin = index / kBlock * kBlock;
    if (!loaded_ || begin != begin_) {
      hashes_.clear();
      GARANT_RETURN_IF_ERROR(source_.ReadStoredHashes(level_, begin, begin + kBlock, &hashes_));
      if (hashes_.size() != kBlock) {
        return Status::Internal("log source returned " + std::to_string(hashes_.size()) +
                                " stored hashes for 256 indexes");
      }
      begin_ = begin;
      loaded_ = true;
    }
    return hashes_[index - begin_];
  }

 private:
  LogSource& source_;
  int level_;
  bool loaded_ = false;
  uint64_t begin_ = 0;
  std::vector<std::optional<Digest>> hashes_;
};

// Whether the entry found at `index` (leaf hash `leaf_hash`, stored chain
// `stored_chain`) is a log entry that belongs at another index, by the
// evidence of the stored leaf hashes and chain values (DESIGN.md,
// "Verification"). One pass over [0, end).
Result<bool> BelongsElsewhere(LogSource& source, uint64_t end, uint64_t index,
                              const Digest& leaf_hash, const std::optional<Digest>& stored_chain) {
  TreeHasher hasher;
  // (d) with the genesis: the row's own chain value says it comes first.
  if (stored_chain && index != 0 && hasher.Chain(ChainGenesis(), leaf_hash) == *stored_chain) {
    return true;
  }
  std::vector<StoredEntry> entries;
  std::optional<Digest> previous_chain = ChainGenesis();  // stored chain of k - 1
  uint64_t expected = 0;                                  // k, to notice gaps
  for (uint64_t begin = 0; begin < end; begin += kLookaheadChunk) {
    entries.clear();
    GARANT_RETURN_IF_ERROR(
        source.ReadEntries(begin, std::min(end, begin + kLookaheadChunk), &entries));
    for (const StoredEntry& e : entries) {
      const uint64_t k = e.index;
      if (k != expected) {
        previous_chain.reset();  // k - 1 is absent
      }
      if (k != index) {
        // (a) the stored leaf hash of k is this entry's hash.
        if (e.leaf_hash && *e.leaf_hash == leaf_hash) {
          return true;
        }
        // (b) the chain of k commits this entry after k - 1.
        if (e.chain && previous_chain && hasher.Chain(*previous_chain, leaf_hash) == *e.chain) {
          return true;
        }
      }
      // (d) the row's own chain value commits it right after k.
      if (stored_chain && k + 1 != index && e.chain &&
          hasher.Chain(*e.chain, leaf_hash) == *stored_chain) {
        return true;
      }
      previous_chain = e.chain;
      expected = k + 1;
    }
  }
  return false;
}

class Scanner {
 public:
  Scanner(LogSource& source, std::vector<KnownHead> heads, uint64_t end,
          std::vector<std::pair<uint64_t, uint64_t>>* pruned)
      : source_(source), heads_(std::move(heads)), end_(end), pruned_(pruned) {}

  // Runs the scan; returns the first localised finding, if any.
  Result<std::optional<Finding>> Run(uint64_t* entries_checked) {
    CompareHeads();  // heads of size 0
    std::vector<StoredEntry> entries;
    std::vector<StoredHash> completed;
    for (uint64_t begin = 0; begin < end_; begin += kBlock) {
      const uint64_t block_end = std::min(end_, begin + kBlock);
      entries.clear();
      GARANT_RETURN_IF_ERROR(source_.ReadEntries(begin, block_end, &entries));
      size_t p = 0;
      for (uint64_t i = begin; i < block_end; ++i) {
        if (p < entries.size() && (entries[p].index < i || entries[p].index >= block_end)) {
          return Status::Internal("log source returned entries out of order or range");
        }
        if (p == entries.size() || entries[p].index != i) {
          return Absent(i);
        }
        const StoredEntry& e = entries[p++];
        if (e.pruned) {
          // Only the stored leaf hash is left: it enters the chain and the
          // tree as it is, and they tell whether it is the committed one.
          if (!e.leaf_hash || !e.leaf.empty()) {
            return std::optional<Finding>(
                Finding{DamageKind::kModified, i,
                        "entry " + std::to_string(i) + " is marked pruned but " +
                            (e.leaf_hash ? "still holds a leaf" : "has no stored leaf hash")});
          }
          if (!e.stored_type.empty() && !PrunableEventType(e.stored_type)) {
            return std::optional<Finding>(
                Finding{DamageKind::kModified, i,
                        "entry " + std::to_string(i) + " (" + e.stored_type +
                            ") has lost its content: that family is never pruned"});
          }
          if (!pruned_->empty() && pruned_->back().second + 1 == i) {
            pruned_->back().second = i;
          } else {
            pruned_->push_back({i, i});
          }
        }
        const Digest leaf_hash = e.pruned ? *e.leaf_hash : hasher_.Leaf(e.leaf);
        if (e.leaf_hash && *e.leaf_hash != leaf_hash) {
          return Localised(i, e, leaf_hash,
                           "the stored leaf hash " + Short(*e.leaf_hash) +
                               " is not the hash of the entry (" + Short(leaf_hash) + ")");
        }
        chain_ = hasher_.Chain(chain_, leaf_hash);
        if (e.chain && *e.chain != chain_) {
          return Localised(i, e, leaf_hash,
                           "the stored chain value " + Short(*e.chain) +
                               " is not the recomputed chain (" + Short(chain_) + ")" +
                               (e.pruned ? " (a pruned entry: its stored leaf hash is not the "
                                           "committed one)"
                                         : ""));
        }
        completed.clear();
        GARANT_RETURN_IF_ERROR(tree_.Append(leaf_hash, &completed));
        ++*entries_checked;
        for (const StoredHash& c : completed) {
          if (c.address.level == 0 || c.address.level % kTileHeight != 0) {
            continue;
          }
          GARANT_ASSIGN_OR_RETURN(std::optional<Finding> f, CheckStoredHash(c));
          if (f) {
            return f;
          }
        }
        CompareHeads();
      }
    }
    return std::optional<Finding>();
  }

  // The first signed head that the entries contradict, with the largest size
  // below it whose head they match (0 if none).
  const std::optional<Finding>& head_mismatch() const { return head_mismatch_; }
  bool latest_matched() const { return latest_matched_; }
  uint64_t heads_checked() const { return heads_checked_; }

 private:
  Result<std::optional<Finding>> Absent(uint64_t i) {
    GARANT_ASSIGN_OR_RETURN(std::optional<uint64_t> later, source_.FirstPresentIndex(i + 1, end_));
    if (later) {
      return std::optional<Finding>(Finding{DamageKind::kMissing, i,
                                            "entry " + std::to_string(i) +
                                                " is absent while entry " + std::to_string(*later) +
                                                " is present"});
    }
    return std::optional<Finding>(Finding{DamageKind::kTruncated, i,
                                          "the entries stop at " + std::to_string(i) +
                                              " but the log committed to " + std::to_string(end_) +
                                              " entries"});
  }

  Result<std::optional<Finding>> Localised(uint64_t i, const StoredEntry& e,
                                           const Digest& leaf_hash, std::string detail) {
    GARANT_ASSIGN_OR_RETURN(bool elsewhere, BelongsElsewhere(source_, end_, i, leaf_hash, e.chain));
    if (elsewhere) {
      return std::optional<Finding>(
          Finding{DamageKind::kReordered, i,
                  "the entry at " + std::to_string(i) + " belongs at another index; " + detail});
    }
    return std::optional<Finding>(Finding{DamageKind::kModified, i, std::move(detail)});
  }

  Result<std::optional<Finding>> CheckStoredHash(const StoredHash& c) {
    if (!source_.KeepsTileHashes()) {
      return std::optional<Finding>();
    }
    const int tile_level = c.address.level / kTileHeight;
    while (caches_.size() < static_cast<size_t>(tile_level)) {
      caches_.emplace_back(source_, static_cast<int>(caches_.size() + 1) * kTileHeight);
    }
    GARANT_ASSIGN_OR_RETURN(std::optional<Digest> stored,
                            caches_[static_cast<size_t>(tile_level - 1)].Get(c.address.index));
    const uint64_t first = c.address.index << c.address.level;
    const std::string where = "the stored hash at level " + std::to_string(c.address.level) +
                              " index " + std::to_string(c.address.index) + " (entries " +
                              std::to_string(first) + " to " +
                              std::to_string(((c.address.index + 1) << c.address.level) - 1) + ")";
    if (!stored) {
      return std::optional<Finding>(Finding{DamageKind::kMissing, first, where + " is absent"});
    }
    if (*stored != c.hash) {
      return std::optional<Finding>(
          Finding{DamageKind::kModified, first,
                  where + " is " + Short(*stored) + ", the entries give " + Short(c.hash)});
    }
    return std::optional<Finding>();
  }

  void CompareHeads() {
    // Sizes of matching heads seen so far are all below the current size.
    const uint64_t lower = last_matching_size_;
    while (next_head_ < heads_.size() && heads_[next_head_].head.size == tree_.size()) {
      const KnownHead& h = heads_[next_head_++];
      ++heads_checked_;
      const Digest root = tree_.Root();
      if (root == h.head.root) {
        last_matching_size_ = h.head.size;
        if (h.latest) {
          latest_matched_ = true;
        }
        continue;
      }
      if (!head_mismatch_) {
        // The first differing entry is after the last matching signed size
        // and before this one.
        head_mismatch_ =
            Finding{DamageKind::kModified, lower,
                    "the " + h.label + " (size " + std::to_string(h.head.size) + ", root " +
                        Short(h.head.root) + ") does not match the entries (root " + Short(root) +
                        "); the first differing entry is in [" + std::to_string(lower) + ", " +
                        std::to_string(h.head.size) + ")"};
      }
    }
  }

  LogSource& source_;
  std::vector<KnownHead> heads_;  // sorted by size
  const uint64_t end_;
  std::vector<std::pair<uint64_t, uint64_t>>* pruned_;
  TreeHasher hasher_;
  CompactTree tree_;
  Digest chain_ = ChainGenesis();
  std::vector<StoredHashCache> caches_;  // tree levels 8, 16, ...
  size_t next_head_ = 0;
  uint64_t heads_checked_ = 0;
  uint64_t last_matching_size_ = 0;
  bool latest_matched_ = false;
  std::optional<Finding> head_mismatch_;
};

}  // namespace

bool PrunableEventType(std::string_view type) {
  return type.starts_with("access.") || type.starts_with("staff.");
}

std::string PrunedRanges(const std::vector<std::pair<uint64_t, uint64_t>>& ranges) {
  std::string s;
  for (const auto& [first, last] : ranges) {
    if (!s.empty()) s += ",";
    s += std::to_string(first);
    if (last != first) s += "-" + std::to_string(last);
  }
  return s;
}

std::string_view DamageKindName(DamageKind kind) {
  switch (kind) {
    case DamageKind::kNone:
      return "none";
    case DamageKind::kModified:
      return "modified";
    case DamageKind::kMissing:
      return "missing";
    case DamageKind::kReordered:
      return "reordered";
    case DamageKind::kTruncated:
      return "truncated";
    case DamageKind::kForked:
      return "forked";
  }
  return "unknown";
}

std::string VerifyReport::Summary() const {
  if (kind == DamageKind::kNone) {
    std::string s = (rejected_checkpoints.empty() ? "ok: " : "checkpoint history damaged: ") +
                    std::to_string(entries_checked) + " entries, checkpoint " +
                    std::to_string(checkpoint.head.size);
    if (pruned > 0) {
      s += ", " + std::to_string(pruned) + " pruned in " + PrunedRanges(pruned_ranges);
    }
    for (const std::string& r : rejected_checkpoints) {
      s += "; " + r;
    }
    return s;
  }
  return std::string(DamageKindName(kind)) + " at index " + std::to_string(index) + ": " + detail;
}

Result<std::optional<uint64_t>> LogSource::FirstPresentIndex(uint64_t begin, uint64_t end) {
  std::vector<StoredEntry> entries;
  for (uint64_t b = begin; b < end; b += kLookaheadChunk) {
    entries.clear();
    GARANT_RETURN_IF_ERROR(ReadEntries(b, std::min(end, b + kLookaheadChunk), &entries));
    if (!entries.empty()) {
      return std::optional<uint64_t>(entries.front().index);
    }
  }
  return std::optional<uint64_t>();
}

Result<VerifyReport> VerifyLog(LogSource& source, const VerifyOptions& options) {
  VerifyReport report;
  GARANT_ASSIGN_OR_RETURN(std::string latest_note, source.LatestCheckpoint());
  Result<SignedCheckpoint> latest = OpenCheckpoint(latest_note, options.origin, options.verifiers);
  if (!latest.ok()) {
    return latest.status().WithContext("latest checkpoint");
  }
  report.checkpoint = latest->checkpoint;

  std::vector<KnownHead> heads;
  heads.push_back({latest->checkpoint.head, "latest checkpoint", true});
  for (size_t i = 0; i < options.trusted_checkpoints.size(); ++i) {
    Result<SignedCheckpoint> c =
        OpenCheckpoint(options.trusted_checkpoints[i], options.origin, options.verifiers);
    if (!c.ok()) {
      return c.status().WithContext("trusted checkpoint " + std::to_string(i + 1));
    }
    heads.push_back({c->checkpoint.head, "trusted checkpoint " + std::to_string(i + 1), false});
  }
  GARANT_ASSIGN_OR_RETURN(std::vector<std::string> history, source.CheckpointHistory());
  for (const std::string& note : history) {
    Result<SignedCheckpoint> c = OpenCheckpoint(note, options.origin, options.verifiers);
    if (!c.ok()) {
      report.rejected_checkpoints.push_back("a stored checkpoint does not verify: " +
                                            c.status().message());
      continue;
    }
    heads.push_back({c->checkpoint.head,
                     "stored checkpoint of size " + std::to_string(c->checkpoint.head.size),
                     false});
  }
  std::stable_sort(heads.begin(), heads.end(), [](const KnownHead& a, const KnownHead& b) {
    return a.head.size < b.head.size;
  });

  uint64_t end = heads.back().head.size;
  if (options.check_unsigned_tail) {
    GARANT_ASSIGN_OR_RETURN(uint64_t size, source.Size());
    end = std::max(end, size);
  }

  Scanner scanner(source, std::move(heads), end, &report.pruned_ranges);
  GARANT_ASSIGN_OR_RETURN(std::optional<Finding> found, scanner.Run(&report.entries_checked));
  for (const auto& [first, last] : report.pruned_ranges) report.pruned += last - first + 1;
  report.checkpoints_checked = scanner.heads_checked();
  if (!found && scanner.head_mismatch()) {
    found = scanner.head_mismatch();
    // Self-consistent entries that the latest signed checkpoint covers, but
    // that an earlier signed checkpoint contradicts: two signed histories.
    if (scanner.latest_matched()) {
      found->kind = DamageKind::kForked;
    }
  }
  if (found) {
    report.kind = found->kind;
    report.index = found->index;
    report.detail = std::move(found->detail);
  }
  return report;
}

}  // namespace garant::audit
