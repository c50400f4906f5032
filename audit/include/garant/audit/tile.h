// C2SP tlog-tiles: tiles of height 8 (256 hashes), their paths, partial
// tiles, entry bundles, and a HashReader that computes any stored hash from
// tiles (see audit/DESIGN.md, "Tiles").
//
// Tile (level l, index n) holds the tree hashes at tree level 8·l with
// indexes [256·n, 256·n + width): at level 0 the leaf hashes, above that the
// roots of full tiles of the level below. A full tile has 256 hashes; the
// rightmost tile of each level may be partial (1..255 hashes). The entry
// bundle n holds the entries whose leaf hashes are in tile (0, n).
//
// Pure functions, thread-safe. TileHashReader is used by one thread at a time.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "garant/audit/hash.h"
#include "garant/audit/merkle.h"
#include "garant/core/bytes.h"
#include "garant/core/status.h"

namespace garant::audit {

inline constexpr int kTileHeight = 8;
inline constexpr int kTileWidth = 256;  // hashes in a full tile; entries in a full bundle
inline constexpr int kMaxTileLevel = 63;

struct Tile {
  int level = 0;           // tile level: holds tree level 8·level
  uint64_t index = 0;      // N
  int width = kTileWidth;  // 1..256 hashes
  bool full() const { return width == kTileWidth; }
  friend bool operator==(const Tile&, const Tile&) = default;
};

// The width of the partial tile at `level` for a tree of `tree_size` leaves:
// floor(tree_size / 256^level) mod 256 (0 when there is none).
int PartialTileWidth(int level, uint64_t tree_size);
// Tile (level, index) as it exists in the tree of `tree_size` leaves: full
// or partial. kNotFound when the tree has no such tile (empty or beyond).
Result<Tile> TileInTree(int level, uint64_t index, uint64_t tree_size);

// "x001/x234/067" for 1234067; "000" for 0 (C2SP tlog-tiles path elements).
std::string FormatTileIndex(uint64_t index);
// "tile/<L>/<N>" or "tile/<L>/<N>.p/<W>".
std::string TilePath(const Tile& tile);
// "tile/entries/<N>" or "tile/entries/<N>.p/<W>".
std::string EntryBundlePath(uint64_t index, int width);

// A parsed tile path (relative to the log prefix, e.g. "tile/0/x001/067.p/3").
struct TilePathInfo {
  bool entries = false;  // an entry bundle; tile.level is then 0
  Tile tile;
};
// Accepts only canonical paths (no extra leading zeros, every element in
// range): anything else is kInvalidArgument (serve 404/400).
Result<TilePathInfo> ParseTilePath(std::string_view path);

// The tile from which the hash at (level, index) is computed, with the
// smallest width that contains the hashes needed.
Tile TileForHash(int level, uint64_t index);
// The hash at (level, index) from the data of `tile` (width·32 bytes).
Result<Digest> HashFromTile(const Tile& tile, ByteView data, int level, uint64_t index);

// Hash tile data: concatenated 32-byte hashes.
Bytes EncodeHashTile(std::span<const Digest> hashes);
Result<std::vector<Digest>> DecodeHashTile(ByteView data);

// Entry bundles: each entry as a big-endian uint16 length then its bytes.
// Entries over 65,535 bytes or more than 256 entries are kInvalidArgument.
Result<Bytes> EncodeEntryBundle(std::span<const Bytes> entries);
// Appends one entry to bundle data.
Status AppendToEntryBundle(ByteView entry, Bytes* bundle);
// Strict: a truncated length or entry is kInvalidArgument.
Result<std::vector<Bytes>> DecodeEntryBundle(ByteView data);

// Fetches tiles (from PostgreSQL, a directory, HTTP...).
class TileReader {
 public:
  virtual ~TileReader() = default;
  // The data of each tile, in order: exactly width·32 bytes each.
  virtual Result<std::vector<Bytes>> ReadTiles(std::span<const Tile> tiles) = 0;
};

// A HashReader for the tree of `tree_size` leaves backed by tiles. It asks
// for tiles as they exist in that tree (full, or partial of that size), each
// at most once per ReadHashes call. It does not authenticate tiles: whoever
// uses a proof built from it checks the proof against a signed root.
class TileHashReader final : public HashReader {
 public:
  TileHashReader(uint64_t tree_size, TileReader& tiles) : tree_size_(tree_size), tiles_(tiles) {}
  Result<Digest> Hash(int level, uint64_t index) override;
  Result<std::vector<Digest>> ReadHashes(std::span<const HashAddress> addresses) override;

 private:
  uint64_t tree_size_;
  TileReader& tiles_;
};

}  // namespace garant::audit
