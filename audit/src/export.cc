#include "garant/audit/export.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "garant/audit/leaf.h"
#include "garant/audit/note.h"
#include "garant/audit/tile.h"
#include "garant/audit/tiled_log_source.h"

namespace garant::audit {
namespace {

constexpr uint64_t kTilesPerRead = 16;

void AppendDigest(const Digest& d, Bytes* out) { out->insert(out->end(), d.begin(), d.end()); }

// The checkpoint of a note, if it parses (the signature is the verifier's
// business).
std::optional<Checkpoint> CheckpointOf(const std::string& note) {
  Result<Note> parsed = ParseNote(note);
  if (!parsed.ok()) return std::nullopt;
  Result<Checkpoint> cp = ParseCheckpoint(parsed->text);
  if (!cp.ok()) return std::nullopt;
  return *cp;
}

// Entry bundles, level-0 tiles (the stored leaf hashes) and chain values.
Status ExportEntries(LogSource& source, uint64_t size, ExportSink& sink, uint64_t* written) {
  const uint64_t bundles = (size + kTileWidth - 1) / kTileWidth;
  std::vector<StoredEntry> entries;
  for (uint64_t first = 0; first < bundles; first += kTilesPerRead) {
    const uint64_t last = std::min(bundles, first + kTilesPerRead);
    entries.clear();
    GARANT_RETURN_IF_ERROR(
        source.ReadEntries(first * kTileWidth, std::min(size, last * kTileWidth), &entries));
    size_t r = 0;
    for (uint64_t n = first; n < last; ++n) {
      GARANT_ASSIGN_OR_RETURN(Tile tile, TileInTree(0, n, size));
      const uint64_t end = n * kTileWidth + static_cast<uint64_t>(tile.width);
      Bytes bundle, hashes, chain;
      uint64_t expected = n * kTileWidth;
      bool gap = false;
      for (; r < entries.size() && entries[r].index < end; ++r) {
        const StoredEntry& e = entries[r];
        gap = gap || e.index != expected || e.leaf.size() > kMaxLeafSize || !e.leaf_hash;
        if (gap) continue;
        GARANT_RETURN_IF_ERROR(AppendToEntryBundle(e.leaf, &bundle));
        AppendDigest(*e.leaf_hash, &hashes);
        if (e.chain) AppendDigest(*e.chain, &chain);
        ++expected;
        ++*written;
      }
      GARANT_RETURN_IF_ERROR(sink.Write(EntryBundlePath(n, tile.width), bundle));
      GARANT_RETURN_IF_ERROR(sink.Write(TilePath(tile), hashes));
      GARANT_RETURN_IF_ERROR(sink.Write(ChainPath(n, tile.width), chain));
    }
  }
  return Status::Ok();
}

// Tiles of levels 1, 2, ...: the stored hashes of tree levels 8, 16, ...
Status ExportUpperTiles(LogSource& source, uint64_t size, ExportSink& sink) {
  std::vector<std::optional<Digest>> stored;
  for (int level = 1; level <= kMaxTileLevel; ++level) {
    const int shift = kTileHeight * level;
    if (shift >= 64 || (size >> shift) == 0) break;
    const uint64_t count = size >> shift;
    const uint64_t tiles = (count + kTileWidth - 1) / kTileWidth;
    for (uint64_t first = 0; first < tiles; first += kTilesPerRead) {
      const uint64_t begin = first * kTileWidth;
      const uint64_t end = std::min(count, (first + kTilesPerRead) * kTileWidth);
      stored.clear();
      GARANT_RETURN_IF_ERROR(source.ReadStoredHashes(shift, begin, end, &stored));
      for (uint64_t n = first; n * kTileWidth < end; ++n) {
        GARANT_ASSIGN_OR_RETURN(Tile tile, TileInTree(level, n, size));
        Bytes hashes;
        for (int k = 0; k < tile.width; ++k) {
          const uint64_t i = n * kTileWidth + static_cast<uint64_t>(k) - begin;
          if (i >= stored.size() || !stored[i]) break;
          AppendDigest(*stored[i], &hashes);
        }
        GARANT_RETURN_IF_ERROR(sink.Write(TilePath(tile), hashes));
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Result<ExportSummary> ExportLog(LogSource& source, ExportSink& sink) {
  Result<std::string> note = source.LatestCheckpoint();
  if (!note.ok()) {
    if (note.status().code() == Code::kNotFound) {
      return Status::FailedPrecondition("no signed checkpoint yet: nothing to export");
    }
    return note.status();
  }
  GARANT_ASSIGN_OR_RETURN(Note parsed, ParseNote(*note));
  ExportSummary summary;
  GARANT_ASSIGN_OR_RETURN(summary.checkpoint, ParseCheckpoint(parsed.text));
  const uint64_t size = summary.checkpoint.head.size;
  GARANT_RETURN_IF_ERROR(sink.Write("checkpoint", AsBytes(*note)));

  // Earlier checkpoints, named by size; one that does not parse is kept
  // too (the verifier rejects it by name).
  GARANT_ASSIGN_OR_RETURN(std::vector<std::string> history, source.CheckpointHistory());
  for (size_t k = 0; k < history.size(); ++k) {
    std::optional<Checkpoint> cp = CheckpointOf(history[k]);
    if (cp && cp->head.size >= size) continue;
    const std::string name = cp ? std::to_string(cp->head.size) : "unparsed-" + std::to_string(k);
    GARANT_RETURN_IF_ERROR(sink.Write("checkpoints/" + name, AsBytes(history[k])));
    ++summary.checkpoints;
  }

  GARANT_RETURN_IF_ERROR(ExportEntries(source, size, sink, &summary.entries));
  if (source.KeepsTileHashes()) {
    GARANT_RETURN_IF_ERROR(ExportUpperTiles(source, size, sink));
  }
  return summary;
}

}  // namespace garant::audit
