#include "garant/audit/tile_cache.h"

#include <utility>

namespace garant::audit {

std::shared_ptr<const Bytes> TileCache::Get(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) {
    ++stats_.misses;
    return nullptr;
  }
  ++stats_.hits;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->value;
}

void TileCache::Put(const std::string& key, std::shared_ptr<const Bytes> value) {
  if (value == nullptr || value->size() > max_bytes_) return;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = index_.find(key);
  if (it != index_.end()) {
    stats_.bytes -= it->second->value->size();
    it->second->value = std::move(value);
    stats_.bytes += it->second->value->size();
    lru_.splice(lru_.begin(), lru_, it->second);
  } else {
    stats_.bytes += value->size();
    lru_.push_front(Entry{key, std::move(value)});
    index_.emplace(key, lru_.begin());
  }
  EvictLocked();
}

void TileCache::EvictLocked() {
  while (stats_.bytes > max_bytes_ && !lru_.empty()) {
    const Entry& last = lru_.back();
    stats_.bytes -= last.value->size();
    index_.erase(last.key);
    lru_.pop_back();
    ++stats_.evictions;
  }
}

TileCache::Stats TileCache::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  Stats s = stats_;
  s.entries = index_.size();
  s.max_bytes = max_bytes_;
  return s;
}

}  // namespace garant::audit
