// Test helpers for the audit module: an in-memory log (a LogSource and a
// TileReader) that tests can tamper with, reference RFC 6962 functions
// written straight from the RFC's recursive definitions, and event builders.
#pragma once

#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "garant/audit/checkpoint.h"
#include "garant/audit/hash.h"
#include "garant/audit/leaf.h"
#include "garant/audit/merkle.h"
#include "garant/audit/note.h"
#include "garant/audit/tile.h"
#include "garant/audit/verifier.h"
#include "garant/core/bytes.h"
#include "gtest/gtest.h"

namespace garant::audit::testing {

inline Digest D(std::string_view hex) {
  Result<Digest> d = DigestFromHex(hex);
  EXPECT_TRUE(d.ok()) << hex;
  return d.ok() ? *d : Digest{};
}

inline Bytes H(std::string_view hex) {
  Result<Bytes> b = HexDecode(hex);
  EXPECT_TRUE(b.ok()) << hex;
  return b.ok() ? *b : Bytes{};
}

// ---- RFC 6962 section 2.1, literally ----------------------------------------

inline uint64_t RefSplit(uint64_t n) {
  uint64_t k = 1;
  while (k * 2 < n) {
    { k *= 2; }
  }
  return k;
}

inline Digest RefMth(std::span<const Digest> d) {
  if (d.empty()) {
    { return EmptyTreeHash(); }
  }
  if (d.size() == 1) {
    { return d[0]; }
  }
  const uint64_t k = RefSplit(d.size());
  return NodeHash(RefMth(d.first(k)), RefMth(d.subspan(k)));
}

inline std::vector<Digest> RefPath(uint64_t m, std::span<const Digest> d) {
  if (d.size() <= 1) {
    { return {}; }
  }
  const uint64_t k = RefSplit(d.size());
  std::vector<Digest> out;
  if (m < k) {
    out = RefPath(m, d.first(k));
    out.push_back(RefMth(d.subspan(k)));
  } else {
    out = RefPath(m - k, d.subspan(k));
    out.push_back(RefMth(d.first(k)));
  }
  return out;
}

inline std::vector<Digest> RefSubproof(uint64_t m, std::span<const Digest> d, bool b) {
  if (m == d.size()) {
    if (b) {
      { return {}; }
    }
    return {RefMth(d)};
  }
  const uint64_t k = RefSplit(d.size());
  std::vector<Digest> out;
  if (m <= k) {
    out = RefSubproof(m, d.first(k), b);
    out.push_back(RefMth(d.subspan(k)));
  } else {
    out = RefSubproof(m - k, d.subspan(k), false);
    out.push_back(RefMth(d.first(k)));
  }
  return out;
}

inline std::vector<Digest> RefProof(uint64_t m, std::span<const Digest> d) {
  if (m == 0 || m == d.size()) {
    { return {}; }
  }
  return RefSubproof(m, d, true);
}

// ---- events and keys --------------------------------------------------------

inline TimePoint T(int64_t unix_micros) { return FromUnixMicros(unix_micros); }

inline Event MakeEvent(uint64_t n) {
  char id[40];
  std::snprintf(id, sizeof id, "%08llx-0000-4000-8000-%012llx",
                static_cast<unsigned long long>(n & 0xffffffff),
                static_cast<unsigned long long>(n));
  Event e;
  e.id = id;
  e.type = n % 3 == 0 ? "objection.created" : n % 3 == 1 ? "access.query" : "staff.login";
  e.time = T(1'764'350'451'123'456 + static_cast<int64_t>(n) * 1'000);
  e.actor = n % 2 == 0 ? "staff:" + std::to_string(n % 7) : "service:warehouse-1";
  e.object = "objection/R-" + std::to_string(n);
  e.payload = "{\"n\":" + std::to_string(n) + "}";
  return e;
}

inline Bytes MakeLeaf(uint64_t n) {
  Result<Bytes> b = EncodeLeaf(MakeEvent(n));
  EXPECT_TRUE(b.ok()) << b.status().ToString();
  return b.ok() ? *b : Bytes{};
}

inline crypto::Ed25519Seed Seed(uint8_t fill) {
  crypto::Ed25519Seed s;
  for (size_t i = 0; i < s.size(); ++i) {
    { s[i] = static_cast<uint8_t>(fill + i); }
  }
  return s;
}

inline constexpr std::string_view kOrigin = "contact.sos-medecins.fr/garant";

inline NoteSigner LogSigner(uint8_t fill = 7) {
  Result<NoteSigner> s = NoteSigner::Ed25519(std::string(kOrigin), Seed(fill));
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return std::move(s).value();
}

// ---- an in-memory log -------------------------------------------------------

// A log kept the way garant stores it: rows (leaf, leaf hash, chain) and the
// stored hashes of tree levels 8, 16, ...; plus checkpoints. Everything is
// public so tests can tamper with it.
class MemoryLog final : public LogSource, public TileReader {
 public:
  std::vector<std::optional<StoredEntry>> rows;
  std::map<std::pair<int, uint64_t>, Digest> tile_hashes;  // (level >= 8, index)
  std::optional<uint64_t> size_override;
  std::string latest;
  std::vector<std::string> history;

