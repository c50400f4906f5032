// RFC 6962 Merkle tree math over stored full-subtree hashes, in the design of
// Go's golang.org/x/mod/sumdb/tlog (an independent implementation).
//
// Vocabulary. The hash at (level L, index n) is the Merkle tree hash of the
// full subtree over records [n * 2^L, (n + 1) * 2^L): level 0 holds leaf
// hashes, level L + 1 holds NodeHash(hash(L, 2n), hash(L, 2n + 1)). These are
// the only hashes a log stores; every root and proof is computed from them.
//
// Proofs are lists of hashes in RFC 6962 order (RFC 6962 section 2.1.1 and
// 2.1.2: from the leaf's sibling up to the root's child), so they interoperate
// with RFC 6962 / RFC 9162 / C2SP tlog verifiers.
//
// Errors: kInvalidArgument for impossible sizes or indexes (caller input),
// kDataLoss when a proof does not verify, and whatever the HashReader returns.
// Thread-safety: the free functions are thread-safe if the reader is.
#pragma once

#include <compare>
#include <cstdint>
#include <span>
#include <vector>

#include "garant/audit/hash.h"
#include "garant/core/status.h"

namespace garant::audit {

// The largest tree size garant accepts: 2^63 - 1 (sizes travel as PostgreSQL bigint).
inline constexpr uint64_t kMaxTreeSize = (uint64_t{1} << 63) - 1;

// Where a stored hash lives: level and index within the level.
struct HashAddress {
  int level = 0;
  uint64_t index = 0;
  friend bool operator==(const HashAddress&, const HashAddress&) = default;
  friend auto operator<=>(const HashAddress&, const HashAddress&) = default;
};

// A stored hash with its address.
struct StoredHash {
  HashAddress address;
  Digest hash;
  friend bool operator==(const StoredHash&, const StoredHash&) = default;
};

// Access to stored full-subtree hashes. Implementations: in-memory (tests),
// tiles (tile.h: TileHashReader over a TileReader, e.g. PostgreSQL).
class HashReader {
 public:
  virtual ~HashReader() = default;
  // The hash at (level, index). kNotFound if the storage does not have it.
  virtual Result<Digest> Hash(int level, uint64_t index) = 0;
  // Batch form, same order as addresses. The default calls Hash for each;
  // storage-backed readers override it to fetch in one round trip.
  virtual Result<std::vector<Digest>> ReadHashes(std::span<const HashAddress> addresses);
};

// Go tlog's linear numbering of stored hashes: the hashes are stored in the
// order they become available when records are appended one by one (record
// r's leaf hash, then the hashes of the subtrees record r completes, lowest
// level first). StoredHashIndex(0, n) for record n, etc.
uint64_t StoredHashIndex(int level, uint64_t index);
// The inverse of StoredHashIndex.
HashAddress SplitStoredHashIndex(uint64_t stored_index);
// How many hashes are stored for a tree of `size` records (2·size − popcount(size)).
uint64_t StoredHashCount(uint64_t size);
// The hashes that appending record `index` with hash `leaf_hash` adds, in
// stored order (record hash first). Reads the left siblings it needs.
Result<std::vector<StoredHash>> StoredHashesForRecordHash(uint64_t index, const Digest& leaf_hash,
                                                          HashReader& reader);

// The addresses of the maximal full subtrees covering records [lo, hi), left
// to right. Requires lo to be a multiple of the largest power of two <= hi-lo
// (true of every range RFC 6962 hashes; kInvalidArgument otherwise).
Result<std::vector<HashAddress>> SubtreeCover(uint64_t lo, uint64_t hi);

// The root of the tree of `tree_size` records (EmptyTreeHash() for 0).
Result<Digest> TreeHash(uint64_t tree_size, HashReader& reader);

// Inclusion proof of record `index` in the tree of `tree_size` records.
Result<std::vector<Digest>> ProveRecord(uint64_t tree_size, uint64_t index, HashReader& reader);
// Consistency proof that the tree of `old_size` records is a prefix of the
// tree of `tree_size` records (old_size <= tree_size; empty when equal or 0).
Result<std::vector<Digest>> ProveTree(uint64_t tree_size, uint64_t old_size, HashReader& reader);

// Checks an inclusion proof: record `index` with hash `record_hash` is in the
// tree of `tree_size` records whose root is `tree_hash`. The proof must be
// exactly as long as RFC 6962 makes it.
Status CheckRecord(std::span<const Digest> proof, uint64_t tree_size, const Digest& tree_hash,
                   uint64_t index, const Digest& record_hash);
// Checks a consistency proof between the tree of `old_size` records (root
// `old_hash`) and the tree of `tree_size` records (root `tree_hash`). Both
// sizes are bound by the proof: every element must be consumed.
Status CheckTree(std::span<const Digest> proof, uint64_t tree_size, const Digest& tree_hash,
                 uint64_t old_size, const Digest& old_hash);

// The right edge of a growing tree ("compact range"): the hashes of the
// maximal full subtrees covering [0, size), at most 64. Appending a leaf hash
// costs amortised one NodeHash. Value type; one thread at a time.
class CompactTree {
 public:
  CompactTree() = default;
  // The right edge of the tree of `size` records, read from stored hashes.
  static Result<CompactTree> Load(uint64_t size, HashReader& reader);
  // From the covering hashes themselves (SubtreeCover(0, size) order).
  static Result<CompactTree> FromEdge(uint64_t size, std::vector<Digest> edge);

  uint64_t size() const { return size_; }
  // The covering hashes, left to right (largest subtree first).
  const std::vector<Digest>& edge() const { return edge_; }

  // Appends a record's leaf hash. When `completed` is not null, appends to it
  // every full subtree hash this record completes, level 0 (the leaf hash)
  // first. Fails with kInvalidArgument past kMaxTreeSize.
  Status Append(const Digest& leaf_hash, std::vector<StoredHash>* completed = nullptr);
  // The root of the tree of size() records.
  Digest Root() const;

  friend bool operator==(const CompactTree&, const CompactTree&) = default;

 private:
  uint64_t size_ = 0;
  std::vector<Digest> edge_;
};

// An in-memory HashReader over a list of leaf hashes that computes any full
// subtree on demand (O(2^level)). For tests and small tools.
class LeafHashesReader final : public HashReader {
 public:
  explicit LeafHashesReader(std::vector<Digest> leaf_hashes) : leaves_(std::move(leaf_hashes)) {}
  Result<Digest> Hash(int level, uint64_t index) override;

 private:
  std::vector<Digest> leaves_;
};

}  // namespace garant::audit
