// TileCache: full tiles and full entry bundles kept in memory, so that the
// readers of the log (witnesses, verifiers, auditors' exports) do not load
// the database that appends are written to.
//
// Only immutable data may be put in: a full tile (or full entry bundle)
// within a signed checkpoint never changes, since checkpoints only grow and
// the signer refuses an inconsistent tree. Partial tiles change as the log
// grows and are never cached (the caller checks Tile::full()). A process that
// is started on a restored (forked) log starts with an empty cache.
//
// Bounded by the total size of the cached values (keys are small); the
// least recently used values are evicted first; a value larger than the
// whole budget is not kept. A budget of 0 disables the cache (every Get
// misses, Put keeps nothing). Thread-safe: one mutex, held for map work
// only (values are shared, never copied under the lock).
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "garant/core/bytes.h"

namespace garant::audit {

class TileCache {
 public:
  explicit TileCache(size_t max_bytes) : max_bytes_(max_bytes) {}
  TileCache(const TileCache&) = delete;
  TileCache& operator=(const TileCache&) = delete;

  // The value cached under `key` (a tile path, e.g. "tile/0/x001/067"), or
  // nullptr; a hit makes the value the most recently used.
  std::shared_ptr<const Bytes> Get(const std::string& key);
  // Keeps `value` under `key` (replacing an equal key's value), then evicts
  // the least recently used values until the total fits the budget.
  void Put(const std::string& key, std::shared_ptr<const Bytes> value);

  struct Stats {
    uint64_t hits = 0;
    uint64_t misses = 0;
    uint64_t evictions = 0;
    size_t bytes = 0;    // total size of the cached values
    size_t entries = 0;  // values cached
    size_t max_bytes = 0;
  };
  Stats stats() const;

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const Bytes> value;
  };
  void EvictLocked();

  const size_t max_bytes_;
  mutable std::mutex mu_;
  std::list<Entry> lru_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  Stats stats_;
};

}  // namespace garant::audit
