// Tile paths (C2SP tlog-tiles, GET /tlog/tile/...), hash tiles and entry
// bundles. Invariants: only canonical paths are accepted, so an accepted path
// formats back to itself; decoded tiles and bundles encode back to their bytes.
#include "fuzz_check.h"
#include "garant/audit/tile.h"

namespace audit = garant::audit;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = garant::fuzz::AsText(data, size);
  auto path = audit::ParseTilePath(text);
  if (path.ok()) {
    const audit::Tile& t = path->tile;
    FUZZ_CHECK(t.width >= 1 && t.width <= audit::kTileWidth);
    FUZZ_CHECK(t.level >= 0 && t.level <= audit::kMaxTileLevel);
    std::string again =
        path->entries ? audit::EntryBundlePath(t.index, t.width) : audit::TilePath(t);
    FUZZ_CHECK(again == text);
  }
  garant::ByteView bytes(data, size);
  auto hashes = audit::DecodeHashTile(bytes);
  if (hashes.ok()) {
    FUZZ_CHECK(audit::EncodeHashTile(*hashes) == garant::Bytes(bytes.begin(), bytes.end()));
  }
  auto bundle = audit::DecodeEntryBundle(bytes);
  if (bundle.ok()) {
    auto encoded = audit::EncodeEntryBundle(*bundle);
    FUZZ_CHECK(encoded.ok() && *encoded == garant::Bytes(bytes.begin(), bytes.end()));
  }
  return 0;
}
