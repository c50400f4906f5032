// RFC 6962 Merkle tree math: the standard test vectors (RFC 6962 /
// certificate-transparency / transparency-dev merkle), exhaustive small trees
// against the RFC's recursive definitions, and the stored-hash numbering.
#include "garant/audit/merkle.h"

#include <bit>
#include <vector>

#include "audit_test_util.h"
#include "gtest/gtest.h"

namespace garant::audit {
namespace {

using testing::D;
using testing::H;

// The eight leaves of the RFC 6962 test suite.
std::vector<Bytes> VectorLeaves() {
  return {H(""),
          H("00"),
          H("10"),
          H("2021"),
          H("3031"),
          H("40414243"),
          H("5051525354555657"),
          H("606162636465666768696a6b6c6d6e6f")};
}

std::vector<Digest> VectorLeafHashes() {
  std::vector<Digest> out;
  for (const Bytes& l : VectorLeaves()) {
    out.push_back(LeafHash(l));
  }
  return out;
}

// Roots of the trees of the first 0..8 leaves.
const char* const kRoots[] = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

TEST(MerkleVectors, LeafAndNodeHashes) {
  const std::vector<Digest> lh = VectorLeafHashes();
  EXPECT_EQ(lh[0], D("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"));
  EXPECT_EQ(lh[1], D("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"));
  EXPECT_EQ(lh[4], D("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"));
  EXPECT_EQ(lh[7], D("46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1"));
  EXPECT_EQ(NodeHash(lh[2], lh[3]),
            D("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"));
  EXPECT_EQ(NodeHash(lh[4], lh[5]),
            D("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"));
  EXPECT_EQ(EmptyTreeHash(), D(kRoots[0]));
}

TEST(MerkleVectors, RootsForEverySize) {
  LeafHashesReader reader(VectorLeafHashes());
  CompactTree tree;
  for (uint64_t n = 0; n <= 8; ++n) {
    Result<Digest> root = TreeHash(n, reader);
    ASSERT_TRUE(root.ok()) << root.status().ToString();
    EXPECT_EQ(*root, D(kRoots[n])) << "size " << n;
    EXPECT_EQ(tree.Root(), D(kRoots[n])) << "compact size " << n;
    if (n < 8) {
      ASSERT_TRUE(tree.Append(VectorLeafHashes()[n]).ok());
    }
  }
}

struct InclusionVector {
  uint64_t index;
  uint64_t size;
  std::vector<const char*> proof;
};

TEST(MerkleVectors, InclusionProofs) {
  // Index is 0-based here (the CT suite numbers leaves from 1).
  const std::vector<InclusionVector> vectors = {
      {0, 1, {}},
      {0,
       8,
       {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
      {5,
       8,
       {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
      {2, 3, {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}},
      {1,
       5,
       {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
  };
  const std::vector<Digest> lh = VectorLeafHashes();
  LeafHashesReader reader(lh);
  for (const InclusionVector& v : vectors) {
    std::vector<Digest> want;
    for (const char* h : v.proof) {
      want.push_back(D(h));
    }
    Result<std::vector<Digest>> got = ProveRecord(v.size, v.index, reader);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(*got, want) << "index " << v.index << " size " << v.size;
    EXPECT_TRUE(CheckRecord(want, v.size, D(kRoots[v.size]), v.index, lh[v.index]).ok());
  }
}

struct ConsistencyVector {
  uint64_t old_size;
  uint64_t size;
  std::vector<const char*> proof;
};

TEST(MerkleVectors, ConsistencyProofs) {
  const std::vector<ConsistencyVector> vectors = {
      {1, 1, {}},
      {1,
       8,
       {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
      {6,
       8,
       {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
      {2,
       5,
       {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
  };
  LeafHashesReader reader(VectorLeafHashes());
  for (const ConsistencyVector& v : vectors) {
    std::vector<Digest> want;
    for (const char* h : v.proof) {
      want.push_back(D(h));
    }
    Result<std::vector<Digest>> got = ProveTree(v.size, v.old_size, reader);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(*got, want) << v.old_size << " -> " << v.size;
    EXPECT_TRUE(CheckTree(want, v.size, D(kRoots[v.size]), v.old_size, D(kRoots[v.old_size])).ok());
  }
}

std::vector<Digest> SmallLeafHashes(uint64_t n) {
  std::vector<Digest> out;
  for (uint64_t i = 0; i < n; ++i) {
    const uint8_t b[2] = {static_cast<uint8_t>(i), static_cast<uint8_t>(i >> 8)};
    out.push_back(LeafHash(ByteView(b, 2)));
  }
  return out;
}

// Flipping any bit of any element, dropping or adding an element, or
// claiming any other size or index must fail.
TEST(MerkleExhaustive, InclusionUpTo64) {
  const std::vector<Digest> all = SmallLeafHashes(64);
  LeafHashesReader reader(all);
  for (uint64_t n = 1; n <= 64; ++n) {
    std::span<const Digest> d(all.data(), n);
    const Digest root = testing::RefMth(d);
    ASSERT_EQ(*TreeHash(n, reader), root) << n;
    for (uint64_t m = 0; m < n; ++m) {
      Result<std::vector<Digest>> proof = ProveRecord(n, m, reader);
      ASSERT_TRUE(proof.ok());
      ASSERT_EQ(*proof, testing::RefPath(m, d)) << m << " in " << n;
      ASSERT_TRUE(CheckRecord(*proof, n, root, m, all[m]).ok()) << m << " in " << n;
      EXPECT_FALSE(CheckRecord(*proof, n, root, m, all[(m + 1) % 64]).ok());
      for (size_t k = 0; k < proof->size(); ++k) {
        std::vector<Digest> bad = *proof;
        bad[k][k % 32] ^= 0x01;
        EXPECT_EQ(CheckRecord(bad, n, root, m, all[m]).code(), Code::kDataLoss);
      }
      std::vector<Digest> longer = *proof;
      longer.push_back(root);
      EXPECT_FALSE(CheckRecord(longer, n, root, m, all[m]).ok());
      if (!proof->empty()) {
        std::vector<Digest> shorter(proof->begin(), proof->end() - 1);
        EXPECT_FALSE(CheckRecord(shorter, n, root, m, all[m]).ok());
      }
      // A proof of another index does not verify this record.
      if (n > 1) {
        EXPECT_FALSE(CheckRecord(*proof, n, root, (m + 1) % n, all[m]).ok());
      }
    }
    EXPECT_EQ(CheckRecord({}, n, root, n, all[0]).code(), Code::kInvalidArgument);
  }
}

TEST(MerkleExhaustive, ConsistencyUpTo64) {
  const std::vector<Digest> all = SmallLeafHashes(64);
  LeafHashesReader reader(all);
  std::vector<Digest> roots;
  for (uint64_t n = 0; n <= 64; ++n) {
    roots.push_back(testing::RefMth({all.data(), n}));
  }
  for (uint64_t n = 1; n <= 64; ++n) {
    std::span<const Digest> d(all.data(), n);
    for (uint64_t m = 0; m <= n; ++m) {
      Result<std::vector<Digest>> proof = ProveTree(n, m, reader);
      ASSERT_TRUE(proof.ok());
      ASSERT_EQ(*proof, testing::RefProof(m, d)) << m << " -> " << n;
      ASSERT_TRUE(CheckTree(*proof, n, roots[n], m, roots[m]).ok()) << m << " -> " << n;
      if (m > 0 && m < n) {
        EXPECT_FALSE(CheckTree(*proof, n, roots[n], m, roots[m - 1]).ok());
        EXPECT_FALSE(CheckTree(*proof, n, roots[n - 1], m, roots[m]).ok());
        for (size_t k = 0; k < proof->size(); ++k) {
          std::vector<Digest> bad = *proof;
          bad[k][31 - k % 32] ^= 0x80;
          EXPECT_EQ(CheckTree(bad, n, roots[n], m, roots[m]).code(), Code::kDataLoss);
        }
        std::vector<Digest> longer = *proof;
        longer.push_back(roots[n]);
        EXPECT_FALSE(CheckTree(longer, n, roots[n], m, roots[m]).ok());
        std::vector<Digest> shorter(proof->begin(), proof->end() - 1);
        EXPECT_FALSE(CheckTree(shorter, n, roots[n], m, roots[m]).ok());
        // Sizes the proof's length does not fit are rejected.
        EXPECT_FALSE(CheckTree(*proof, n + 64, roots[n], m, roots[m]).ok());
      }
    }
  }
}

TEST(MerkleExhaustive, EdgeCases) {
  LeafHashesReader reader(SmallLeafHashes(8));
  EXPECT_EQ(ProveRecord(0, 0, reader).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(ProveRecord(8, 8, reader).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(ProveTree(4, 5, reader).status().code(), Code::kInvalidArgument);
  EXPECT_TRUE(ProveTree(8, 0, reader)->empty());
  EXPECT_TRUE(CheckTree({}, 8, Digest{}, 0, EmptyTreeHash()).ok());
  EXPECT_FALSE(CheckTree({}, 8, Digest{}, 0, Digest{}).ok());
  EXPECT_FALSE(CheckTree({}, 8, D(kRoots[8]), 8, D(kRoots[7])).ok());
  EXPECT_EQ(TreeHash(9, reader).status().code(), Code::kNotFound);
  EXPECT_EQ(TreeHash(kMaxTreeSize + 1, reader).status().code(), Code::kInvalidArgument);
}

TEST(StoredHashIndex, MatchesAppendOrderAndInverts) {
  // Simulate appending records one at a time and number hashes in order.
  CompactTree tree;
  uint64_t next = 0;
  const std::vector<Digest> lh = SmallLeafHashes(300);
  for (uint64_t r = 0; r < lh.size(); ++r) {
    std::vector<StoredHash> done;
    ASSERT_TRUE(tree.Append(lh[r], &done).ok());
    for (const StoredHash& s : done) {
      ASSERT_EQ(StoredHashIndex(s.address.level, s.address.index), next)
          << s.address.level << "," << s.address.index;
      ASSERT_EQ(SplitStoredHashIndex(next), s.address) << next;
      ++next;
    }
    ASSERT_EQ(StoredHashCount(r + 1), next);
  }
  // Go tlog's documented numbering of the first hashes.
  EXPECT_EQ(StoredHashIndex(0, 0), 0u);
  EXPECT_EQ(StoredHashIndex(0, 1), 1u);
  EXPECT_EQ(StoredHashIndex(1, 0), 2u);
  EXPECT_EQ(StoredHashIndex(0, 2), 3u);
  EXPECT_EQ(StoredHashIndex(0, 3), 4u);
  EXPECT_EQ(StoredHashIndex(1, 1), 5u);
  EXPECT_EQ(StoredHashIndex(2, 0), 6u);
}

TEST(StoredHashIndex, StoredHashesForRecordHash) {
  const std::vector<Digest> lh = SmallLeafHashes(100);
  LeafHashesReader reader(lh);
  CompactTree tree;
  for (uint64_t r = 0; r < lh.size(); ++r) {
    std::vector<StoredHash> want;
    ASSERT_TRUE(tree.Append(lh[r], &want).ok());
    Result<std::vector<StoredHash>> got = StoredHashesForRecordHash(r, lh[r], reader);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(*got, want) << r;
  }
}

TEST(CompactTree, LoadAppendRoot) {
  const std::vector<Digest> lh = SmallLeafHashes(600);
  LeafHashesReader reader(lh);
  CompactTree grown;
  for (uint64_t n = 0; n <= lh.size(); n += 1) {
    Result<CompactTree> loaded = CompactTree::Load(n, reader);
    ASSERT_TRUE(loaded.ok());
    ASSERT_EQ(*loaded, grown) << n;
    ASSERT_EQ(loaded->edge().size(), static_cast<size_t>(std::popcount(n)));
    if (n % 37 == 0) {
      ASSERT_EQ(grown.Root(), *TreeHash(n, reader));
    }
    if (n < lh.size()) {
      ASSERT_TRUE(grown.Append(lh[n]).ok());
    }
  }
  EXPECT_FALSE(CompactTree::FromEdge(3, {Digest{}}).ok());
}

TEST(SubtreeCover, AlignedRangesOnly) {
  EXPECT_EQ(*SubtreeCover(0, 6), (std::vector<HashAddress>{{2, 0}, {1, 2}}));
  EXPECT_EQ(*SubtreeCover(4, 7), (std::vector<HashAddress>{{1, 2}, {0, 6}}));
  EXPECT_TRUE(SubtreeCover(5, 5)->empty());
  EXPECT_FALSE(SubtreeCover(1, 3).ok());
  EXPECT_FALSE(SubtreeCover(3, 2).ok());
}

}  // namespace
}  // namespace garant::audit
