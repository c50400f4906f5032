#include "garant/audit/tiled_log_source.h"

#include <algorithm>

#include "garant/audit/checkpoint.h"
#include "garant/audit/note.h"
#include "garant/audit/tile.h"

namespace garant::audit {
namespace {

constexpr size_t kMaxCachedBundles = 64;

std::vector<Digest> HashesOf(const Bytes& data) {
  std::vector<Digest> out(data.size() / kDigestSize);
  for (size_t i = 0; i < out.size(); ++i) {
    std::copy_n(data.begin() + static_cast<std::ptrdiff_t>(i * kDigestSize), kDigestSize,
                out[i].begin());
  }
  return out;
}

// The entries of a bundle, as many as are complete.
std::vector<Bytes> EntriesOf(const Bytes& data) {
  std::vector<Bytes> out;
  size_t off = 0;
  while (off + 2 <= data.size()) {
    size_t len = (static_cast<size_t>(data[off]) << 8) | data[off + 1];
    if (off + 2 + len > data.size()) break;
    out.emplace_back(data.begin() + static_cast<std::ptrdiff_t>(off + 2),
                     data.begin() + static_cast<std::ptrdiff_t>(off + 2 + len));
    off += 2 + len;
  }
  return out;
}

}  // namespace

std::string ChainPath(uint64_t n, int width) {
  std::string p = "chain/" + FormatTileIndex(n);
  if (width != kTileWidth) p += ".p/" + std::to_string(width);
  return p;
}

Result<std::string> TiledLogSource::LatestCheckpoint() {
  if (checkpoint_) return *checkpoint_;
  GARANT_ASSIGN_OR_RETURN(std::optional<Bytes> data, fetcher_.Fetch("checkpoint"));
  if (!data) return Status::NotFound(fetcher_.Describe() + ": no checkpoint");
  checkpoint_ = std::string(AsString(*data));
  return *checkpoint_;
}

Result<std::vector<std::string>> TiledLogSource::CheckpointHistory() {
  GARANT_ASSIGN_OR_RETURN(std::vector<std::string> paths, fetcher_.HistoryPaths());
  std::vector<std::string> out;
  for (const auto& p : paths) {
    GARANT_ASSIGN_OR_RETURN(std::optional<Bytes> data, fetcher_.Fetch(p));
    if (data) out.emplace_back(AsString(*data));
  }
  return out;
}

Result<uint64_t> TiledLogSource::Size() {
  if (size_) return *size_;
  GARANT_ASSIGN_OR_RETURN(std::string note, LatestCheckpoint());
  GARANT_ASSIGN_OR_RETURN(Note parsed, ParseNote(note));
  GARANT_ASSIGN_OR_RETURN(Checkpoint cp, ParseCheckpoint(parsed.text));
  size_ = cp.head.size;
  return *size_;
}

Result<std::vector<Digest>> TiledLogSource::LoadTile(int level, uint64_t n) {
  auto key = std::make_pair(level, n);
  if (auto it = tiles_.find(key); it != tiles_.end()) return it->second;
  GARANT_ASSIGN_OR_RETURN(uint64_t size, Size());
  std::vector<Digest> hashes;
  auto tile = TileInTree(level, n, size);
  if (tile.ok()) {
    GARANT_ASSIGN_OR_RETURN(std::optional<Bytes> data, fetcher_.Fetch(TilePath(*tile)));
    if (data) {
      hashes = HashesOf(*data);
      if (hashes.size() > static_cast<size_t>(tile->width)) hashes.resize(tile->width);
    }
  }
  if (tiles_.size() >= kMaxCachedBundles * 2) tiles_.clear();
  tiles_[key] = hashes;
  return hashes;
}

Result<const TiledLogSource::Bundle*> TiledLogSource::LoadBundle(uint64_t n) {
  if (auto it = bundles_.find(n); it != bundles_.end()) return &it->second;
  GARANT_ASSIGN_OR_RETURN(uint64_t size, Size());
  Bundle b;
  auto tile = TileInTree(0, n, size);
  if (tile.ok()) {
    GARANT_ASSIGN_OR_RETURN(std::optional<Bytes> data,
                            fetcher_.Fetch(EntryBundlePath(n, tile->width)));
    if (data) b.entries = EntriesOf(*data);
    if (b.entries.size() > static_cast<size_t>(tile->width)) b.entries.resize(tile->width);
    GARANT_ASSIGN_OR_RETURN(b.leaf_hashes, LoadTile(0, n));
    if (fetcher_.HasChain()) {
      GARANT_ASSIGN_OR_RETURN(std::optional<Bytes> chain,
                              fetcher_.Fetch(ChainPath(n, tile->width)));
      if (chain) b.chain = HashesOf(*chain);
    }
  }
  if (bundles_.size() >= kMaxCachedBundles) bundles_.clear();
  return &(bundles_[n] = std::move(b));
}

Status TiledLogSource::ReadEntries(uint64_t begin, uint64_t end, std::vector<StoredEntry>* out) {
  GARANT_ASSIGN_OR_RETURN(uint64_t size, Size());
  end = std::min(end, size);
  for (uint64_t i = begin; i < end;) {
    const uint64_t n = i / kTileWidth;
    GARANT_ASSIGN_OR_RETURN(const Bundle* b, LoadBundle(n));
    const uint64_t bundle_end = std::min(end, (n + 1) * kTileWidth);
    for (; i < bundle_end; ++i) {
      const size_t k = static_cast<size_t>(i % kTileWidth);
      if (k >= b->entries.size()) continue;
      StoredEntry e;
      e.index = i;
      e.leaf = b->entries[k];
      e.pruned = e.leaf.empty();
      if (k < b->leaf_hashes.size()) e.leaf_hash = b->leaf_hashes[k];
      if (k < b->chain.size()) e.chain = b->chain[k];
      out->push_back(std::move(e));
    }
  }
  return Status::Ok();
}

Status TiledLogSource::ReadStoredHashes(int level, uint64_t begin, uint64_t end,
                                        std::vector<std::optional<Digest>>* out) {
  const int tile_level = level / kTileHeight;
  for (uint64_t i = begin; i < end;) {
    const uint64_t n = i / kTileWidth;
    GARANT_ASSIGN_OR_RETURN(std::vector<Digest> hashes, LoadTile(tile_level, n));
    const uint64_t tile_end = std::min(end, (n + 1) * kTileWidth);
    for (; i < tile_end; ++i) {
      const size_t k = static_cast<size_t>(i % kTileWidth);
      if (k < hashes.size()) {
        out->push_back(hashes[k]);
      } else {
        out->push_back(std::nullopt);
      }
    }
  }
  return Status::Ok();
}

}  // namespace garant::audit
