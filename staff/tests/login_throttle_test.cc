#include "garant/staff/login_throttle.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

namespace garant::staff {
namespace {

TEST(LoginThrottleTest, FirstFailuresAreFreeThenDelaysDouble) {
  ManualClock clock(FromUnixMicros(1'700'000'000'000'000));
  LoginThrottle t(clock);
  for (int i = 0; i < LoginThrottle::kFreeFailures - 1; ++i) {
    t.RecordFailure("alice", "10.0.0.1");
    EXPECT_EQ(t.RetryAfterSeconds("alice", "10.0.0.1"), 0) << i;
  }
  t.RecordFailure("alice", "10.0.0.1");                    // 5th failure: 1 s
  EXPECT_GT(t.RetryAfterSeconds("alice", "10.0.0.2"), 0);  // same account, other address
  EXPECT_EQ(t.RetryAfterSeconds("bob", "10.0.0.1"), 0);    // the address has more leeway
  clock.Advance(std::chrono::seconds(2));
  EXPECT_EQ(t.RetryAfterSeconds("alice", "10.0.0.1"), 0);
  t.RecordFailure("alice", "10.0.0.1");  // 6th: 2 s
  clock.Advance(std::chrono::seconds(1));
  EXPECT_GT(t.RetryAfterSeconds("alice", "10.0.0.9"), 0);
  clock.Advance(std::chrono::seconds(2));
  EXPECT_EQ(t.RetryAfterSeconds("alice", "10.0.0.9"), 0);
}

TEST(LoginThrottleTest, DelayIsCappedAndWindowForgets) {
  ManualClock clock(FromUnixMicros(1'700'000'000'000'000));
  LoginThrottle t(clock);
  for (int i = 0; i < 40; ++i) t.RecordFailure("alice", "a");
  int64_t wait = t.RetryAfterSeconds("alice", "b");
  EXPECT_GT(wait, 60);
  EXPECT_LE(wait, 15 * 60 + 1);
  clock.Advance(std::chrono::minutes(16));
  EXPECT_EQ(t.RetryAfterSeconds("alice", "b"), 0);
}

TEST(LoginThrottleTest, FailuresDecayOverADayInsteadOfResetting) {
  ManualClock clock(FromUnixMicros(1'700'000'000'000'000));
  LoginThrottle t(clock);
  for (int i = 0; i < 12; ++i) t.RecordFailure("alice", "a");
  // 16 minutes later (the old window reset everything): one more failure
  // still waits long.
  clock.Advance(std::chrono::minutes(16));
  t.RecordFailure("alice", "a");
  EXPECT_GT(t.RetryAfterSeconds("alice", "b"), 60);
  // Half a day later the weight has halved: one failure, a short wait.
  clock.Advance(std::chrono::hours(12));
  t.RecordFailure("alice", "a");
  int64_t half = t.RetryAfterSeconds("alice", "b");
  EXPECT_GT(half, 0);
  EXPECT_LT(half, 60);
  // A day after the last failure, free again.
  clock.Advance(std::chrono::hours(24));
  t.RecordFailure("alice", "a");
  EXPECT_EQ(t.RetryAfterSeconds("alice", "b"), 0);
}

TEST(LoginThrottleTest, NamesAreCanonicalAndHashed) {
  ManualClock clock(FromUnixMicros(1'700'000'000'000'000));
  LoginThrottle t(clock);
  for (int i = 0; i < LoginThrottle::kFreeFailures; ++i) t.RecordFailure(" Alice ", "a");
  EXPECT_GT(t.RetryAfterSeconds("alice", "b"), 0);
  EXPECT_EQ(LoginThrottle::UsernameHash("ALICE "), LoginThrottle::UsernameHash("alice"));
  EXPECT_EQ(LoginThrottle::UsernameHash("alice").size(), 64u);
  EXPECT_NE(LoginThrottle::UsernameHash("alice"), LoginThrottle::UsernameHash("alicf"));
}

TEST(LoginThrottleTest, HugeNamesAreHashedWhole) {
  ManualClock clock(FromUnixMicros(1'700'000'000'000'000));
  LoginThrottle t(clock);
  const std::string huge(100'000, 'x');
  for (int i = 0; i < LoginThrottle::kFreeFailures; ++i) t.RecordFailure(huge + "1", "a");
  EXPECT_GT(t.RetryAfterSeconds(huge + "1", "b"), 0);
  EXPECT_EQ(t.RetryAfterSeconds(huge + "2", "b"), 0);  // same first 100,000 bytes, other name
  EXPECT_EQ(t.size(), 2u);                             // one name, one address
}

// Resident memory of this process, in kB (Linux).
int64_t ResidentKb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
  }
  return -1;
}

TEST(LoginThrottleTest, TenThousandHugeNamesKeepMemoryBounded) {
  ManualClock clock(FromUnixMicros(1'700'000'000'000'000));
  LoginThrottle t(clock);
  std::string name(10'000, 'n');
  t.RecordFailure(name, "a");  // allocate the table's first node
  const int64_t before = ResidentKb();
  ASSERT_GT(before, 0);
  for (int i = 0; i < 10'000; ++i) {
    const std::string digits = std::to_string(100'000 + i);  // distinct names, one buffer
    name.replace(0, digits.size(), digits);
    t.RecordFailure(name, "a");
  }
  EXPECT_EQ(t.size(), 10'002u);
#if !defined(__SANITIZE_ADDRESS__)
  // Holding the names would take 100 MB; their 16-byte hashes take ~1 MB.
  // (Not under AddressSanitizer: its quarantine keeps every freed temporary
  // copy of a name resident, up to 256 MB, whatever the throttle keeps.)
  EXPECT_LT(ResidentKb() - before, 16 * 1024);
#endif
}

TEST(LoginThrottleTest, DecayedEntriesAreSwept) {
  ManualClock clock(FromUnixMicros(1'700'000'000'000'000));
  LoginThrottle t(clock);
  for (int i = 0; i < 500; ++i) t.RecordFailure("user" + std::to_string(i), "a");
  EXPECT_EQ(t.size(), 501u);
  clock.Advance(LoginThrottle::kDecay + std::chrono::minutes(1));
  t.RecordFailure("bob", "b");  // sweeps first
  EXPECT_EQ(t.size(), 2u);
}

TEST(LoginThrottleTest, OneAddressTryingManyAccountsIsSlowed) {
  ManualClock clock(FromUnixMicros(1'700'000'000'000'000));
  LoginThrottle t(clock);
  for (int i = 0; i < LoginThrottle::kFreeFailuresPerAddress; ++i) {
    t.RecordFailure("user" + std::to_string(i), "10.0.0.7");
  }
  EXPECT_GT(t.RetryAfterSeconds("someone-else", "10.0.0.7"), 0);
  EXPECT_EQ(t.RetryAfterSeconds("someone-else", "10.0.0.8"), 0);
}

TEST(LoginThrottleTest, SuccessClearsTheAccountButNotTheAddress) {
  ManualClock clock(FromUnixMicros(1'700'000'000'000'000));
  LoginThrottle t(clock);
  for (int i = 0; i < LoginThrottle::kFreeFailuresPerAddress + 1; ++i)
    t.RecordFailure("alice", "a");
  t.RecordSuccess("alice");
  EXPECT_EQ(t.RetryAfterSeconds("alice", "z"), 0);
  EXPECT_GT(t.RetryAfterSeconds("carol", "a"), 0);
}

}  // namespace
}  // namespace garant::staff
