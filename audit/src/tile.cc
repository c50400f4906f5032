#include "garant/audit/tile.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <string>
#include <utility>

#include "garant/core/decimal.h"

namespace garant::audit {
namespace {

// 256^level leaves per tile hash at tile level `level`, saturating.
bool LeavesPerHash(int level, uint64_t* out) {
  if (level < 0 || level * kTileHeight >= 64) {
    return false;
  }
  *out = uint64_t{1} << (level * kTileHeight);
  return true;
}

// Parses a decimal without leading zeros (except "0") into [0, max].
bool ParseCanonicalDecimal(std::string_view s, uint64_t max, uint64_t* out) {
  const std::optional<int64_t> v =
      ParseDecimal(s, {.max = static_cast<int64_t>(max), .leading_zeros = false});
  if (v) *out = static_cast<uint64_t>(*v);
  return v.has_value();
}

Result<uint64_t> ParseTileIndex(std::string_view s) {
  const Status bad = Status::InvalidArgument("bad tile index \"" + std::string(s) + "\"");
  uint64_t value = 0;
  size_t elements = 0;
  while (true) {
    const size_t slash = s.find('/');
    std::string_view element = s.substr(0, slash);
    const bool last = slash == std::string_view::npos;
    if (!last) {
      if (!element.starts_with("x")) {
        return bad;
      }
      element.remove_prefix(1);
    }
    if (element.size() != 3 ||
        !std::all_of(element.begin(), element.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return bad;
    }
    const uint64_t digits = static_cast<uint64_t>((element[0] - '0') * 100 +
                                                  (element[1] - '0') * 10 + (element[2] - '0'));
    if (value > (UINT64_MAX - digits) / 1000) {
      return bad;
    }
    value = value * 1000 + digits;
    ++elements;
    if (last) {
      break;
    }
    s.remove_prefix(slash + 1);
  }
  if (elements > 7) {
    return bad;
  }
  // Canonical form only: no leading "x000/" elements.
  if (FormatTileIndex(value).size() != elements * 5 - 2) {
    return bad;
  }
  return value;
}

}  // namespace

int PartialTileWidth(int level, uint64_t tree_size) {
  uint64_t per = 0;
  if (!LeavesPerHash(level, &per)) {
    return 0;
  }
  return static_cast<int>((tree_size / per) % kTileWidth);
}

Result<Tile> TileInTree(int level, uint64_t index, uint64_t tree_size) {
  uint64_t per = 0;
  if (!LeavesPerHash(level, &per)) {
    return Status::InvalidArgument("bad tile level");
  }
  const uint64_t hashes = tree_size / per;  // hashes at this level
  const uint64_t full_tiles = hashes / kTileWidth;
  if (index < full_tiles) {
    return Tile{level, index, kTileWidth};
  }
  if (index == full_tiles && hashes % kTileWidth != 0) {
    return Tile{level, index, static_cast<int>(hashes % kTileWidth)};
  }
  return Status::NotFound("tile " + std::to_string(level) + "/" + std::to_string(index) +
                          " is not in a tree of size " + std::to_string(tree_size));
}

std::string FormatTileIndex(uint64_t index) {
  std::string out;
  // Groups of three digits, most significant first.
  std::vector<unsigned> groups;
  do {
    groups.push_back(static_cast<unsigned>(index % 1000));
    index /= 1000;
  } while (index > 0);
  for (size_t i = groups.size(); i-- > 0;) {
    if (i > 0) {
      out += 'x';
    }
    const unsigned g = groups[i];
    out += static_cast<char>('0' + g / 100);
    out += static_cast<char>('0' + g / 10 % 10);
    out += static_cast<char>('0' + g % 10);
    if (i > 0) {
      out += '/';
    }
  }
  return out;
}

std::string TilePath(const Tile& tile) {
  std::string out = "tile/" + std::to_string(tile.level) + "/" + FormatTileIndex(tile.index);
  if (!tile.full()) {
    out += ".p/" + std::to_string(tile.width);
  }
  return out;
}

std::string EntryBundlePath(uint64_t index, int width) {
  std::string out = "tile/entries/" + FormatTileIndex(index);
  if (width != kTileWidth) {
    out += ".p/" + std::to_string(width);
  }
  return out;
}

Result<TilePathInfo> ParseTilePath(std::string_view path) {
  const Status bad = Status::InvalidArgument("bad tile path \"" + std::string(path) + "\"");
  if (!path.starts_with("tile/")) {
    return bad;
  }
  path.remove_prefix(5);
  TilePathInfo info;
  const size_t slash = path.find('/');
  if (slash == std::string_view::npos) {
    return bad;
  }
  const std::string_view first = path.substr(0, slash);
  path.remove_prefix(slash + 1);
  if (first == "entries") {
    info.entries = true;
  } else {
    uint64_t level = 0;
    if (!ParseCanonicalDecimal(first, kMaxTileLevel, &level)) {
      return bad;
    }
    info.tile.level = static_cast<int>(level);
  }
  const size_t partial = path.find(".p/");
  std::string_view index_part = path.substr(0, partial);
  if (partial != std::string_view::npos) {
    uint64_t width = 0;
    if (!ParseCanonicalDecimal(path.substr(partial + 3), kTileWidth - 1, &width) || width == 0) {
      return bad;
    }
    info.tile.width = static_cast<int>(width);
  }
  Result<uint64_t> index = ParseTileIndex(index_part);
  if (!index.ok()) {
    return bad;
  }
  info.tile.index = *index;
  return info;
}

Tile TileForHash(int level, uint64_t index) {
  const int tile_level = level / kTileHeight;
  const int sub = level % kTileHeight;
  const uint64_t start = index << sub;  // first hash used, at tree level 8·tile_level
  const uint64_t offset = start % kTileWidth;
  return Tile{tile_level, start / kTileWidth, static_cast<int>(offset + (uint64_t{1} << sub))};
}

Result<Digest> HashFromTile(const Tile& tile, ByteView data, int level, uint64_t index) {
  if (level < 0 || level / kTileHeight != tile.level) {
    return Status::InvalidArgument("hash level " + std::to_string(level) +
                                   " is not in tile level " + std::to_string(tile.level));
  }
  const Tile need = TileForHash(level, index);
  if (need.index != tile.index || need.width > tile.width) {
    return Status::InvalidArgument("hash (" + std::to_string(level) + ", " + std::to_string(index) +
                                   ") is not in tile " + TilePath(tile));
  }
  if (data.size() != static_cast<size_t>(tile.width) * kDigestSize) {
    return Status::DataLoss("tile " + TilePath(tile) + " has " + std::to_string(data.size()) +
                            " bytes");
  }
  const int sub = level % kTileHeight;
  const size_t count = size_t{1} << sub;
  const size_t first = static_cast<size_t>(need.width) - count;
  std::vector<Digest> row(count);
  for (size_t i = 0; i < count; ++i) {
    std::copy_n(data.begin() + static_cast<ptrdiff_t>((first + i) * kDigestSize), kDigestSize,
                row[i].begin());
  }
  while (row.size() > 1) {
    for (size_t i = 0; i < row.size() / 2; ++i) {
      row[i] = NodeHash(row[2 * i], row[2 * i + 1]);
    }
    row.resize(row.size() / 2);
  }
  return row[0];
}

Bytes EncodeHashTile(std::span<const Digest> hashes) {
  Bytes out;
  out.reserve(hashes.size() * kDigestSize);
  for (const Digest& h : hashes) {
    out.insert(out.end(), h.begin(), h.end());
  }
  return out;
}

Result<std::vector<Digest>> DecodeHashTile(ByteView data) {
  if (data.empty() || data.size() % kDigestSize != 0 || data.size() > kTileWidth * kDigestSize) {
    return Status::InvalidArgument("bad hash tile size " + std::to_string(data.size()));
  }
  std::vector<Digest> out(data.size() / kDigestSize);
  for (size_t i = 0; i < out.size(); ++i) {
    std::copy_n(data.begin() + static_cast<ptrdiff_t>(i * kDigestSize), kDigestSize,
                out[i].begin());
  }
  return out;
}

Status AppendToEntryBundle(ByteView entry, Bytes* bundle) {
  if (entry.size() > 0xFFFF) {
    return Status::InvalidArgument("entry of " + std::to_string(entry.size()) +
                                   " bytes does not fit an entry bundle");
  }
  bundle->push_back(static_cast<uint8_t>(entry.size() >> 8));
  bundle->push_back(static_cast<uint8_t>(entry.size() & 0xFF));
  bundle->insert(bundle->end(), entry.begin(), entry.end());
  return Status::Ok();
}

Result<Bytes> EncodeEntryBundle(std::span<const Bytes> entries) {
  if (entries.size() > kTileWidth) {
    return Status::InvalidArgument("more than 256 entries");
  }
  Bytes out;
  for (const Bytes& e : entries) {
    GARANT_RETURN_IF_ERROR(AppendToEntryBundle(e, &out));
  }
  return out;
}

Result<std::vector<Bytes>> DecodeEntryBundle(ByteView data) {
  std::vector<Bytes> out;
  size_t pos = 0;
  while (pos < data.size()) {
    if (out.size() == kTileWidth) {
      return Status::InvalidArgument("entry bundle: over 256 entries");
    }
    if (data.size() - pos < 2) {
      return Status::InvalidArgument("entry bundle: truncated length");
    }
    const size_t len = (size_t{data[pos]} << 8) | data[pos + 1];
    pos += 2;
    if (data.size() - pos < len) {
      return Status::InvalidArgument("entry bundle: truncated entry");
    }
    out.emplace_back(data.begin() + static_cast<ptrdiff_t>(pos),
                     data.begin() + static_cast<ptrdiff_t>(pos + len));
    pos += len;
  }
  return out;
}

Result<Digest> TileHashReader::Hash(int level, uint64_t index) {
  const HashAddress a{level, index};
  GARANT_ASSIGN_OR_RETURN(std::vector<Digest> h, ReadHashes(std::span<const HashAddress>(&a, 1)));
  return h[0];
}

Result<std::vector<Digest>> TileHashReader::ReadHashes(std::span<const HashAddress> addresses) {
  // One request per distinct tile, as the tile exists in the tree.
  std::map<std::pair<int, uint64_t>, size_t> slot;  // (level, index) -> position in `tiles`
  std::vector<Tile> tiles;
  std::vector<size_t> tile_of(addresses.size());
  for (size_t i = 0; i < addresses.size(); ++i) {
    const HashAddress& a = addresses[i];
    if (a.level < 0 || a.level >= 63 || a.index > (kMaxTreeSize >> a.level) ||
        ((a.index + 1) << a.level) > tree_size_) {
      return Status::InvalidArgument("hash (" + std::to_string(a.level) + ", " +
                                     std::to_string(a.index) + ") is not in a tree of size " +
                                     std::to_string(tree_size_));
    }
    const Tile need = TileForHash(a.level, a.index);
    auto [it, inserted] = slot.try_emplace({need.level, need.index}, tiles.size());
    if (inserted) {
      GARANT_ASSIGN_OR_RETURN(Tile t, TileInTree(need.level, need.index, tree_size_));
      tiles.push_back(t);
    }
    tile_of[i] = it->second;
  }
  GARANT_ASSIGN_OR_RETURN(std::vector<Bytes> data, tiles_.ReadTiles(tiles));
  if (data.size() != tiles.size()) {
    return Status::Internal("tile reader returned too few tiles");
  }
  std::vector<Digest> out;
  out.reserve(addresses.size());
  for (size_t i = 0; i < addresses.size(); ++i) {
    const size_t t = tile_of[i];
    GARANT_ASSIGN_OR_RETURN(
        Digest h, HashFromTile(tiles[t], data[t], addresses[i].level, addresses[i].index));
    out.push_back(h);
  }
  return out;
}

}  // namespace garant::audit
