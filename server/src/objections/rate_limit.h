// Per-address rate limit of the public objection forms: a token bucket per
// client address (kBurst submissions at once, then one every kRefill). In
// memory, bounded (the stalest addresses are forgotten first), like
// LoginThrottle: it protects one garantd process and costs no database write.
// Thread-safe; clock injected.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "garant/core/clock.h"

namespace garant::server {

class SubmissionLimiter {
 public:
  static constexpr double kBurst = 30;
  static constexpr std::chrono::seconds kRefill{10};
  static constexpr size_t kMaxEntries = 100'000;

  explicit SubmissionLimiter(const Clock& clock) : clock_(clock) {}

  // Takes one submission for `address`: 0 when allowed, else the seconds to
  // wait (nothing is taken).
  int64_t Take(const std::string& address);

 private:
  struct Bucket {
    double tokens = kBurst;
    TimePoint updated;
  };
  const Clock& clock_;
  std::mutex mu_;
  std::map<std::string, Bucket> buckets_;
};

}  // namespace garant::server
