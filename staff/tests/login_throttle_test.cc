#include "garant/staff/login_throttle.h"

#include <gtest/gtest.h>

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
