// SubmissionLimiter: the per-address token bucket of the public objection
// forms (submission, status lookup and withdrawal all take from it), with an
// injected clock.
#include "objections/rate_limit.h"

#include <gtest/gtest.h>

#include <string>

namespace garant::server {
namespace {

constexpr int kBurst = static_cast<int>(SubmissionLimiter::kBurst);
constexpr int64_t kRefillSeconds = SubmissionLimiter::kRefill.count();

class SubmissionLimiterTest : public ::testing::Test {
 protected:
  ManualClock clock_{FromUnixMicros(1'700'000'000'000'000)};
  SubmissionLimiter limiter_{clock_};

  // Takes until refused; returns how many were allowed (at most `max`).
  int TakeAll(const std::string& address, int max = 1000) {
    int n = 0;
    while (n < max && limiter_.Take(address) == 0) ++n;
    return n;
  }
};

TEST_F(SubmissionLimiterTest, AllowsTheBurstAtOnceThenRefuses) {
  for (int i = 0; i < kBurst; ++i) {
    ASSERT_EQ(limiter_.Take("192.0.2.1"), 0) << "submission " << i;
  }
  // The next one must wait one refill period.
  EXPECT_EQ(limiter_.Take("192.0.2.1"), kRefillSeconds);
  EXPECT_EQ(limiter_.Take("192.0.2.1"), kRefillSeconds);
}

TEST_F(SubmissionLimiterTest, RefillsOneSubmissionPerPeriod) {
  ASSERT_EQ(TakeAll("192.0.2.1"), kBurst);
  // Half a period: still refused, and told how long is left.
  clock_.Advance(std::chrono::seconds(kRefillSeconds / 2));
  EXPECT_EQ(limiter_.Take("192.0.2.1"), kRefillSeconds - kRefillSeconds / 2);
  clock_.Advance(std::chrono::seconds(kRefillSeconds - kRefillSeconds / 2));
  EXPECT_EQ(limiter_.Take("192.0.2.1"), 0);
  EXPECT_EQ(limiter_.Take("192.0.2.1"), kRefillSeconds);  // only one came back
  // Five periods give five submissions, not more.
  clock_.Advance(std::chrono::seconds(5 * kRefillSeconds));
  EXPECT_EQ(TakeAll("192.0.2.1"), 5);
}

TEST_F(SubmissionLimiterTest, RetryAfterIsAlwaysLongEnough) {
  // Whatever part of a period has passed, waiting the announced number of
  // seconds is enough, and it overstates by at most one second (rounding up).
  for (int64_t elapsed = 0; elapsed < kRefillSeconds; ++elapsed) {
    ManualClock clock(FromUnixMicros(1'700'000'000'000'000));
    SubmissionLimiter limiter(clock);
    for (int i = 0; i < kBurst; ++i) ASSERT_EQ(limiter.Take("a"), 0);
    clock.Advance(std::chrono::seconds(elapsed));
    const int64_t wait = limiter.Take("a");
    EXPECT_GE(wait, kRefillSeconds - elapsed) << elapsed;
    EXPECT_LE(wait, kRefillSeconds - elapsed + 1) << elapsed;
    clock.Advance(std::chrono::seconds(wait));
    EXPECT_EQ(limiter.Take("a"), 0) << elapsed;
  }
}

TEST_F(SubmissionLimiterTest, ARefusalTakesNothing) {
  ASSERT_EQ(TakeAll("192.0.2.1"), kBurst);
  // Hammering while refused does not push the next allowed time further away.
  clock_.Advance(std::chrono::seconds(kRefillSeconds / 2));
  for (int i = 0; i < 100; ++i) ASSERT_GT(limiter_.Take("192.0.2.1"), 0);
  clock_.Advance(std::chrono::seconds(kRefillSeconds - kRefillSeconds / 2));
  EXPECT_EQ(limiter_.Take("192.0.2.1"), 0);
}

TEST_F(SubmissionLimiterTest, AnIdleAddressGetsTheBurstBackButNoMore) {
  ASSERT_EQ(TakeAll("192.0.2.1"), kBurst);
  clock_.Advance(std::chrono::hours(24));
  EXPECT_EQ(TakeAll("192.0.2.1"), kBurst);
}

TEST_F(SubmissionLimiterTest, AddressesAreIsolated) {
  ASSERT_EQ(TakeAll("192.0.2.1"), kBurst);
  EXPECT_GT(limiter_.Take("192.0.2.1"), 0);
  // Another address (and an IPv6 one) still has its whole burst.
  EXPECT_EQ(TakeAll("192.0.2.2"), kBurst);
  EXPECT_EQ(TakeAll("2001:db8::1"), kBurst);
  // And exhausting them did not give the first address anything back.
  EXPECT_GT(limiter_.Take("192.0.2.1"), 0);
}

TEST_F(SubmissionLimiterTest, SubmissionsAndWithdrawalsShareTheAddressBudget) {
  // The handlers of /opposition, /opposition/statut and /opposition/retrait
  // all call Take(client address): a withdrawal after a burst of submissions
  // from the same address waits too.
  ASSERT_EQ(TakeAll("192.0.2.1", kBurst - 1), kBurst - 1);  // submissions
  EXPECT_EQ(limiter_.Take("192.0.2.1"), 0);                 // the withdrawal: last token
  EXPECT_EQ(limiter_.Take("192.0.2.1"), kRefillSeconds);    // its confirmation waits
}

TEST_F(SubmissionLimiterTest, AClockStepBackwardsAddsNoSubmissions) {
  ASSERT_EQ(TakeAll("192.0.2.1"), kBurst);
  clock_.Advance(-std::chrono::hours(1));
  EXPECT_EQ(limiter_.Take("192.0.2.1"), kRefillSeconds);
  // Only time moving forward refills: one period later, exactly one.
  clock_.Advance(std::chrono::seconds(kRefillSeconds));
  EXPECT_EQ(limiter_.Take("192.0.2.1"), 0);
  EXPECT_GT(limiter_.Take("192.0.2.1"), 0);
}

TEST_F(SubmissionLimiterTest, ForgetsTheStalestAddressWhenFull) {
  // Fill the table: the first address is the stalest, and exhausted.
  ASSERT_EQ(TakeAll("stale"), kBurst);
  clock_.Advance(std::chrono::seconds(1));
  for (size_t i = 1; i < SubmissionLimiter::kMaxEntries; ++i) {
    ASSERT_EQ(limiter_.Take("a" + std::to_string(i)), 0);
  }
  // A recent address that is exhausted stays remembered.
  ASSERT_EQ(TakeAll("a1"), kBurst - 1);
  // One more address evicts "stale" (the least recently updated), which then
  // starts afresh; "a1" is still limited.
  EXPECT_EQ(limiter_.Take("newcomer"), 0);
  EXPECT_GT(limiter_.Take("a1"), 0);
  EXPECT_EQ(limiter_.Take("stale"), 0);
}

}  // namespace
}  // namespace garant::server
