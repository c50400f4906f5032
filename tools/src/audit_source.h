// Log sources for `garant audit verify`: a tlog-tiles log read from an
// export directory (`garant audit export`) or from a garant server over HTTP
// (GET <url>/tlog/...), both presented to audit::VerifyLog as a LogSource.
//
// Both read the same layout, relative to a root:
//   checkpoint                       the latest signed checkpoint note
//   tile/<L>/<N>[.p/<W>]             hash tiles (level 0: the stored leaf hashes)
//   tile/entries/<N>[.p/<W>]         entry bundles
// and, in an export directory only:
//   checkpoints/<size>               earlier signed checkpoints
//   chain/<N>[.p/<W>]                the stored hash-chain values of bundle N (32 bytes each)
//
// The source serves exactly what it was given, never recomputed: finding
// the damage is the verifier's job. One thread at a time.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "garant/audit/verifier.h"
#include "garant/core/bytes.h"
#include "garant/core/status.h"

namespace garant::cli {

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

std::unique_ptr<TileFetcher> DirectoryFetcher(std::string dir);
// A garant server's tlog-tiles over http:// or https://.
// url: "http[s]://host:port/" (the server; tiles under /tlog/) or ".../tlog/".
// Over https:// the connection uses garant's client TLS settings
// (garant/runtime/tls_client.h): the server's certificate must chain to an
// authority of `ca_file` (PEM; empty: the system's authorities) and name the
// URL's host, else every fetch fails with kUnavailable saying the certificate
// was refused; nothing from that server is read.
// Errors: kInvalidArgument for a URL that is not http(s)://host[:port][/path],
// or a ca_file given with an http:// URL; kFailedPrecondition when ca_file
// cannot be used.
Result<std::unique_ptr<TileFetcher>> RemoteFetcher(const std::string& url,
                                                   const std::string& ca_file);

class TiledLogSource final : public audit::LogSource {
 public:
  explicit TiledLogSource(TileFetcher& fetcher) : fetcher_(fetcher) {}

  Result<std::string> LatestCheckpoint() override;
  Result<std::vector<std::string>> CheckpointHistory() override;
  Result<uint64_t> Size() override;
  Status ReadEntries(uint64_t begin, uint64_t end, std::vector<audit::StoredEntry>* out) override;
  bool KeepsTileHashes() const override { return true; }
  Status ReadStoredHashes(int level, uint64_t begin, uint64_t end,
                          std::vector<std::optional<audit::Digest>>* out) override;

 private:
  struct Bundle {
    std::vector<Bytes> entries;
    std::vector<audit::Digest> leaf_hashes;
    std::vector<audit::Digest> chain;
  };
  Result<const Bundle*> LoadBundle(uint64_t n);
  // The hashes of tile (level, n) as far as they could be read.
  Result<std::vector<audit::Digest>> LoadTile(int level, uint64_t n);

  TileFetcher& fetcher_;
  std::optional<std::string> checkpoint_;
  std::optional<uint64_t> size_;
  std::map<uint64_t, Bundle> bundles_;  // a small cache
  std::map<std::pair<int, uint64_t>, std::vector<audit::Digest>> tiles_;
};

}  // namespace garant::cli
