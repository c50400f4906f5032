#include "garant/audit/merkle.h"

#include <bit>
#include <string>
#include <utility>

namespace garant::audit {
namespace {

// A range of records [lo, hi) whose Merkle tree hash is wanted.
struct Range {
  uint64_t lo;
  uint64_t hi;
};

// The largest power of two strictly below n (n >= 2): RFC 6962's split point k.
uint64_t SplitPoint(uint64_t n) { return std::bit_floor(n - 1); }

Status SizeCheck(uint64_t tree_size) {
  if (tree_size > kMaxTreeSize) {
    return Status::InvalidArgument("tree size " + std::to_string(tree_size) + " is too large");
  }
  return Status::Ok();
}

// Folds covering subtree hashes (left to right) into the hash of their range.
Digest FoldRight(std::span<const Digest> hashes) {
  Digest h = hashes.back();
  for (size_t i = hashes.size() - 1; i-- > 0;) {
    h = NodeHash(hashes[i], h);
  }
  return h;
}

// Computes the Merkle tree hash of each range with a single batch read.
Result<std::vector<Digest>> RangeHashes(const std::vector<Range>& ranges, HashReader& reader) {
  std::vector<HashAddress> addresses;
  std::vector<size_t> ends;  // end offset in `addresses` of each range's cover
  for (const Range& r : ranges) {
    GARANT_ASSIGN_OR_RETURN(std::vector<HashAddress> cover, SubtreeCover(r.lo, r.hi));
    addresses.insert(addresses.end(), cover.begin(), cover.end());
    ends.push_back(addresses.size());
  }
  GARANT_ASSIGN_OR_RETURN(std::vector<Digest> hashes, reader.ReadHashes(addresses));
  if (hashes.size() != addresses.size()) {
    return Status::Internal("hash reader returned " + std::to_string(hashes.size()) +
                            " hashes for " + std::to_string(addresses.size()) + " addresses");
  }
  std::vector<Digest> out;
  out.reserve(ranges.size());
  size_t begin = 0;
  for (size_t end : ends) {
    out.push_back(FoldRight(std::span<const Digest>(hashes).subspan(begin, end - begin)));
    begin = end;
  }
  return out;
}

// RFC 6962 PATH(m, D[lo:hi]) as ranges, bottom-up.
void InclusionRanges(uint64_t lo, uint64_t hi, uint64_t m, std::vector<Range>* out) {
  if (hi - lo <= 1) {
    return;
  }
  const uint64_t k = SplitPoint(hi - lo);
  if (m < lo + k) {
    InclusionRanges(lo, lo + k, m, out);
    out->push_back({lo + k, hi});
  } else {
    InclusionRanges(lo + k, hi, m, out);
    out->push_back({lo, lo + k});
  }
}

// RFC 6962 SUBPROOF(m, D[lo:hi], b) as ranges, bottom-up. m is absolute.
void ConsistencyRanges(uint64_t lo, uint64_t hi, uint64_t m, bool b, std::vector<Range>* out) {
  if (m == hi) {
    if (!b) {
      out->push_back({lo, hi});
    }
    return;
  }
  const uint64_t k = SplitPoint(hi - lo);
  if (m <= lo + k) {
    ConsistencyRanges(lo, lo + k, m, b, out);
    out->push_back({lo + k, hi});
  } else {
    ConsistencyRanges(lo + k, hi, m, false, out);
    out->push_back({lo, lo + k});
  }
}

Status BadProof(std::string_view what) {
  return Status::DataLoss(std::string("proof does not verify: ") + std::string(what));
}

// Root of [lo, hi) from an inclusion proof for record m, consuming the proof
// from its end (the top of the tree) downwards. Every element must be used.
Result<Digest> InclusionRoot(std::span<const Digest> proof, uint64_t lo, uint64_t hi, uint64_t m,
                             const Digest& leaf) {
  if (hi - lo == 1) {
    if (!proof.empty()) {
      return BadProof("inclusion proof too long");
    }
    return leaf;
  }
  if (proof.empty()) {
    return BadProof("inclusion proof too short");
  }
  const uint64_t k = SplitPoint(hi - lo);
  const Digest& sibling = proof.back();
  std::span<const Digest> rest = proof.first(proof.size() - 1);
  if (m < lo + k) {
    GARANT_ASSIGN_OR_RETURN(Digest left, InclusionRoot(rest, lo, lo + k, m, leaf));
    return NodeHash(left, sibling);
  }
  GARANT_ASSIGN_OR_RETURN(Digest right, InclusionRoot(rest, lo + k, hi, m, leaf));
  return NodeHash(sibling, right);
}

struct RootPair {
  Digest old_root;  // hash of [lo, m)
  Digest new_root;  // hash of [lo, hi)
};

// Both roots of [lo, hi) from a consistency proof with old boundary m.
Result<RootPair> ConsistencyRoots(std::span<const Digest> proof, uint64_t lo, uint64_t hi,
                                  uint64_t m, bool b, const Digest& old_hash) {
  if (m == hi) {
    if (b) {
      if (!proof.empty()) {
        return BadProof("consistency proof too long");
      }
      return RootPair{old_hash, old_hash};
    }
    if (proof.size() != 1) {
      return BadProof(proof.empty() ? "consistency proof too short" : "consistency proof too long");
    }
    return RootPair{proof[0], proof[0]};
  }
  if (proof.empty()) {
    return BadProof("consistency proof too short");
  }
  const uint64_t k = SplitPoint(hi - lo);
  const Digest& sibling = proof.back();
  std::span<const Digest> rest = proof.first(proof.size() - 1);
  if (m <= lo + k) {
    GARANT_ASSIGN_OR_RETURN(RootPair p, ConsistencyRoots(rest, lo, lo + k, m, b, old_hash));
    return RootPair{p.old_root, NodeHash(p.new_root, sibling)};
  }
  GARANT_ASSIGN_OR_RETURN(RootPair p, ConsistencyRoots(rest, lo + k, hi, m, false, old_hash));
  return RootPair{NodeHash(sibling, p.old_root), NodeHash(sibling, p.new_root)};
}

}  // namespace

Result<std::vector<Digest>> HashReader::ReadHashes(std::span<const HashAddress> addresses) {
  std::vector<Digest> out;
  out.reserve(addresses.size());
  for (const HashAddress& a : addresses) {
    GARANT_ASSIGN_OR_RETURN(Digest d, Hash(a.level, a.index));
    out.push_back(d);
  }
  return out;
}

uint64_t StoredHashCount(uint64_t size) {
  return 2 * size - static_cast<uint64_t>(std::popcount(size));
}

uint64_t StoredHashIndex(int level, uint64_t index) {
  // The hash (level, index) is stored right after the leaf hash of the last
  // record of its subtree, after the `level - 1` hashes below it.
  const uint64_t last_record = ((index + 1) << level) - 1;
  return StoredHashCount(last_record) + static_cast<uint64_t>(level);
}

HashAddress SplitStoredHashIndex(uint64_t stored_index) {
  // Find the record r whose hashes include stored_index: the largest r with
  // StoredHashCount(r) <= stored_index (the count is strictly increasing).
  uint64_t lo = 0;
  uint64_t hi = stored_index;  // StoredHashCount(r) >= r
  while (lo < hi) {
    const uint64_t mid = lo + (hi - lo + 1) / 2;
    if (StoredHashCount(mid) <= stored_index) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  const int level = static_cast<int>(stored_index - StoredHashCount(lo));
  return HashAddress{level, ((lo + 1) >> level) - 1};
}

Result<std::vector<StoredHash>> StoredHashesForRecordHash(uint64_t index, const Digest& leaf_hash,
                                                          HashReader& reader) {
  if (index >= kMaxTreeSize) {
    return Status::InvalidArgument("record index too large");
  }
  // Record `index` completes one subtree per trailing 1 bit of `index`.
  const int levels = std::countr_one(index);
  std::vector<HashAddress> siblings;
  for (int l = 0; l < levels; ++l) {
    siblings.push_back({l, (index >> l) - 1});
  }
  GARANT_ASSIGN_OR_RETURN(std::vector<Digest> left, reader.ReadHashes(siblings));
  std::vector<StoredHash> out;
  out.push_back({{0, index}, leaf_hash});
  Digest cur = leaf_hash;
  for (int l = 0; l < levels; ++l) {
    cur = NodeHash(left[static_cast<size_t>(l)], cur);
    out.push_back({{l + 1, index >> (l + 1)}, cur});
  }
  return out;
}

Result<std::vector<HashAddress>> SubtreeCover(uint64_t lo, uint64_t hi) {
  if (lo > hi || hi > kMaxTreeSize) {
    return Status::InvalidArgument("bad record range [" + std::to_string(lo) + ", " +
                                   std::to_string(hi) + ")");
  }
  std::vector<HashAddress> out;
  while (lo < hi) {
    const uint64_t k = std::bit_floor(hi - lo);
    if (lo % k != 0) {
      return Status::InvalidArgument("record range [" + std::to_string(lo) + ", " +
                                     std::to_string(hi) + ") is not RFC 6962 aligned");
    }
    const int level = std::countr_zero(k);
    out.push_back({level, lo >> level});
    lo += k;
  }
  return out;
}

Result<Digest> TreeHash(uint64_t tree_size, HashReader& reader) {
  GARANT_RETURN_IF_ERROR(SizeCheck(tree_size));
  if (tree_size == 0) {
    return EmptyTreeHash();
  }
  GARANT_ASSIGN_OR_RETURN(std::vector<Digest> h, RangeHashes({{0, tree_size}}, reader));
  return h[0];
}

Result<std::vector<Digest>> ProveRecord(uint64_t tree_size, uint64_t index, HashReader& reader) {
  GARANT_RETURN_IF_ERROR(SizeCheck(tree_size));
  if (index >= tree_size) {
    return Status::InvalidArgument("record " + std::to_string(index) +
                                   " is not in a tree of size " + std::to_string(tree_size));
  }
  std::vector<Range> ranges;
  InclusionRanges(0, tree_size, index, &ranges);
  return RangeHashes(ranges, reader);
}

Result<std::vector<Digest>> ProveTree(uint64_t tree_size, uint64_t old_size, HashReader& reader) {
  GARANT_RETURN_IF_ERROR(SizeCheck(tree_size));
  if (old_size > tree_size) {
    return Status::InvalidArgument("old tree size " + std::to_string(old_size) +
                                   " exceeds tree size " + std::to_string(tree_size));
  }
  if (old_size == 0 || old_size == tree_size) {
    return std::vector<Digest>{};
  }
  std::vector<Range> ranges;
  ConsistencyRanges(0, tree_size, old_size, true, &ranges);
  return RangeHashes(ranges, reader);
}

Status CheckRecord(std::span<const Digest> proof, uint64_t tree_size, const Digest& tree_hash,
                   uint64_t index, const Digest& record_hash) {
  GARANT_RETURN_IF_ERROR(SizeCheck(tree_size));
  if (index >= tree_size) {
    return Status::InvalidArgument("record " + std::to_string(index) +
                                   " is not in a tree of size " + std::to_string(tree_size));
  }
  GARANT_ASSIGN_OR_RETURN(Digest root, InclusionRoot(proof, 0, tree_size, index, record_hash));
  if (root != tree_hash) {
    return BadProof("inclusion proof leads to another root");
  }
  return Status::Ok();
}

Status CheckTree(std::span<const Digest> proof, uint64_t tree_size, const Digest& tree_hash,
                 uint64_t old_size, const Digest& old_hash) {
  GARANT_RETURN_IF_ERROR(SizeCheck(tree_size));
  if (old_size > tree_size) {
    return Status::InvalidArgument("old tree size " + std::to_string(old_size) +
                                   " exceeds tree size " + std::to_string(tree_size));
  }
  if (old_size == 0) {
    if (!proof.empty()) {
      return BadProof("consistency proof from the empty tree must be empty");
    }
    if (old_hash != EmptyTreeHash()) {
      return BadProof("the empty tree has another root");
    }
    return Status::Ok();
  }
  if (old_size == tree_size) {
    if (!proof.empty()) {
      return BadProof("consistency proof between equal sizes must be empty");
    }
    if (old_hash != tree_hash) {
      return BadProof("two different roots for the same tree size");
    }
    return Status::Ok();
  }
  GARANT_ASSIGN_OR_RETURN(RootPair roots,
                          ConsistencyRoots(proof, 0, tree_size, old_size, true, old_hash));
  if (roots.old_root != old_hash) {
    return BadProof("consistency proof leads to another old root");
  }
  if (roots.new_root != tree_hash) {
    return BadProof("consistency proof leads to another new root");
  }
  return Status::Ok();
}

Result<CompactTree> CompactTree::Load(uint64_t size, HashReader& reader) {
  GARANT_ASSIGN_OR_RETURN(std::vector<HashAddress> cover, SubtreeCover(0, size));
  GARANT_ASSIGN_OR_RETURN(std::vector<Digest> edge, reader.ReadHashes(cover));
  return FromEdge(size, std::move(edge));
}

Result<CompactTree> CompactTree::FromEdge(uint64_t size, std::vector<Digest> edge) {
  GARANT_RETURN_IF_ERROR(SizeCheck(size));
  if (edge.size() != static_cast<size_t>(std::popcount(size))) {
    return Status::InvalidArgument("a tree of size " + std::to_string(size) + " has " +
                                   std::to_string(std::popcount(size)) +
                                   " covering subtrees, got " + std::to_string(edge.size()));
  }
  CompactTree t;
  t.size_ = size;
  t.edge_ = std::move(edge);
  return t;
}

Status CompactTree::Append(const Digest& leaf_hash, std::vector<StoredHash>* completed) {
  if (size_ >= kMaxTreeSize) {
    return Status::InvalidArgument("tree is full");
  }
  uint64_t index = size_;
  int level = 0;
  Digest cur = leaf_hash;
  if (completed != nullptr) {
    completed->push_back({{0, index}, cur});
  }
  // Each trailing 1 bit of the old size is a full subtree on the edge that the
  // new record completes into a subtree one level up.
  while ((index & 1) != 0) {
    cur = NodeHash(edge_.back(), cur);
    edge_.pop_back();
    index >>= 1;
    ++level;
    if (completed != nullptr) {
      completed->push_back({{level, index}, cur});
    }
  }
  edge_.push_back(cur);
  ++size_;
  return Status::Ok();
}

Digest CompactTree::Root() const {
  if (edge_.empty()) {
    return EmptyTreeHash();
  }
  return FoldRight(edge_);
}

Result<Digest> LeafHashesReader::Hash(int level, uint64_t index) {
  if (level < 0 || level >= 63 || index > (kMaxTreeSize >> level)) {
    return Status::InvalidArgument("bad hash address");
  }
  const uint64_t lo = index << level;
  const uint64_t hi = (index + 1) << level;
  if (hi > leaves_.size()) {
    return Status::NotFound("hash (" + std::to_string(level) + ", " + std::to_string(index) +
                            ") is beyond the " + std::to_string(leaves_.size()) + " leaves");
  }
  std::vector<Digest> row(leaves_.begin() + static_cast<ptrdiff_t>(lo),
                          leaves_.begin() + static_cast<ptrdiff_t>(hi));
  while (row.size() > 1) {
    for (size_t i = 0; i < row.size() / 2; ++i) {
      row[i] = NodeHash(row[2 * i], row[2 * i + 1]);
    }
    row.resize(row.size() / 2);
  }
  return row[0];
}

}  // namespace garant::audit
