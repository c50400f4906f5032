#include "objections/rate_limit.h"

#include <algorithm>
#include <cmath>

namespace garant::server {

int64_t SubmissionLimiter::Take(const std::string& address) {
  std::lock_guard lock(mu_);
  TimePoint now = clock_.Now();
  auto it = buckets_.find(address);
  if (it == buckets_.end()) {
    if (buckets_.size() >= kMaxEntries) {
      auto oldest = std::min_element(buckets_.begin(), buckets_.end(), [](auto& a, auto& b) {
        return a.second.updated < b.second.updated;
      });
      buckets_.erase(oldest);
    }
    it = buckets_.emplace(address, Bucket{kBurst, now}).first;
  }
  Bucket& b = it->second;
  double refill_us = std::chrono::duration<double, std::micro>(kRefill).count();
  double elapsed_us = std::chrono::duration<double, std::micro>(now - b.updated).count();
  if (elapsed_us > 0) b.tokens = std::min(kBurst, b.tokens + elapsed_us / refill_us);
  b.updated = now;
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return 0;
  }
  return static_cast<int64_t>(std::ceil((1 - b.tokens) * refill_us / 1e6));
}

}  // namespace garant::server
