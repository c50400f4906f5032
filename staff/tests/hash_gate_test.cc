#include "garant/staff/hash_gate.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace garant::staff {
namespace {

TEST(HashGateTest, RefusesAtOnceBeyondRunningAndWaiting) {
  HashGate gate(1, 1);
  auto first = gate.Enter();
  ASSERT_TRUE(first.has_value());
  std::atomic<bool> waiter_entered{false};
  std::thread waiter([&] {
    auto p = gate.Enter();  // waits for `first`
    waiter_entered = p.has_value();
  });
  while (gate.waiting() == 0) std::this_thread::yield();
  auto third = gate.Enter();  // one running, one waiting: refused at once
  EXPECT_FALSE(third.has_value());
  EXPECT_FALSE(waiter_entered);
  first.reset();  // frees the place: the waiter enters
  waiter.join();
  EXPECT_TRUE(waiter_entered);
  EXPECT_EQ(gate.running(), 0);
}

TEST(HashGateTest, NeverMoreThanMaxRunning) {
  HashGate gate(2, 100);
  std::atomic<int> inside{0};
  std::atomic<int> most{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        auto p = gate.Enter();
        ASSERT_TRUE(p.has_value());
        int now = ++inside;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::yield();
        --inside;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_LE(most.load(), 2);
  EXPECT_GE(most.load(), 1);
}

}  // namespace
}  // namespace garant::staff
