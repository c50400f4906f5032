// A LogSource (log_source.h) over a C2SP tlog-tiles layout: what
// `garant audit export` writes (export.h) and what a garant server serves
// under /tlog/. The bytes come from a TileFetcher: reading files or HTTP is
// the caller's (tools/src/audit_source.h), so this library stays free of
// Poco and of the filesystem.
//
// The layout, relative to a root:
//   checkpoint                       the latest signed checkpoint note
//   tile/<L>/<N>[.p/<W>]             hash tiles (level 0: the stored leaf hashes)
//   tile/entries/<N>[.p/<W>]         entry bundles
// and, in an export directory only:
//   checkpoints/<size>               earlier signed checkpoints
//   chain/<N>[.p/<W>]                the stored hash-chain values of bundle N (32 bytes each)
//
// The source serves exactly what it was given, never recomputed. One thread
// at a time.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "garant/audit/log_source.h"
#include "garant/core/bytes.h"
#include "garant/core/status.h"

namespace garant::audit {

// Reads files of a tlog-tiles layout. nullopt when the file does not exist
// (HTTP 404); an error when it cannot be read.
class TileFetcher {
 public:
  virtual ~TileFetcher() = default;
  virtual Result<std::optional<Bytes>> Fetch(const std::string& path) = 0;
  // Names of the earlier checkpoints kept (files under checkpoints/).
  virtual Result<std::vector<std::string>> HistoryPaths() = 0;
  // Whether chain/ files exist in this layout.
  virtual bool HasChain() const = 0;
  virtual std::string Describe() const = 0;
};

// The path of the chain values of entry bundle `n` of width `width`:
// chain/<N>[.p/<W>], N formatted as tile indexes are.
std::string ChainPath(uint64_t n, int width);

class TiledLogSource final : public LogSource {
 public:
  explicit TiledLogSource(TileFetcher& fetcher) : fetcher_(fetcher) {}

  Result<std::string> LatestCheckpoint() override;
  Result<std::vector<std::string>> CheckpointHistory() override;
  Result<uint64_t> Size() override;
  Status ReadEntries(uint64_t begin, uint64_t end, std::vector<StoredEntry>* out) override;
  bool KeepsTileHashes() const override { return true; }
  Status ReadStoredHashes(int level, uint64_t begin, uint64_t end,
                          std::vector<std::optional<Digest>>* out) override;

 private:
  struct Bundle {
    std::vector<Bytes> entries;
    std::vector<Digest> leaf_hashes;
    std::vector<Digest> chain;
  };
  Result<const Bundle*> LoadBundle(uint64_t n);
  // The hashes of tile (level, n) as far as they could be read.
  Result<std::vector<Digest>> LoadTile(int level, uint64_t n);

  TileFetcher& fetcher_;
  std::optional<std::string> checkpoint_;
  std::optional<uint64_t> size_;
  std::map<uint64_t, Bundle> bundles_;  // a small cache
  std::map<std::pair<int, uint64_t>, std::vector<Digest>> tiles_;
};

}  // namespace garant::audit
