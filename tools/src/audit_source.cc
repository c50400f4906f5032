#include "audit_source.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLException.h>
#include <Poco/URI.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "garant/audit/tile.h"
#include "garant/runtime/tls_client.h"

namespace garant::cli {
namespace fs = std::filesystem;
namespace {

constexpr size_t kMaxCachedBundles = 64;

class DirFetcher final : public TileFetcher {
 public:
  explicit DirFetcher(std::string dir) : dir_(std::move(dir)) {}

  Result<std::optional<Bytes>> Fetch(const std::string& path) override {
    fs::path p = fs::path(dir_) / path;
    std::error_code ec;
    if (!fs::exists(p, ec)) return std::optional<Bytes>();
    std::ifstream in(p, std::ios::binary);
    if (!in) return Status::Unavailable("cannot read " + p.string());
    Bytes data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return std::optional<Bytes>(std::move(data));
  }

  Result<std::vector<std::string>> HistoryPaths() override {
    std::vector<std::string> out;
    fs::path d = fs::path(dir_) / "checkpoints";
    std::error_code ec;
    if (!fs::is_directory(d, ec)) return out;
    for (const auto& e : fs::directory_iterator(d, ec)) {
      if (e.is_regular_file()) out.push_back("checkpoints/" + e.path().filename().string());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  bool HasChain() const override {
    std::error_code ec;
    return fs::is_directory(fs::path(dir_) / "chain", ec);
  }
  std::string Describe() const override { return dir_; }

 private:
  std::string dir_;
};

// Over http://, or https:// when `tls` is set (the peer's certificate then
// verified as tls_client.h says).
class HttpTileFetcher final : public TileFetcher {
 public:
  HttpTileFetcher(Poco::URI uri, std::string prefix, Poco::Net::Context::Ptr tls)
      : uri_(std::move(uri)), prefix_(std::move(prefix)) {
    if (tls) {
      session_ =
          std::make_unique<Poco::Net::HTTPSClientSession>(uri_.getHost(), uri_.getPort(), tls);
    } else {
      session_ = std::make_unique<Poco::Net::HTTPClientSession>(uri_.getHost(), uri_.getPort());
    }
    session_->setTimeout(Poco::Timespan(30, 0));
    session_->setKeepAlive(true);
  }

  Result<std::optional<Bytes>> Fetch(const std::string& path) override {
    std::string target = prefix_ + path;
    std::string last_error;
    for (int attempt = 0; attempt < 3; ++attempt) {
      try {
        Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_GET, target,
                                   Poco::Net::HTTPMessage::HTTP_1_1);
        req.setKeepAlive(true);
        req.set("User-Agent", "garant-audit-verify");
        session_->sendRequest(req);
        Poco::Net::HTTPResponse resp;
        std::istream& in = session_->receiveResponse(resp);
        Bytes data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (resp.getStatus() == Poco::Net::HTTPResponse::HTTP_NOT_FOUND) {
          return std::optional<Bytes>();
        }
        if (resp.getStatus() != Poco::Net::HTTPResponse::HTTP_OK) {
          return Status::Unavailable("GET " + target + ": HTTP " +
                                     std::to_string(static_cast<int>(resp.getStatus())));
        }
        return std::optional<Bytes>(std::move(data));
      } catch (const Poco::Net::SSLException& e) {
        // An untrusted or mismatched certificate, or no common protocol:
        // retrying cannot help, and nothing from that server is read.
        session_->reset();
        return Status::Unavailable(
            "TLS connection to " + uri_.getHost() + ":" + std::to_string(uri_.getPort()) +
            " refused: " + e.displayText() +
            " (is the server's certificate signed by an authority given with --ca-file, or by "
            "one of the system's, and issued for this host name?)");
      } catch (const Poco::Exception& e) {
        last_error = e.displayText();
        session_->reset();
      }
    }
    return Status::Unavailable("GET " + target + ": " + last_error);
  }

  Result<std::vector<std::string>> HistoryPaths() override { return std::vector<std::string>(); }
  bool HasChain() const override { return false; }
  std::string Describe() const override { return uri_.toString(); }

 private:
  Poco::URI uri_;
  std::string prefix_;
  std::unique_ptr<Poco::Net::HTTPClientSession> session_;
};

std::vector<audit::Digest> HashesOf(const Bytes& data) {
  std::vector<audit::Digest> out(data.size() / audit::kDigestSize);
  for (size_t i = 0; i < out.size(); ++i) {
    std::copy_n(data.begin() + static_cast<std::ptrdiff_t>(i * audit::kDigestSize),
                audit::kDigestSize, out[i].begin());
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

std::string ChainPath(uint64_t n, int width) {
  std::string p = "chain/" + audit::FormatTileIndex(n);
  if (width != audit::kTileWidth) p += ".p/" + std::to_string(width);
  return p;
}

}  // namespace

std::unique_ptr<TileFetcher> DirectoryFetcher(std::string dir) {
  return std::make_unique<DirFetcher>(std::move(dir));
}

Result<std::unique_ptr<TileFetcher>> RemoteFetcher(const std::string& url,
                                                   const std::string& ca_file) {
  Poco::URI uri;
  try {
    uri = Poco::URI(url);
  } catch (const Poco::Exception& e) {
    return Status::InvalidArgument("bad URL " + url + ": " + e.displayText());
  }
  const bool https = uri.getScheme() == "https";
  if ((!https && uri.getScheme() != "http") || uri.getHost().empty()) {
    return Status::InvalidArgument("expected an http:// or https:// URL with a host, not " + url);
  }
  if (!https && !ca_file.empty()) {
    return Status::InvalidArgument("--ca-file applies to https:// URLs only");
  }
  Poco::Net::Context::Ptr tls;
  if (https) {
    GARANT_ASSIGN_OR_RETURN(runtime::ClientTls client, runtime::ClientTls::Create(ca_file));
    tls = Poco::Net::Context::Ptr(client.context(), /*shared=*/true);
  }
  std::string path = uri.getPath();
  if (path.empty()) path = "/";
  if (path.back() != '/') path += '/';
  if (!path.ends_with("/tlog/")) path += "tlog/";
  return std::unique_ptr<TileFetcher>(new HttpTileFetcher(uri, path, tls));
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
  GARANT_ASSIGN_OR_RETURN(audit::Note parsed, audit::ParseNote(note));
  GARANT_ASSIGN_OR_RETURN(audit::Checkpoint cp, audit::ParseCheckpoint(parsed.text));
  size_ = cp.head.size;
  return *size_;
}

Result<std::vector<audit::Digest>> TiledLogSource::LoadTile(int level, uint64_t n) {
  auto key = std::make_pair(level, n);
  if (auto it = tiles_.find(key); it != tiles_.end()) return it->second;
  GARANT_ASSIGN_OR_RETURN(uint64_t size, Size());
  std::vector<audit::Digest> hashes;
  auto tile = audit::TileInTree(level, n, size);
  if (tile.ok()) {
    GARANT_ASSIGN_OR_RETURN(std::optional<Bytes> data, fetcher_.Fetch(audit::TilePath(*tile)));
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
  auto tile = audit::TileInTree(0, n, size);
  if (tile.ok()) {
    GARANT_ASSIGN_OR_RETURN(std::optional<Bytes> data,
                            fetcher_.Fetch(audit::EntryBundlePath(n, tile->width)));
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

Status TiledLogSource::ReadEntries(uint64_t begin, uint64_t end,
                                   std::vector<audit::StoredEntry>* out) {
  GARANT_ASSIGN_OR_RETURN(uint64_t size, Size());
  end = std::min(end, size);
  for (uint64_t i = begin; i < end;) {
    const uint64_t n = i / audit::kTileWidth;
    GARANT_ASSIGN_OR_RETURN(const Bundle* b, LoadBundle(n));
    const uint64_t bundle_end = std::min(end, (n + 1) * audit::kTileWidth);
    for (; i < bundle_end; ++i) {
      const size_t k = static_cast<size_t>(i % audit::kTileWidth);
      if (k >= b->entries.size()) continue;
      audit::StoredEntry e;
      e.index = i;
      e.leaf = b->entries[k];
      if (k < b->leaf_hashes.size()) e.leaf_hash = b->leaf_hashes[k];
      if (k < b->chain.size()) e.chain = b->chain[k];
      out->push_back(std::move(e));
    }
  }
  return Status::Ok();
}

Status TiledLogSource::ReadStoredHashes(int level, uint64_t begin, uint64_t end,
                                        std::vector<std::optional<audit::Digest>>* out) {
  const int tile_level = level / audit::kTileHeight;
  for (uint64_t i = begin; i < end;) {
    const uint64_t n = i / audit::kTileWidth;
    GARANT_ASSIGN_OR_RETURN(std::vector<audit::Digest> hashes, LoadTile(tile_level, n));
    const uint64_t tile_end = std::min(end, (n + 1) * audit::kTileWidth);
    for (; i < tile_end; ++i) {
      const size_t k = static_cast<size_t>(i % audit::kTileWidth);
      if (k < hashes.size()) {
        out->push_back(hashes[k]);
      } else {
        out->push_back(std::nullopt);
      }
    }
  }
  return Status::Ok();
}

}  // namespace garant::cli
