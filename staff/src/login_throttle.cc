#include "garant/staff/login_throttle.h"

#include <algorithm>
#include <cmath>

#include "garant/core/bytes.h"
#include "garant/core/crypto.h"

namespace garant::staff {
namespace {

std::string Canonical(std::string_view username) {
  size_t b = username.find_first_not_of(' ');
  if (b == std::string_view::npos) return "";
  size_t e = username.find_last_not_of(' ');
  std::string out(username.substr(b, e - b + 1));
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// "u" + the first 16 bytes of the name's hash: the name is never held.
std::string AccountKey(std::string_view username) {
  crypto::Digest d = crypto::Sha256(Canonical(username));
  return "u" + std::string(reinterpret_cast<const char*>(d.data()), 16);
}

std::string AddressKey(const std::string& address) { return "a" + address.substr(0, 64); }

}  // namespace

std::string LoginThrottle::UsernameHash(std::string_view username) {
  return HexEncode(crypto::Sha256(Canonical(username)));
}

double LoginThrottle::Decayed(const Entry& e, TimePoint now) {
  const double elapsed = std::chrono::duration<double>(now - e.last_failure).count();
  const double span = std::chrono::duration<double>(kDecay).count();
  return e.weight * std::max(0.0, 1.0 - std::max(0.0, elapsed) / span);
}

int64_t LoginThrottle::WaitFor(const std::string& key, int free_failures, TimePoint now) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return 0;
  const Entry& e = it->second;
  // The delay counts from the last failure, at the weight it had then.
  const int over = static_cast<int>(std::lround(e.weight)) - free_failures;
  if (over < 0) return 0;
  auto delay = std::min<std::chrono::microseconds>(
      std::chrono::seconds(int64_t{1} << std::min(over, 20)), kMaxDelay);
  auto ready = e.last_failure + delay;
  if (now >= ready) return 0;
  return std::chrono::duration_cast<std::chrono::seconds>(ready - now).count() + 1;
}

int64_t LoginThrottle::RetryAfterSeconds(std::string_view username, const std::string& address) {
  std::lock_guard lock(mu_);
  TimePoint now = clock_.Now();
  return std::max(WaitFor(AccountKey(username), kFreeFailures, now),
                  WaitFor(AddressKey(address), kFreeFailuresPerAddress, now));
}

void LoginThrottle::SweepIfDue(TimePoint now) {
  if (now - last_sweep_ < kSweepEvery) return;
  last_sweep_ = now;
  std::erase_if(entries_, [now](const auto& kv) { return now - kv.second.last_failure >= kDecay; });
}

void LoginThrottle::Fail(const std::string& key, TimePoint now) {
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    if (entries_.size() >= kMaxEntries) {
      // Evict the stalest entry to stay bounded.
      auto oldest = std::min_element(entries_.begin(), entries_.end(), [](auto& a, auto& b) {
        return a.second.last_failure < b.second.last_failure;
      });
      entries_.erase(oldest);
    }
    it = entries_.emplace(key, Entry{}).first;
  }
  Entry& e = it->second;
  e.weight = Decayed(e, now) + 1.0;
  e.last_failure = now;
}

void LoginThrottle::RecordFailure(std::string_view username, const std::string& address) {
  std::lock_guard lock(mu_);
  TimePoint now = clock_.Now();
  SweepIfDue(now);
  Fail(AccountKey(username), now);
  Fail(AddressKey(address), now);
}

void LoginThrottle::RecordSuccess(std::string_view username) {
  std::lock_guard lock(mu_);
  entries_.erase(AccountKey(username));
}

size_t LoginThrottle::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

}  // namespace garant::staff
