// Slows password guessing: failed logins are counted per account name and per
// client address, in memory. Each failure weighs 1 and its weight decays
// linearly to nothing over kDecay (24 h), so a patient guesser gains little
// by pausing. When the weight of an account reaches kFreeFailures (or that of
// an address kFreeFailuresPerAddress, higher because colleagues may share an
// address), each further attempt must wait 2^(weight - free) seconds after the
// last failure (capped at kMaxDelay). A success clears the account's weight.
//
// Bounded memory: names are keyed by a 16-byte hash of their canonical form
// (lower case, surrounding spaces removed), never stored, whatever their
// length; entries whose weight has decayed are swept every kSweepEvery; the
// table never exceeds kMaxEntries (the stalest entry goes). The login refuses
// a name over kMaxUsernameBytes before calling the throttle at all (no account
// has one); other users of the class (receipt lookups) count any key.
//
// In memory on purpose: it protects one garantd process, costs no database
// write per failure, and a restart only forgets delays (not accounts). The
// failures themselves are audit entries (server/src/session/routes.cc).
// Thread-safe; clock injected.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "garant/core/clock.h"

namespace garant::staff {

class LoginThrottle {
 public:
  static constexpr int kFreeFailures = 5;
  static constexpr int kFreeFailuresPerAddress = 20;
  static constexpr std::chrono::hours kDecay{24};
  static constexpr std::chrono::minutes kMaxDelay{15};
  static constexpr std::chrono::minutes kSweepEvery{1};
  static constexpr size_t kMaxEntries = 100'000;
  static constexpr size_t kMaxUsernameBytes = 64;

  explicit LoginThrottle(const Clock& clock) : clock_(clock), last_sweep_(clock.Now()) {}

  // Hex SHA-256 of the canonical name (lower case, surrounding spaces
  // removed): what keys the throttle and what failed-login audit entries
  // name instead of the typed name.
  static std::string UsernameHash(std::string_view username);

  // Seconds the caller must still wait before trying again (0 = may try).
  int64_t RetryAfterSeconds(std::string_view username, const std::string& address);
  void RecordFailure(std::string_view username, const std::string& address);
  void RecordSuccess(std::string_view username);
  // Entries held (for tests and metrics).
  size_t size() const;

 private:
  struct Entry {
    double weight = 0;  // at last_failure
    TimePoint last_failure;
  };
  static double Decayed(const Entry& e, TimePoint now);
  int64_t WaitFor(const std::string& key, int free_failures, TimePoint now);
  void Fail(const std::string& key, TimePoint now);
  void SweepIfDue(TimePoint now);

  const Clock& clock_;
  mutable std::mutex mu_;
  std::map<std::string, Entry> entries_;
  TimePoint last_sweep_;
};

}  // namespace garant::staff
