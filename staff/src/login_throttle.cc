#include "garant/staff/login_throttle.h"

#include <algorithm>

namespace garant::staff {

int64_t LoginThrottle::WaitFor(const std::string& key, int free_failures, TimePoint now) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return 0;
  Entry& e = it->second;
  if (now - e.last_failure > kWindow) {
    entries_.erase(it);
    return 0;
  }
  if (e.failures < free_failures) return 0;
  int shift = std::min(e.failures - free_failures, 20);
  auto delay =
      std::min<std::chrono::microseconds>(std::chrono::seconds(int64_t{1} << shift), kMaxDelay);
  auto ready = e.last_failure + delay;
  if (now >= ready) return 0;
  return std::chrono::duration_cast<std::chrono::seconds>(ready - now).count() + 1;
}

int64_t LoginThrottle::RetryAfterSeconds(const std::string& username, const std::string& address) {
  std::lock_guard lock(mu_);
  TimePoint now = clock_.Now();
  return std::max(WaitFor("u:" + username, kFreeFailures, now),
                  WaitFor("a:" + address, kFreeFailuresPerAddress, now));
}

void LoginThrottle::Fail(const std::string& key, TimePoint now) {
  if (entries_.size() >= kMaxEntries && entries_.find(key) == entries_.end()) {
    // Evict the stalest entry to stay bounded.
    auto oldest = std::min_element(entries_.begin(), entries_.end(), [](auto& a, auto& b) {
      return a.second.last_failure < b.second.last_failure;
    });
    entries_.erase(oldest);
  }
  Entry& e = entries_[key];
  if (e.failures > 0 && now - e.last_failure > kWindow) e.failures = 0;
  e.failures++;
  e.last_failure = now;
}

void LoginThrottle::RecordFailure(const std::string& username, const std::string& address) {
  std::lock_guard lock(mu_);
  TimePoint now = clock_.Now();
  Fail("u:" + username, now);
  Fail("a:" + address, now);
}

void LoginThrottle::RecordSuccess(const std::string& username) {
  std::lock_guard lock(mu_);
  entries_.erase("u:" + username);
}

}  // namespace garant::staff
