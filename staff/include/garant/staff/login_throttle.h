// Slows password guessing: failed logins are counted per account name and per
// client address, in memory. After kFreeFailures failures of an account (or
// kFreeFailuresPerAddress from one address, higher because colleagues may
// share an address) within the window, each further attempt must wait
// 2^(n - free) seconds after the last failure (capped at 15 minutes).
// A success clears the account's counter.
//
// In memory on purpose: it protects one garantd process, costs no database
// write per failure, and a restart only forgets delays (not accounts). The
// table is bounded (oldest entries evicted). Thread-safe; clock injected.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "garant/core/clock.h"

namespace garant::staff {

class LoginThrottle {
 public:
  static constexpr int kFreeFailures = 5;
  static constexpr int kFreeFailuresPerAddress = 20;
  static constexpr std::chrono::minutes kWindow{15};
  static constexpr std::chrono::minutes kMaxDelay{15};
  static constexpr size_t kMaxEntries = 100'000;

  explicit LoginThrottle(const Clock& clock) : clock_(clock) {}

  // Seconds the caller must still wait before trying again (0 = may try).
  int64_t RetryAfterSeconds(const std::string& username, const std::string& address);
  void RecordFailure(const std::string& username, const std::string& address);
  void RecordSuccess(const std::string& username);

 private:
  struct Entry {
    int failures = 0;
    TimePoint last_failure;
  };
  int64_t WaitFor(const std::string& key, int free_failures, TimePoint now);
  void Fail(const std::string& key, TimePoint now);

  const Clock& clock_;
  std::mutex mu_;
  std::map<std::string, Entry> entries_;
};

}  // namespace garant::staff