  void Append(Bytes leaf) {
    const uint64_t i = rows.size();
    const Digest lh = LeafHash(leaf);
    chain_ = ChainNext(chain_, lh);
    std::vector<StoredHash> done;
    EXPECT_TRUE(tree_.Append(lh, &done).ok());
    for (const StoredHash& s : done) {
      if (s.address.level > 0 && s.address.level % kTileHeight == 0) {
        tile_hashes[{s.address.level, s.address.index}] = s.hash;
      }
    }
    rows.push_back(StoredEntry{i, std::move(leaf), lh, chain_, false, {}});
  }
  void AppendEvents(uint64_t from, uint64_t to) {
    for (uint64_t n = from; n < to; ++n) {
      { Append(MakeLeaf(n)); }
    }
  }
  TreeHead Head() const { return {tree_.size(), tree_.Root()}; }

  // Signs the current head with a fresh signer (no consistency state) and
  // makes it the latest checkpoint; the previous latest goes to history.
  std::string Publish(const NoteSigner& signer) {
    Result<std::string> text = FormatCheckpoint(Checkpoint{std::string(kOrigin), Head(), {}});
    EXPECT_TRUE(text.ok());
    Result<std::string> note = SignNote(*text, std::span<const NoteSigner>(&signer, 1));
    EXPECT_TRUE(note.ok());
    if (!latest.empty()) {
      { history.push_back(latest); }
    }
    latest = *note;
    return latest;
  }

  // LogSource
  Result<std::string> LatestCheckpoint() override { return latest; }
  Result<std::vector<std::string>> CheckpointHistory() override { return history; }
  Result<uint64_t> Size() override { return size_override.value_or(rows.size()); }
  Status ReadEntries(uint64_t begin, uint64_t end, std::vector<StoredEntry>* out) override {
    ++entry_reads;
    for (uint64_t i = begin; i < end && i < rows.size(); ++i) {
      if (rows[i]) {
        { out->push_back(*rows[i]); }
      }
    }
    return Status::Ok();
  }
  bool KeepsTileHashes() const override { return true; }
  Status ReadStoredHashes(int level, uint64_t begin, uint64_t end,
                          std::vector<std::optional<Digest>>* out) override {
    for (uint64_t i = begin; i < end; ++i) {
      auto it = tile_hashes.find({level, i});
      out->push_back(it == tile_hashes.end() ? std::nullopt : std::optional<Digest>(it->second));
    }
    return Status::Ok();
  }

  // TileReader: tiles from the stored hashes (level 0 from the rows).
  Result<std::vector<Bytes>> ReadTiles(std::span<const Tile> tiles) override {
    std::vector<Bytes> out;
    for (const Tile& t : tiles) {
      std::vector<Digest> hs;
      for (int k = 0; k < t.width; ++k) {
        const uint64_t i = t.index * kTileWidth + static_cast<uint64_t>(k);
        if (t.level == 0) {
          if (i >= rows.size() || !rows[i]) {
            { return Status::NotFound("no row"); }
          }
          hs.push_back(*rows[i]->leaf_hash);
        } else {
          auto it = tile_hashes.find({t.level * kTileHeight, i});
          if (it == tile_hashes.end()) {
            { return Status::NotFound("no stored hash"); }
          }
          hs.push_back(it->second);
        }
      }
      out.push_back(EncodeHashTile(hs));
    }
    ++tile_reads;
    return out;
  }

  int entry_reads = 0;
  int tile_reads = 0;

 private:
  CompactTree tree_;
  Digest chain_ = ChainGenesis();
};

}  // namespace garant::audit::testing
