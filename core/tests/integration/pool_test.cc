// Pool: bounds, waiting, and recovery after a PostgreSQL restart.

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "garant/core/db.h"
#include "pg_cluster.h"

namespace garant::db {
namespace {

using std::chrono::milliseconds;
using testsupport::SharedCluster;
using testsupport::TestCluster;

Status Ping(PooledConnection& c) { return c->Exec("SELECT 1").status(); }

TEST(PoolTest, OpensLazilyAndReusesConnections) {
  Pool pool({SharedCluster().CreateDatabase(), 4, milliseconds(1000)});
  EXPECT_EQ(pool.stats().open, 0u);
  for (int i = 0; i < 5; ++i) {
    Result<PooledConnection> c = pool.Acquire();
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    EXPECT_TRUE(Ping(*c).ok());
    EXPECT_EQ(pool.stats().in_use, 1u);
  }
  Pool::Stats s = pool.stats();
  EXPECT_EQ(s.open, 1u);
  EXPECT_EQ(s.in_use, 0u);
  EXPECT_EQ(s.max_size, 4u);
}

TEST(PoolTest, IsBoundedAndTimesOut) {
  Pool pool({SharedCluster().CreateDatabase(), 2, milliseconds(200)});
  Result<PooledConnection> a = pool.Acquire();
  Result<PooledConnection> b = pool.Acquire();
  ASSERT_TRUE(a.ok() && b.ok());
  const auto t0 = std::chrono::steady_clock::now();
  Result<PooledConnection> c = pool.Acquire();
  const auto waited = std::chrono::steady_clock::now() - t0;
  EXPECT_EQ(c.status().code(), Code::kResourceExhausted);
  EXPECT_GE(waited, milliseconds(190));
  Pool::Stats s = pool.stats();
  EXPECT_EQ(s.open, 2u);
  EXPECT_EQ(s.in_use, 2u);
  EXPECT_EQ(s.acquire_timeouts, 1u);

  // A waiter gets the connection released by another thread.
  Pool slow({SharedCluster().CreateDatabase(), 1, milliseconds(5000)});
  Result<PooledConnection> held = slow.Acquire();
  ASSERT_TRUE(held.ok());
  std::thread releaser([&held] {
    std::this_thread::sleep_for(milliseconds(100));
    PooledConnection gone = std::move(held).value();
  });
  Result<PooledConnection> next = slow.Acquire();
  releaser.join();
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_TRUE(Ping(*next).ok());
}

TEST(PoolTest, RollsBackATransactionLeftOpen) {
  std::string info = SharedCluster().CreateDatabase();
  Pool pool({info, 1, milliseconds(1000)});
  {
    Result<PooledConnection> c = pool.Acquire();
    ASSERT_TRUE(c.ok());
    ASSERT_TRUE((*c)->ExecScript("CREATE TABLE t (x int)").ok());
    ASSERT_TRUE((*c)->ExecScript("BEGIN; INSERT INTO t VALUES (1)").ok());
    EXPECT_TRUE((*c)->InTransaction());
  }
  Result<PooledConnection> c = pool.Acquire();
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE((*c)->InTransaction());
  Result<Rows> n = (*c)->Exec("SELECT count(*) FROM t");
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(n->Int(0, 0), 0);
}

TEST(PoolTest, DiscardsConnectionsTheServerClosed) {
  std::string info = SharedCluster().CreateDatabase();
  Pool pool({info, 2, milliseconds(1000)});
  int64_t pid = 0;
  {
    Result<PooledConnection> c = pool.Acquire();
    ASSERT_TRUE(c.ok());
    pid = (*c)->Exec("SELECT pg_backend_pid()")->Int(0, 0);
  }
  Result<Connection> admin = Connection::Open(SharedCluster().SuperuserConninfo());
  ASSERT_TRUE(admin.ok());
  ASSERT_TRUE(admin->Exec("SELECT pg_terminate_backend($1, 10000)", {pid}).ok());
  // The idle connection is found dead at Acquire and replaced.
  Result<PooledConnection> c = pool.Acquire();
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_TRUE(Ping(*c).ok());
  EXPECT_EQ(pool.stats().discarded_broken, 1u);
  EXPECT_EQ(pool.stats().open, 1u);
}

TEST(PoolTest, RecoversAfterAServerRestart) {
  TestCluster cluster;  // private: this test stops its server
  ASSERT_TRUE(cluster.status().ok()) << cluster.status().ToString();
  Pool pool({cluster.CreateDatabase(), 2, milliseconds(500)});
  {
    Result<PooledConnection> a = pool.Acquire();
    Result<PooledConnection> b = pool.Acquire();
    ASSERT_TRUE(a.ok() && b.ok());
    ASSERT_TRUE(Ping(*a).ok() && Ping(*b).ok());
  }
  ASSERT_EQ(pool.stats().open, 2u);

  {
    // Borrowed before the stop: Exec fails with kUnavailable.
    Result<PooledConnection> held = pool.Acquire();
    ASSERT_TRUE(held.ok());
    ASSERT_TRUE(cluster.StopServer().ok());
    EXPECT_EQ(Ping(*held).code(), Code::kUnavailable);
    EXPECT_FALSE((*held)->Healthy());
  }
  Result<PooledConnection> down = pool.Acquire();
  EXPECT_EQ(down.status().code(), Code::kUnavailable) << down.status().ToString();
  EXPECT_GE(pool.stats().connect_failures, 1u);
  EXPECT_EQ(pool.stats().in_use, 0u);

  ASSERT_TRUE(cluster.StartServer().ok());
  for (int i = 0; i < 3; ++i) {  // every later Acquire works, idle ones were dropped
    Result<PooledConnection> up = pool.Acquire();
    ASSERT_TRUE(up.ok()) << up.status().ToString();
    EXPECT_TRUE(Ping(*up).ok());
  }
  Pool::Stats s = pool.stats();
  EXPECT_EQ(s.open, 1u);
  EXPECT_EQ(s.in_use, 0u);
  EXPECT_EQ(s.discarded_broken, 2u);
}

TEST(PoolTest, ConcurrentUseStaysWithinTheBound) {
  Pool pool({SharedCluster().CreateDatabase(), 3, milliseconds(10000)});
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        Result<PooledConnection> c = pool.Acquire();
        if (!c.ok() || !Ping(*c).ok()) {
          ++failures;
        }
        if (pool.stats().open > 3) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  EXPECT_EQ(failures.load(), 0);
  EXPECT_LE(pool.stats().open, 3u);
}

}  // namespace
}  // namespace garant::db
